// The console's session cookie and its CSRF rule (docs/console.md). A browser's <audio> element
// cannot send an Authorization header, and a token kept in JS storage is readable by any script
// that gets in (XSS), so the console's session travels in an HttpOnly cookie instead; bearer
// tokens keep working for every other client.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerFromHeader } from '../access/identity/index.js';
import { SottoError } from '../errors/index.js';

/**
 * `__Host-` (RFC 6265bis §4.1.3.2): the browser accepts it only with Secure, Path=/ and no
 * Domain, so a sibling subdomain cannot plant or shadow it (cookie tossing).
 */
export const SESSION_COOKIE = '__Host-sotto_session';
const TOKEN_SHAPE = /^[A-Za-z0-9._~+/-]+=*$/;
const SAFE_METHODS = new Set(['GET', 'HEAD']);

export interface SessionCredential {
  token: string;
  via: 'bearer' | 'cookie';
}

/** The session cookie's values in a Cookie header; more than one is refused by the caller. */
function cookieValues(header: string | undefined): string[] {
  if (header === undefined) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

/**
 * The credential a request presents: the Authorization header when there is one (it wins, so an
 * API client is never confused by a stray cookie), else the console's session cookie.
 */
export function credentialOf(request: FastifyRequest): SessionCredential {
  if (request.headers.authorization !== undefined) return { token: bearerFromHeader(request.headers.authorization), via: 'bearer' };
  const values = cookieValues(request.headers.cookie);
  if (values.length === 0) throw new SottoError('AUTH_REQUIRED');
  // Two session cookies means something planted one; trust neither. The value is attacker-controlled.
  const [token] = values;
  if (values.length > 1 || token === undefined || !TOKEN_SHAPE.test(token)) throw new SottoError('AUTH_INVALID', 'the session cookie is malformed');
  return { token, via: 'cookie' };
}

/** The origin this server answers on, from the Host the browser connected to (HTTPS only). */
function ownOrigin(request: FastifyRequest): string | undefined {
  const host = request.headers.host;
  return host === undefined ? undefined : `https://${host.toLowerCase()}`;
}

/**
 * CSRF defence for cookie-authenticated requests that change state (OWASP CSRF Prevention Cheat
 * Sheet, "Verifying origin with standard headers"): browsers send Origin on every non-GET/HEAD
 * fetch, same-origin ones included, and a page cannot forge it. SameSite=Strict already keeps the
 * cookie off cross-site requests; this holds even if a browser ignores SameSite.
 */
export function requireSameOrigin(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  const own = ownOrigin(request);
  if (origin === undefined || own === undefined || origin.toLowerCase() !== own) {
    throw new SottoError('CSRF_ORIGIN_MISMATCH', 'a cookie-authenticated change must come from the console’s own origin');
  }
}

/** Set-Cookie for a new console session; it ends when the session's absolute lifetime does. */
export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: string): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
  void reply.header('set-cookie', `${SESSION_COOKIE}=${token}; Max-Age=${maxAge}; Path=/; Secure; HttpOnly; SameSite=Strict`);
}

/** Set-Cookie that removes the console session from the browser (sign-out). */
export function clearSessionCookie(reply: FastifyReply): void {
  void reply.header('set-cookie', `${SESSION_COOKIE}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict`);
}
