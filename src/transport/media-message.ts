// The `media` message, validated by hand: it arrives every 20 ms per call, and zod's general
// machinery cost more per frame than the rest of parsing. It accepts and rejects exactly what
// the zod schema in inbound-messages.ts does, and names the same first failing field —
// media-message.test.ts checks both on many generated messages, and bench/calls reports both costs.

/** Plain digit strings that fit a safe integer (Twilio sends numbers as strings). */
const DIGIT_STRING = /^(?:0|[1-9][0-9]{0,14})$/;
/** Twilio SIDs are two letters and 32 hex digits; other carriers use UUIDs. Both fit this bound. */
const SID = /^[A-Za-z0-9_-]{1,64}$/;

export interface ValidMediaFields {
  event: 'media';
  sequenceNumber: number;
  streamSid: string;
  media: { track: 'inbound' | 'outbound'; chunk: number; timestamp: number; payload: string };
}

/** The fields, or the path of the first one (in the schema's order) that is missing or ill-typed. */
export type MediaValidation = { ok: true; value: ValidMediaFields } | { ok: false; path: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function digits(value: unknown): number | undefined {
  return typeof value === 'string' ? digitsOf(value) : undefined;
}

/** A plain digit string's number, or undefined. */
export function digitsOf(value: string): number | undefined {
  return DIGIT_STRING.test(value) ? Number(value) : undefined;
}

export function isSid(value: string): boolean {
  return SID.test(value);
}

/** `json` is an object whose `event` is 'media' (checked by the caller). Unknown fields are dropped, as zod does. */
export function validateMediaMessage(json: Record<string, unknown>): MediaValidation {
  if (json.event !== 'media') return { ok: false, path: 'event' };
  const sequenceNumber = digits(json.sequenceNumber);
  if (sequenceNumber === undefined) return { ok: false, path: 'sequenceNumber' };
  const streamSid = json.streamSid;
  if (typeof streamSid !== 'string' || !SID.test(streamSid)) return { ok: false, path: 'streamSid' };
  const media = json.media;
  if (!isObject(media)) return { ok: false, path: 'media' };
  const track = media.track;
  if (track !== 'inbound' && track !== 'outbound') return { ok: false, path: 'media.track' };
  const chunk = digits(media.chunk);
  if (chunk === undefined) return { ok: false, path: 'media.chunk' };
  const timestamp = digits(media.timestamp);
  if (timestamp === undefined) return { ok: false, path: 'media.timestamp' };
  const payload = media.payload;
  if (typeof payload !== 'string') return { ok: false, path: 'media.payload' };
  return { ok: true, value: { event: 'media', sequenceNumber, streamSid, media: { track, chunk, timestamp, payload } } };
}
