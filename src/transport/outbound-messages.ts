import { z } from 'zod';
import { SottoError } from '../errors/index.js';
import { decodeMediaPayload, encodeMediaPayload } from './base64-audio.js';

// Messages the media server sends back on a bidirectional stream (Twilio `<Connect><Stream>`):
// media to play, a mark to be echoed when playback reaches it, and clear to drop queued audio.

/** The part of every media message of a stream before its payload; see mediaMessage. */
export function mediaMessagePrefix(streamSid: string): string {
  return `{"event":"media","streamSid":${JSON.stringify(streamSid)},"media":{"payload":"`;
}

/**
 * {"event":"media","streamSid":…,"media":{"payload":…}} built by concatenation: base64 needs no
 * JSON escaping, and an agent line sends hundreds of these back to back.
 */
export function mediaMessage(prefix: string, mulaw: Uint8Array): string {
  return `${prefix}${encodeMediaPayload(mulaw)}"}}`;
}

export function markMessage(streamSid: string, name: string): string {
  return JSON.stringify({ event: 'mark', streamSid, mark: { name } });
}

export function clearMessage(streamSid: string): string {
  return JSON.stringify({ event: 'clear', streamSid });
}

const outboundSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('media'), streamSid: z.string(), media: z.object({ payload: z.string() }) }),
  z.object({ event: z.literal('mark'), streamSid: z.string(), mark: z.object({ name: z.string().min(1).max(256) }) }),
  z.object({ event: z.literal('clear'), streamSid: z.string() }),
]);

export type OutboundMessage =
  | { event: 'media'; streamSid: string; payload: Buffer }
  | { event: 'mark'; streamSid: string; name: string }
  | { event: 'clear'; streamSid: string };

/** The client side's parse of what a media server sent; throws TRANSPORT_MALFORMED_FRAME. */
export function parseOutboundMessage(text: string): OutboundMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SottoError('TRANSPORT_MALFORMED_FRAME', 'a media server message is not valid JSON');
  }
  const parsed = outboundSchema.safeParse(json);
  if (!parsed.success) throw new SottoError('TRANSPORT_MALFORMED_FRAME', 'a media server message is not media, mark or clear');
  const message = parsed.data;
  switch (message.event) {
    case 'media':
      return { event: 'media', streamSid: message.streamSid, payload: decodeMediaPayload(message.media.payload) };
    case 'mark':
      return { event: 'mark', streamSid: message.streamSid, name: message.mark.name };
    case 'clear':
      return { event: 'clear', streamSid: message.streamSid };
  }
}
