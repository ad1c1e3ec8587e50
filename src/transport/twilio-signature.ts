import { constantTimeEqual, hmacSha1 } from '../crypto/index.js';

// Twilio request validation (https://www.twilio.com/docs/usage/webhooks/webhooks-security):
// the signed string is the full URL Twilio requested followed by every POST parameter, sorted by
// name, as name‖value with no separators; the signature is base64(HMAC-SHA1(auth token, string)).
// A Media Streams upgrade is a GET, so only the wss:// URL is signed.

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

export function twilioSignature(authToken: string, url: string, params: Record<string, string> = {}): string {
  const signed = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + (params[name] ?? ''), url);
  return hmacSha1(authToken, signed).toString('base64');
}

const DEFAULT_PORTS: Record<string, string> = { 'wss:': '443', 'https:': '443', 'ws:': '80', 'http:': '80' };
const AUTHORITY = /^([a-z]+:)\/\/([^/?#:]+|\[[^\]]+\])(?::(\d+))?/i;

/**
 * The URL as given, plus the same URL with its default port added or removed: Twilio's own
 * helpers accept both, because proxies disagree about whether `:443` is part of the URL.
 */
function urlVariants(url: string): string[] {
  const match = AUTHORITY.exec(url);
  if (match === null) return [url];
  const [authority, protocol = '', host = '', port] = match;
  const defaultPort = DEFAULT_PORTS[protocol.toLowerCase()];
  const rest = url.slice(authority.length);
  if (defaultPort === undefined) return [url];
  if (port === undefined) return [url, `${protocol}//${host}:${defaultPort}${rest}`];
  if (port === defaultPort) return [url, `${protocol}//${host}${rest}`];
  return [url];
}

/**
 * True when `signature` is Twilio's signature of `url` (or its default-port twin). Compared in
 * constant time so a forger learns nothing from response timing.
 */
export function isValidTwilioSignature(authToken: string, url: string, signature: string | undefined): boolean {
  if (signature === undefined || signature.length === 0 || authToken.length === 0) return false;
  const presented = Buffer.from(signature, 'utf8');
  let valid = false;
  for (const candidate of urlVariants(url)) {
    // No early exit: every variant is computed and compared.
    if (constantTimeEqual(Buffer.from(twilioSignature(authToken, candidate), 'utf8'), presented)) valid = true;
  }
  return valid;
}
