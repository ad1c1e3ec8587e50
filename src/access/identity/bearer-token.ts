import { randomToken, sha256 } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';

/** `sotto_s_…` is a person's session; `sotto_t_…` a service's API token. */
export type BearerTokenKind = 'session' | 'api';

const PREFIX: Record<BearerTokenKind, string> = { session: 'sotto_s_', api: 'sotto_t_' };
const TOKEN_BYTES = 32; // 256 bits: guessing is hopeless, so a plain SHA-256 is a safe stored form
const TOKEN_SHAPE = /^sotto_([st])_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  /** Given to the client once; never stored. */
  token: string;
  /** What is stored and looked up: hex SHA-256 of the whole token. */
  hash: string;
}

export function issueToken(kind: BearerTokenKind): IssuedToken {
  const token = `${PREFIX[kind]}${randomToken(TOKEN_BYTES)}`;
  return { token, hash: tokenHash(token) };
}

export function tokenHash(token: string): string {
  return sha256(Buffer.from(token, 'utf8')).toString('hex');
}

/**
 * The kind of a presented token, from its prefix. The token is attacker-controlled: anything
 * that is not exactly prefix + 43 base64url characters is AUTH_INVALID before any lookup.
 */
export function tokenKind(token: string): BearerTokenKind {
  const match = TOKEN_SHAPE.exec(token);
  if (match === null) throw new SottoError('AUTH_INVALID');
  return match[1] === 's' ? 'session' : 'api';
}

/** Does this look like one of ours (as opposed to, say, an OIDC JWT)? Shape only. */
export function isSottoToken(token: string): boolean {
  return token.startsWith('sotto_');
}

/**
 * The credential of an `Authorization: Bearer <token>` header (RFC 6750 §2.1). A missing
 * header is AUTH_REQUIRED; any other scheme or a malformed value is AUTH_INVALID.
 */
export function bearerFromHeader(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw new SottoError('AUTH_REQUIRED');
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
  if (match?.[1] === undefined) throw new SottoError('AUTH_INVALID', 'the Authorization header is not a Bearer token');
  return match[1];
}
