import type { SottoError } from '../errors/index.js';

// WebSocket close codes (RFC 6455 §7.4.1). The close reason we send is the error code alone:
// it reaches the peer and may be logged there, so it never carries a message or content.
export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_POLICY_VIOLATION = 1008;
export const CLOSE_MESSAGE_TOO_BIG = 1009;
export const CLOSE_INTERNAL_ERROR = 1011;

export function closeCodeFor(reason: SottoError | undefined): number {
  if (reason === undefined) return CLOSE_NORMAL;
  if (reason.code === 'TRANSPORT_FRAME_TOO_LARGE') return CLOSE_MESSAGE_TOO_BIG;
  if (reason.code.startsWith('TRANSPORT_')) return CLOSE_POLICY_VIOLATION;
  return CLOSE_INTERNAL_ERROR;
}
