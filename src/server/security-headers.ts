import type { FastifyReply, FastifyRequest } from 'fastify';

// Sent on every response, errors and 404s included. The API serves JSON only, so the CSP
// allows nothing to load or frame it (OWASP Secure Headers Project, "REST API" profile).
// A route that serves something else (the console, later) sets its own value first; these
// fill in only what a route did not set.
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  // RFC 6797; one year. No `preload`: deployments choose that for their own domain.
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-frame-options': 'DENY',
  // Answers may carry call data: no shared or browser cache may keep them.
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
});

/** Adds the security headers a route did not set, and the request id operators correlate with logs. */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!reply.hasHeader(name)) reply.header(name, value);
  }
  reply.header('x-request-id', request.id);
}

/** fastify onSend hook: runs for every reply, including error and not-found answers. */
export async function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  setSecurityHeaders(request, reply);
  return payload;
}
