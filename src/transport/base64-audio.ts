import { SottoError } from '../errors/index.js';

/** Mu-law at 8000 Hz is one byte per sample: 8 bytes per millisecond, 160 bytes per 20 ms frame. */
export const MULAW_BYTES_PER_MS = 8;
export const MULAW_FRAME_BYTES = 160;

/**
 * The largest media payload accepted in one message: 200 ms. Twilio sends 20 ms chunks; a bound
 * keeps one message from carrying seconds of audio past the per-frame checks downstream.
 */
export const MAX_MEDIA_PAYLOAD_BYTES = 1600;
const MAX_MEDIA_PAYLOAD_BASE64 = Math.ceil(MAX_MEDIA_PAYLOAD_BYTES / 3) * 4;

// RFC 4648 §4 with padding. Node's decoder silently skips characters outside the alphabet, so
// the shape is checked first: a payload that is not exactly base64 is rejected, not half-read.
// A table lookup per character: this runs for every 20 ms frame of every call, and the
// equivalent regular expression (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/)
// cost several times more.
const ALPHABET = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') ALPHABET[c.charCodeAt(0)] = 1;
const PAD = 0x3d; // '='

export function isPaddedBase64(text: string): boolean {
  const n = text.length;
  if (n % 4 !== 0) return false;
  // At most two '=' and only at the end: "xx==" or "xxx=".
  let end = n;
  if (n > 0 && text.charCodeAt(n - 1) === PAD) end = text.charCodeAt(n - 2) === PAD ? n - 2 : n - 1;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || ALPHABET[c] !== 1) return false;
  }
  return true;
}

/** Decodes a media payload; the error message never includes the payload itself. */
export function decodeMediaPayload(payload: string): Buffer {
  const tooLarge = (): SottoError =>
    new SottoError('TRANSPORT_FRAME_TOO_LARGE', `a media payload may carry at most ${MAX_MEDIA_PAYLOAD_BYTES} bytes of audio`);
  // Checked on the encoded length first, so an oversized payload is never run through the regex.
  if (payload.length > MAX_MEDIA_PAYLOAD_BASE64) throw tooLarge();
  if (payload.length === 0 || !isPaddedBase64(payload)) {
    throw new SottoError('TRANSPORT_MALFORMED_FRAME', 'a media payload is not non-empty padded base64');
  }
  const audio = Buffer.from(payload, 'base64');
  if (audio.length > MAX_MEDIA_PAYLOAD_BYTES) throw tooLarge();
  return audio;
}

export function encodeMediaPayload(mulaw: Uint8Array): string {
  return Buffer.from(mulaw.buffer, mulaw.byteOffset, mulaw.byteLength).toString('base64');
}
