export { ERROR_CODES } from './codes.js';
export type { ErrorCode } from './codes.js';
export { SottoError, isSottoError } from './sotto-error.js';
