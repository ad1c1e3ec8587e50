import { z } from 'zod';
import { SottoError } from '../errors/index.js';
import { decodeMediaPayload } from './base64-audio.js';
import { validateMediaMessage } from './media-message.js';
import { scanMediaMessage } from './media-scan.js';

// Messages a carrier sends on a Twilio Media Streams socket
// (https://www.twilio.com/docs/voice/media-streams/websocket-messages). Every field is
// attacker-controlled until the stream is authenticated and even after: parse defensively, so
// malformed input yields a coded error, and never echo a value back in an error message.

/** Twilio sends numbers as strings; only plain digit strings that fit a safe integer are numbers. */
const digitString = z
  .string()
  .regex(/^(?:0|[1-9][0-9]{0,14})$/)
  .transform(Number);

/** Twilio SIDs are two letters and 32 hex digits; other carriers use UUIDs. Both fit this bound. */
const sid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

const connectedSchema = z.object({
  event: z.literal('connected'),
  protocol: z.string().max(32),
  version: z.string().max(32),
});

const startSchema = z.object({
  event: z.literal('start'),
  sequenceNumber: digitString,
  streamSid: sid,
  start: z.object({
    streamSid: sid,
    accountSid: sid,
    callSid: sid,
    tracks: z.array(z.enum(['inbound', 'outbound'])).min(1).max(2),
    customParameters: z.unknown().optional(),
    // Structure here; the values are checked separately so an unsupported codec has its own code.
    mediaFormat: z.object({ encoding: z.string().max(64), sampleRate: z.number(), channels: z.number() }),
  }),
});

/** Exported as the reference for media-message.ts (its differential test and bench/calls). */
export const mediaSchema = z.object({
  event: z.literal('media'),
  sequenceNumber: digitString,
  streamSid: sid,
  media: z.object({
    track: z.enum(['inbound', 'outbound']),
    chunk: digitString,
    timestamp: digitString,
    payload: z.string(),
  }),
});

