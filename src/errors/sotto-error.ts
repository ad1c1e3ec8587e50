import { ERROR_CODES, type ErrorCode } from './codes.js';

/**
 * Every failure Sotto reports carries a code from the registry. Messages never contain
 * conversation content or secrets: they are written to logs and shown to operators.
 */
export class SottoError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code].text, options);
    this.name = 'SottoError';
    this.code = code;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].status;
  }
}

export function isSottoError(err: unknown, code?: ErrorCode): err is SottoError {
  return err instanceof SottoError && (code === undefined || err.code === code);
}
