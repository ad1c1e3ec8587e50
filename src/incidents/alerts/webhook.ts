// Alert delivery per the Standard Webhooks specification (standardwebhooks.com, spec v1):
// headers webhook-id, webhook-timestamp (Unix seconds) and webhook-signature
// "v1,<base64 HMAC-SHA256 over `${id}.${timestamp}.${body}`>", keyed with the secret's bytes
// (the secret is "whsec_" + base64). Receivers reject stale timestamps and dedupe on the id.
import { request } from 'node:https';
import { hmacSha256 } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import { requireSecureUrl } from '../../net/index.js';

const SECRET_PREFIX = 'whsec_';
const MIN_SECRET_BYTES = 24;

/** The key bytes of a Standard Webhooks secret; throws ALERT_WEBHOOK_SECRET_INVALID (never echoing it). */
export function webhookKey(secret: string | undefined): Buffer {
  if (secret === undefined || !secret.startsWith(SECRET_PREFIX)) {
    throw new SottoError('ALERT_WEBHOOK_SECRET_INVALID', 'set SOTTO_ALERT_WEBHOOK_SECRET to whsec_ followed by base64 of at least 24 random bytes');
  }
  const b64 = secret.slice(SECRET_PREFIX.length);
  const key = Buffer.from(b64, 'base64');
  // Buffer.from ignores bad characters; a round trip catches a mistyped secret.
  if (key.length < MIN_SECRET_BYTES || key.toString('base64').replace(/=+$/, '') !== b64.replace(/=+$/, '')) {
    throw new SottoError('ALERT_WEBHOOK_SECRET_INVALID', 'SOTTO_ALERT_WEBHOOK_SECRET is not whsec_ + base64 of at least 24 bytes');
  }
  return key;
}

export function signWebhook(key: Uint8Array, id: string, timestampSeconds: number, body: string): string {
  return `v1,${hmacSha256(key, Buffer.from(`${id}.${timestampSeconds}.${body}`, 'utf8')).toString('base64')}`;
}

export interface WebhookTarget {
  url: URL;
  key: Buffer;
  /** PEM of a private CA the endpoint chains to; default: the system's trusted CAs. */
  ca?: string | undefined;
  timeoutMs: number;
}

export function webhookTarget(options: { url: string; secret: string | undefined; ca?: string | undefined; timeoutMs?: number | undefined }): WebhookTarget {
  const url = requireSecureUrl(options.url);
  if (url.protocol !== 'https:') throw new SottoError('PROVIDER_INSECURE_URL', 'the alert webhook must be an https:// URL');
  return { url, key: webhookKey(options.secret), ca: options.ca, timeoutMs: options.timeoutMs ?? 10_000 };
}

/** POST one alert; resolves on a 2xx answer, throws ALERT_DELIVERY_FAILED otherwise. */
export async function deliverWebhook(target: WebhookTarget, id: string, body: string, now: Date): Promise<void> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(target.key, id, timestamp, body),
  };
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(target.url, { method: 'POST', headers, timeout: target.timeoutMs, ...(target.ca ? { ca: target.ca } : {}) }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  }).catch((cause: unknown) => {
    throw new SottoError('ALERT_DELIVERY_FAILED', `alert webhook unreachable: ${(cause as Error).message}`, { cause });
  });
  if (status < 200 || status > 299) throw new SottoError('ALERT_DELIVERY_FAILED', `alert webhook answered ${status}`);
}
