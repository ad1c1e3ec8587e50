export { BODY_LIMIT_BYTES, REQUEST_TIMEOUT_MS, buildApp } from './app.js';
export type { AppOptions, SottoApp } from './app.js';
export { errorBody, handleFrameworkError, handleNotFound, handleRequestError } from './errors.js';
export type { ErrorBody } from './errors.js';
export { packageVersion } from './health.js';
export { SECURITY_HEADERS, setSecurityHeaders } from './security-headers.js';
export { startServer } from './start.js';
export type { RunningServer, ServerOptions } from './start.js';
export {
  SELF_SIGNED_CERT_FILE,
  SELF_SIGNED_HOSTS,
  SELF_SIGNED_KEY_FILE,
  loadServerCertificate,
} from './tls-certificate.js';
export type { LoadedCertificate, TlsFileOptions } from './tls-certificate.js';
export { TLS_CIPHERS, TLS_HANDSHAKE_TIMEOUT_MS, TLS_MIN_VERSION, httpsServerOptions } from './tls-policy.js';
export type { ServerCertificate } from './tls-policy.js';
