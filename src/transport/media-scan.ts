// The media message as carriers actually write it — compact JSON, keys in a fixed order — read
// without JSON.parse: every 20 ms per call, building the object tree cost more than anything
// else in parsing. Only a message that is exactly that layout, with every field valid, is read
// here; anything else (other key order, whitespace, escapes, unknown fields, a bad value) is
// left to JSON.parse and the validator, so errors and edge cases have one source of truth.
// media-message.test.ts checks the result against the zod reference on generated messages.
import { digitsOf, isSid, type ValidMediaFields } from './media-message.js';

const HEAD = '{"event":"media","sequenceNumber":"';
const SID_KEY = ',"streamSid":"';
const MEDIA_KEY = ',"media":{"track":"';

/** The string after `key` at `at`, up to the next quote, and that quote's index; undefined when `key` is not there. */
function stringAfter(text: string, at: number, key: string): { value: string; end: number } | undefined {
  if (!text.startsWith(key, at)) return undefined;
  const from = at + key.length;
  const end = text.indexOf('"', from);
  return end < 0 ? undefined : { value: text.slice(from, end), end };
}

/**
 * The fields of `text` when it is `{"event":"media","sequenceNumber":…,"streamSid":…,"media":{…}}`
 * (Sotto's client) or `…,"media":{…},"streamSid":…}` (Twilio), compact, with media's keys track,
 * chunk, timestamp, payload; undefined otherwise. A string value ends at the first quote: with no
 * backslash allowed in any value (the validators and the base64 decoder refuse one), that is
 * where JSON would end it too. The payload is not checked here; its decoder does that.
 */
export function scanMediaMessage(text: string): ValidMediaFields | undefined {
  const sequence = stringAfter(text, 0, HEAD);
  const sequenceNumber = sequence && digitsOf(sequence.value);
  if (sequence === undefined || sequenceNumber === undefined) return undefined;
  let at = sequence.end + 1;
  // Sotto's client: the stream id before the media object.
  const sidFirst = stringAfter(text, at, SID_KEY);
  if (sidFirst) at = sidFirst.end + 1;
  if (!text.startsWith(MEDIA_KEY, at)) return undefined;
  at += MEDIA_KEY.length;
  const track = text.startsWith('inbound"', at) ? 'inbound' : text.startsWith('outbound"', at) ? 'outbound' : undefined;
  if (track === undefined) return undefined;
  const chunkField = stringAfter(text, at + track.length, '","chunk":"');
  const chunk = chunkField && digitsOf(chunkField.value);
  if (chunkField === undefined || chunk === undefined) return undefined;
  const timestampField = stringAfter(text, chunkField.end, '","timestamp":"');
  const timestamp = timestampField && digitsOf(timestampField.value);
  if (timestampField === undefined || timestamp === undefined) return undefined;
  const payload = stringAfter(text, timestampField.end, '","payload":"');
  if (payload === undefined) return undefined;
  // Twilio: the stream id after the media object.
  const sidLast = sidFirst ? undefined : stringAfter(text, payload.end + 1, '}' + SID_KEY);
  const streamSid = sidFirst?.value ?? sidLast?.value;
  const tail = sidFirst ? payload.end + 1 : (sidLast?.end ?? -1) + 1;
  const closing = sidFirst ? '}}' : '}';
  if (streamSid === undefined || tail + closing.length !== text.length || !text.endsWith(closing) || !isSid(streamSid)) return undefined;
  return { event: 'media', sequenceNumber, streamSid, media: { track, chunk, timestamp, payload: payload.value } };
}
