import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, isSottoError } from '../errors/index.js';
import type { ErrorCode } from '../errors/index.js';
import { setSecurityHeaders } from './security-headers.js';

/** The one shape every error answer has. Never a stack, never the cause. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function errorBody(code: ErrorCode, message: string = ERROR_CODES[code].text): ErrorBody {
  return { error: { code, message } };
}

interface ErrorAnswer {
  code: ErrorCode;
  message: string;
  /** Unexpected failures are logged in full (with the request id); client errors are not. */
  unexpected: boolean;
}

function statusCodeOf(err: unknown): number | undefined {
  const status = typeof err === 'object' && err !== null ? (err as { statusCode?: unknown }).statusCode : undefined;
  return typeof status === 'number' ? status : undefined;
}

// Client errors raised by fastify itself: its FST_* errors, and the JSON body parser's
// SyntaxError (which it marks 400). Nothing else is trusted to choose a 4xx status.
function isFrameworkClientError(err: unknown, status: number | undefined): boolean {
  if (status === undefined || status < 400 || status > 499) return false;
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return (typeof code === 'string' && code.startsWith('FST_')) || err instanceof SyntaxError;
}

function answerFor(err: unknown): ErrorAnswer {
  if (isSottoError(err)) {
    // A 5xx message may name files, hosts or keys: it goes to the log, the client gets the registry line.
    return err.httpStatus >= 500
      ? { code: err.code, message: ERROR_CODES[err.code].text, unexpected: true }
      : { code: err.code, message: err.message, unexpected: false };
  }
  if (typeof err === 'object' && err !== null && 'validation' in err && err instanceof Error) {
    // Ajv messages name the field and the rule ("body/amount must be integer"), not the value.
    return { code: 'USAGE', message: err.message, unexpected: false };
  }
  const status = statusCodeOf(err);
  if (isFrameworkClientError(err, status)) {
    // Not err.message: the JSON parser's message quotes the request body, which may be call data.
    const code: ErrorCode = status === 413 ? 'REQUEST_TOO_LARGE' : status === 415 ? 'MEDIA_TYPE_UNSUPPORTED' : 'USAGE';
    return { code, message: ERROR_CODES[code].text, unexpected: false };
  }
  return { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.text, unexpected: true };
}

function logAnswer(answer: ErrorAnswer, err: unknown, request: FastifyRequest): void {
  if (answer.unexpected) {
    // request.log carries reqId, which the client also sees in x-request-id.
    request.log.error({ err }, 'request failed');
  } else {
    request.log.debug({ code: answer.code }, 'request rejected');
  }
}

/** fastify error handler: maps every failure to an ErrorBody with the registry's status. */
export async function handleRequestError(err: unknown, request: FastifyRequest, reply: FastifyReply): Promise<ErrorBody> {
  const answer = answerFor(err);
  logAnswer(answer, err, request);
  void reply.code(ERROR_CODES[answer.code].status).type('application/json; charset=utf-8');
  return errorBody(answer.code, answer.message);
}

/**
 * fastify `frameworkErrors`: failures before routing (a malformed URL such as `/%zz`). Without
 * it fastify answers in its own format, echoing the path, and skips the onSend hooks, so the
 * security headers are set here directly.
 */
export function handleFrameworkError(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const answer = answerFor(err);
  logAnswer(answer, err, request);
  setSecurityHeaders(request, reply);
  void reply.code(ERROR_CODES[answer.code].status).type('application/json; charset=utf-8').send(errorBody(answer.code, answer.message));
}

/** fastify not-found handler. Also covers unknown methods on known paths (fastify answers 404, not 405). */
export async function handleNotFound(_request: FastifyRequest, reply: FastifyReply): Promise<ErrorBody> {
  void reply.code(404).type('application/json; charset=utf-8');
  return errorBody('NOT_FOUND');
}
