import { isIP } from 'node:net';
import { SottoError } from '../errors/index.js';

/**
 * Outbound connections to providers (speech, LLM, webhooks) are encrypted: https:// and wss://
 * only. Plain http:// or ws:// is allowed solely to a loopback address and only when a
 * developer asks for it explicitly, so a mistyped config never sends audio or text in clear.
 */
export interface SecureUrlOptions {
  allowInsecureLoopback?: boolean;
}

const SECURE = new Set(['https:', 'wss:']);
const INSECURE = new Set(['http:', 'ws:']);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

/** Parses `raw` and returns it if it may carry conversation data; throws PROVIDER_INSECURE_URL otherwise. */
export function requireSecureUrl(raw: string, options: SecureUrlOptions = {}): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new SottoError('PROVIDER_INSECURE_URL', 'the provider URL does not parse', { cause });
  }
  if (SECURE.has(url.protocol)) return url;
  if (INSECURE.has(url.protocol) && options.allowInsecureLoopback === true && isLoopbackHost(url.hostname)) return url;
  throw new SottoError(
    'PROVIDER_INSECURE_URL',
    `${url.protocol}// is refused for ${url.hostname}; use https:// or wss://` +
      (INSECURE.has(url.protocol) ? ' (plain is allowed only to loopback with allowInsecureLoopback)' : ''),
  );
}