const dtmfSchema = z.object({
  event: z.literal('dtmf'),
  sequenceNumber: digitString,
  streamSid: sid,
  // The sixteen DTMF keys (ITU-T Q.23).
  dtmf: z.object({ track: z.string().max(32), digit: z.string().regex(/^[0-9*#A-D]$/) }),
});

const markSchema = z.object({
  event: z.literal('mark'),
  sequenceNumber: digitString,
  streamSid: sid,
  mark: z.object({ name: z.string().min(1).max(256) }),
});

const stopSchema = z.object({
  event: z.literal('stop'),
  sequenceNumber: digitString,
  streamSid: sid,
  stop: z.object({ accountSid: sid, callSid: sid }),
});

const SCHEMAS = {
  connected: connectedSchema,
  start: startSchema,
  media: mediaSchema,
  dtmf: dtmfSchema,
  mark: markSchema,
  stop: stopSchema,
} as const;

type InboundEvent = keyof typeof SCHEMAS;

export type ConnectedMessage = z.output<typeof connectedSchema>;
export type StartMessage = Omit<z.output<typeof startSchema>, 'start'> & {
  start: Omit<z.output<typeof startSchema>['start'], 'customParameters'> & { customParameters: Readonly<Record<string, string>> };
};
export type MediaMessage = Omit<z.output<typeof mediaSchema>, 'media'> & {
  media: { track: 'inbound' | 'outbound'; chunk: number; timestamp: number; payload: Buffer };
};
export type DtmfMessage = z.output<typeof dtmfSchema>;
export type MarkMessage = z.output<typeof markSchema>;
export type StopMessage = z.output<typeof stopSchema>;
export type InboundMessage = ConnectedMessage | StartMessage | MediaMessage | DtmfMessage | MarkMessage | StopMessage;

const MAX_CUSTOM_PARAMETERS = 64;
const MAX_PARAMETER_NAME = 256;
const MAX_PARAMETER_VALUE = 4096;

/** `<Parameter>` values from the TwiML; a plain object of strings, no prototype keys. */
function customParameters(raw: unknown): Readonly<Record<string, string>> {
  if (raw === undefined) return Object.freeze({});
  const malformed = new SottoError('TRANSPORT_MALFORMED_FRAME', 'start message: field start.customParameters is not an object of strings');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw malformed;
  const entries = Object.entries(raw);
  if (entries.length > MAX_CUSTOM_PARAMETERS) throw malformed;
  for (const [name, value] of entries) {
    const bad = name.length === 0 || name.length > MAX_PARAMETER_NAME || name === '__proto__';
    if (bad || typeof value !== 'string' || value.length > MAX_PARAMETER_VALUE) throw malformed;
  }
  return Object.freeze(Object.fromEntries(entries) as Record<string, string>);
}

const FIELD_NAME = /^[A-Za-z]{1,20}$/;

/** A zod issue path in our own field names only (a record key could be caller content). */
function describePath(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (const part of path) {
    if (typeof part === 'number') parts.push('[]');
    else if (typeof part === 'string' && FIELD_NAME.test(part)) parts.push(part);
    else break;
  }
  return parts.length === 0 ? 'message' : parts.join('.');
}

function isInboundEvent(value: unknown): value is InboundEvent {
  return typeof value === 'string' && Object.hasOwn(SCHEMAS, value);
}

function parseJsonObject(text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SottoError('TRANSPORT_MALFORMED_FRAME', 'a media stream message is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SottoError('TRANSPORT_MALFORMED_FRAME', 'a media stream message is not a JSON object');
  }
  return json as Record<string, unknown>;
}

const illTyped = (event: string, path: string): SottoError =>
  new SottoError('TRANSPORT_MALFORMED_FRAME', `${event} message: field ${path} is missing or ill-typed`);

function parse(text: string, handWrittenMedia: boolean): InboundMessage {
  if (handWrittenMedia) {
    const scanned = scanMediaMessage(text);
    if (scanned) {
      try {
        return { ...scanned, media: { ...scanned.media, payload: decodeMediaPayload(scanned.media.payload) } };
      } catch {
        // A bad payload: the general path below reports it, as for any other layout.
      }
    }
  }
  const json = parseJsonObject(text);
  const event = json.event;
  if (!isInboundEvent(event)) {
    throw new SottoError('TRANSPORT_MALFORMED_FRAME', 'a media stream message has a missing or unknown event');
  }
  if (event === 'media' && handWrittenMedia) {
    const checked = validateMediaMessage(json);
    if (!checked.ok) throw illTyped(event, checked.path);
    const message = checked.value;
    return { ...message, media: { ...message.media, payload: decodeMediaPayload(message.media.payload) } };
  }
  const parsed = SCHEMAS[event].safeParse(json);
  if (!parsed.success) throw illTyped(event, describePath(parsed.error.issues[0]?.path ?? []));
  const message = parsed.data;
  switch (message.event) {
    case 'start':
      return { ...message, start: { ...message.start, customParameters: customParameters(message.start.customParameters) } };
    case 'media':
      return { ...message, media: { ...message.media, payload: decodeMediaPayload(message.media.payload) } };
    default:
      return message;
  }
}

/**
 * Parses one text frame. Throws TRANSPORT_MALFORMED_FRAME (not JSON, not an object, unknown
 * event, missing or ill-typed field) or TRANSPORT_FRAME_TOO_LARGE (media payload over bound).
 * `media` (every 20 ms) is validated by hand (media-message.ts); the rare events by zod.
 */
export function parseInboundMessage(text: string): InboundMessage {
  return parse(text, true);
}

/**
 * The same with every event through zod, media included: the reference the hand-written media
 * validator is tested against (media-message.test.ts) and compared with in bench/calls.
 */
export function parseInboundMessageWithZod(text: string): InboundMessage {
  return parse(text, false);
}
