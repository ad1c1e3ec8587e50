export { isLoopbackHost, requireSecureUrl } from './secure-url.js';
export type { SecureUrlOptions } from './secure-url.js';
