// What the logger never prints. DESIGN.md invariant 1: no conversation content (audio,
// transcript, token values) and no credential reaches a log line. Redaction is by key name, so
// a value logged under an unlisted key is not caught: log identifiers and counts, not content.

/** Keys whose values are censored wherever they appear (up to REDACT_MAX_DEPTH levels deep). */
export const SENSITIVE_KEYS = [
  // credentials and key material
  'password',
  'passphrase',
  'secret',
  'clientSecret',
  'client_secret',
  'masterSecret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'apiKey',
  'api_key',
  'privateKey',
  'pin',
  // HTTP headers that carry credentials or request signatures
  'authorization',
  'cookie',
  'set-cookie',
  'x-twilio-signature',
  'x-api-key',
  // conversation content
  'transcript',
  'text',
  'audio',
  'payload',
  'utterance',
  // payment and identity data (PCI DSS 3.3/3.4: no PAN or card security code in logs)
  'card',
  'cardNumber',
  'card_number',
  'pan',
  'cvv',
  'cvc',
  'ssn',
  'accountNumber',
  'account_number',
] as const;

/**
 * pino's redact paths have no "any depth" wildcard: `*.password` matches one level down only.
 * The list therefore spells out every depth up to this bound (`req.headers.authorization` is
 * depth 2, `call.turns.0.text` depth 3). Values nested deeper are NOT redacted: keep logged
 * objects shallow. Each extra depth costs ~30 µs per emitted line (37 keys, Node 20).
 */
export const REDACT_MAX_DEPTH = 3;

export const REDACT_CENSOR = '[REDACTED]';

// Bracket notation works for every key, including those with '-' (header names).
function pathsFor(key: string): string[] {
  const paths: string[] = [];
  for (let depth = 0; depth <= REDACT_MAX_DEPTH; depth += 1) {
    const prefix = Array.from({ length: depth }, () => '*').join('.');
    paths.push(`${prefix}[${JSON.stringify(key)}]`);
  }
  return paths;
}

/** The full list handed to pino; exported so a review can read exactly what is covered. */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  // Named explicitly as well: these are the request fields most likely to carry secrets.
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  ...SENSITIVE_KEYS.flatMap(pathsFor),
]);
