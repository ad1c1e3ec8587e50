// `sotto_m_` + 256 random bits (base64url): guessing is hopeless, so a plain SHA-256 is a safe
// stored form (as for API tokens, src/access/identity/bearer-token.ts). Its own prefix keeps it
// apart from API and session tokens: neither authenticates a stream, and it authenticates nothing else.
export const STREAM_TOKEN_PREFIX = 'sotto_m_';
export const STREAM_TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^sotto_m_[A-Za-z0-9_-]{43}$/;

/** Shape only: whether a presented token could be a stream token (it is attacker-controlled). */
export function isStreamTokenShape(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}
