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
const CHUNK_KEY = '","chunk":"';
const TIMESTAMP_KEY = '","timestamp":"';
const PAYLOAD_KEY = '","payload":"';

/**
 * The fields of `text` when it is `{"event":"media","sequenceNumber":…,"streamSid":…,"media":{…}}`
 * (Sotto's client) or `…,"media":{…},"streamSid":…}` (Twilio), compact, with media's keys track,
 * chunk, timestamp, payload; undefined otherwise. A string value ends at the first quote: with no
 * backslash allowed in any value (the validators and the base64 decoder refuse one), that is
 * where JSON would end it too. The payload is not checked here; its decoder does that.
 */
export function scanMediaMessage(text: string): ValidMediaFields | undefined {
  if (!text.startsWith(HEAD)) return undefined;
  let at = HEAD.length;
  let end = text.indexOf('"', at);
  if (end < 0) return undefined;
  const sequenceNumber = digitsOf(text.slice(at, end));
  if (sequenceNumber === undefined) return undefined;
  at = end + 1;
  let streamSid: string | undefined;
  if (text.startsWith(SID_KEY, at)) {
    at += SID_KEY.length;
    end = text.indexOf('"', at);
    if (end < 0) return undefined;
    streamSid = text.slice(at, end);
    at = end + 1;
  }
  if (!text.startsWith(MEDIA_KEY, at)) return undefined;
  at += MEDIA_KEY.length;
  let track: 'inbound' | 'outbound';
  if (text.startsWith('inbound', at)) track = 'inbound';
  else if (text.startsWith('outbound', at)) track = 'outbound';
  else return undefined;
  at += track.length;
  if (!text.startsWith(CHUNK_KEY, at)) return undefined;
  at += CHUNK_KEY.length;
  end = text.indexOf('"', at);
  const chunk = end < 0 ? undefined : digitsOf(text.slice(at, end));
  if (chunk === undefined) return undefined;
  at = end;
  if (!text.startsWith(TIMESTAMP_KEY, at)) return undefined;
  at += TIMESTAMP_KEY.length;
  end = text.indexOf('"', at);
  const timestamp = end < 0 ? undefined : digitsOf(text.slice(at, end));
  if (timestamp === undefined) return undefined;
  at = end;
  if (!text.startsWith(PAYLOAD_KEY, at)) return undefined;
  at += PAYLOAD_KEY.length;
  end = text.indexOf('"', at);
  if (end < 0) return undefined;
  const payload = text.slice(at, end);
  at = end + 1;
  if (streamSid === undefined) {
    // Twilio's order: the stream id after the media object.
    if (!text.startsWith('}' + SID_KEY, at)) return undefined;
    at += 1 + SID_KEY.length;
    end = text.indexOf('"', at);
    if (end < 0) return undefined;
    streamSid = text.slice(at, end);
    at = end + 1;
    if (at !== text.length - 1 || text.charCodeAt(at) !== 0x7d) return undefined;
  } else if (at !== text.length - 2 || !text.endsWith('}}')) return undefined;
  if (!isSid(streamSid)) return undefined;
  return { event: 'media', sequenceNumber, streamSid, media: { track, chunk, timestamp, payload } };
}
