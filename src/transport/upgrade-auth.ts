import type { IncomingMessage } from 'node:http';
import { SottoError, isSottoError } from '../errors/index.js';
import type { SignatureReplayGuard } from './signature-replay-cache.js';
import { TWILIO_SIGNATURE_HEADER, isValidTwilioSignature } from './twilio-signature.js';
import type { StreamGrant } from './types.js';

export interface UpgradeAuthOptions {
  twilioAuthToken?: string;
  publicBaseUrl?: string;
  authorizeStreamToken?: (token: string) => Promise<StreamGrant | undefined>;
  /** Accepted Twilio signatures; a repeat is TRANSPORT_SIGNATURE_REPLAYED. */
  replays?: SignatureReplayGuard;
  /** How long the token authority may take before the upgrade is refused. */
  authorizeTimeoutMs: number;
}

export type StreamPathMatch =
  | { kind: 'other' }
  | { kind: 'invalid' }
  | { kind: 'stream'; token: string | undefined };

// Unreserved URI characters (RFC 3986 §2.3): base64url tokens and JWTs fit, nothing needs decoding.
const TOKEN = /^[A-Za-z0-9._~-]{1,2048}$/;

/**
 * Whether an upgrade is for this endpoint: exactly `path`, or `path/<token>`. Matching is on the
 * raw request target, not a normalized URL, so `/v1/media-stream/../x` is nobody's stream.
 */
export function matchStreamPath(path: string, requestUrl: string | undefined): StreamPathMatch {
  const target = requestUrl ?? '';
  const query = target.indexOf('?');
  const pathname = query === -1 ? target : target.slice(0, query);
  if (pathname === path) return { kind: 'stream', token: undefined };
  if (!pathname.startsWith(`${path}/`)) return { kind: 'other' };
  const rest = pathname.slice(path.length + 1);
  if (rest.includes('/')) return { kind: 'invalid' };
  // A malformed token is still a token: refuse it as an authentication failure, not a 404.
  return { kind: 'stream', token: rest };
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer ([^\s]+)$/i.exec(header);
  if (match === null) throw new SottoError('TRANSPORT_AUTH_FAILED', 'the Authorization header is not a Bearer token');
  return match[1];
}

/** The URL Twilio requested: the configured public origin when behind a proxy, else the Host header. */
function signedUrl(req: IncomingMessage, publicBaseUrl: string | undefined): string {
  const target = req.url ?? '/';
  if (publicBaseUrl !== undefined) return publicBaseUrl.replace(/\/+$/, '') + target;
  const host = req.headers.host;
  if (host === undefined || host.length === 0) throw new SottoError('TRANSPORT_AUTH_FAILED', 'the upgrade has no Host header to verify the signature against');
  return `wss://${host}${target}`;
}

const REFUSALS: ReadonlySet<string> = new Set(['TRANSPORT_AUTH_FAILED', 'TRANSPORT_STREAM_TOKEN_USED', 'TRANSPORT_STREAM_TOKEN_EXPIRED']);

async function authorizeToken(token: string, options: UpgradeAuthOptions): Promise<StreamGrant> {
  const authorize = options.authorizeStreamToken;
  if (authorize === undefined) throw new SottoError('TRANSPORT_AUTH_FAILED', 'a stream token was presented but no token authority is configured');
  if (!TOKEN.test(token)) throw new SottoError('TRANSPORT_AUTH_FAILED', 'the stream token is malformed');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SottoError('TRANSPORT_AUTH_FAILED', 'the stream token check timed out')), options.authorizeTimeoutMs);
  });
  let grant: StreamGrant | undefined;
  try {
    grant = await Promise.race([authorize(token), deadline]);
  } catch (cause) {
    // Fail closed: an authority that throws (store down, bug) grants nothing. Its own refusals
    // (used, expired, unknown token) keep their codes for the audit entry.
    if (isSottoError(cause) && REFUSALS.has(cause.code)) throw cause;
    throw new SottoError('TRANSPORT_AUTH_FAILED', 'the stream token could not be checked', { cause });
  } finally {
    clearTimeout(timer);
  }
  if (grant === undefined || typeof grant.tenantId !== 'string' || grant.tenantId.length === 0) {
    throw new SottoError('TRANSPORT_AUTH_FAILED', 'the stream token is not valid');
  }
  return grant;
}

/**
 * Authenticates a media stream upgrade; throws TRANSPORT_AUTH_FAILED (or a more specific
 * TRANSPORT_STREAM_TOKEN_USED / _EXPIRED / TRANSPORT_SIGNATURE_REPLAYED). With a Twilio auth
 * token configured the X-Twilio-Signature is required, once (and a token, if one is also
 * presented, must be valid too and is consumed); without one a per-stream token is required.
 * Messages name the check, never a value.
 */
export async function authenticateUpgrade(
  req: IncomingMessage,
  pathToken: string | undefined,
  options: UpgradeAuthOptions,
): Promise<StreamGrant | undefined> {
  const headerToken = bearerToken(req);
  if (pathToken !== undefined && headerToken !== undefined) {
    throw new SottoError('TRANSPORT_AUTH_FAILED', 'a stream token was presented both in the path and in the Authorization header');
  }
  const token = pathToken ?? headerToken;
  if (options.twilioAuthToken !== undefined) {
    const signature = req.headers[TWILIO_SIGNATURE_HEADER];
    const presented = typeof signature === 'string' ? signature : undefined;
    if (presented === undefined) throw new SottoError('TRANSPORT_AUTH_FAILED', 'the upgrade carries no X-Twilio-Signature');
    if (!isValidTwilioSignature(options.twilioAuthToken, signedUrl(req, options.publicBaseUrl), presented)) {
      throw new SottoError('TRANSPORT_AUTH_FAILED', 'the X-Twilio-Signature does not match');
    }
    const grant = token === undefined ? undefined : await authorizeToken(token, options);
    // Claimed last, so a refusal above does not burn a signature; a replay with a token in the
    // path is refused above anyway (the token is used).
    if (options.replays !== undefined && !(await options.replays.claim(presented))) throw new SottoError('TRANSPORT_SIGNATURE_REPLAYED');
    return grant;
  }
  if (token === undefined) throw new SottoError('TRANSPORT_AUTH_FAILED', 'the upgrade carries no stream token');
  return authorizeToken(token, options);
}
