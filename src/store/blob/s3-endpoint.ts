import { SottoError } from '../../errors/index.js';

/** Hosts a plain http:// endpoint may name: traffic to them never leaves the machine. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Sotto never sends data in plaintext over a network, ciphertext included: an S3 endpoint
 * must be https://, except on loopback (a local MinIO, or a test server).
 */
export function checkS3Endpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (err) {
    // Not echoed: a malformed URL may still carry a secret.
    throw new SottoError('CONFIG_INVALID', 'The S3 endpoint is not a valid URL.', { cause: err });
  }
  if (url.username !== '' || url.password !== '') {
    throw new SottoError('CONFIG_INVALID', 'The S3 endpoint must not carry credentials; configure them separately.');
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return url;
  throw new SottoError(
    'CONFIG_INVALID',
    `S3 endpoint ${url.origin} is refused: blobs travel only over https:// (plain http:// only to loopback).`,
  );
}
