import type { SecureVersion } from 'node:tls';

// TLS settings for every listener Sotto opens. TLS 1.2 is the floor (PCI DSS 4.2.1 "strong
// cryptography"; RFC 8996 deprecates 1.0 and 1.1). For TLS 1.2 only forward-secret ECDHE with
// AEAD ciphers are offered (the Mozilla "intermediate" list without DHE); TLS 1.3 suites are
// all AEAD. No CBC, no RSA key exchange, no SHA-1 MACs.
export const TLS_MIN_VERSION: SecureVersion = 'TLSv1.2';

export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

// A client that opens a connection and never finishes the handshake holds a socket; the Node
// default waits 120 s.
export const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface ServerCertificate {
  /** PEM certificate (chain), leaf first. */
  cert: string;
  /** PEM private key. */
  key: string;
}

/** Options for `https.createServer`, as fastify's `https` option takes them. */
export function httpsServerOptions(certificate: ServerCertificate) {
  return {
    cert: certificate.cert,
    key: certificate.key,
    minVersion: TLS_MIN_VERSION,
    ciphers: TLS_CIPHERS,
    honorCipherOrder: true,
    handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS,
  };
}
