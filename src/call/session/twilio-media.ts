import { mulawDecode, mulawEncode } from '../../audio/index.js';
import type { MediaStreamConnection } from '../../transport/index.js';
import type { CallMedia } from './media-port.js';

/** A Twilio Media Streams connection as the call session's media: mu-law 8 kHz in and out. */
export function twilioCallMedia(connection: MediaStreamConnection): CallMedia {
  return {
    sampleRate: 8000,
    onFrame(listener) {
      connection.on('media', (frame) => {
        if (frame.track === 'inbound') listener({ timestampMs: frame.timestampMs, samples: mulawDecode(frame.payload) });
      });
    },
    onDigit(listener) {
      connection.on('dtmf', (e) => listener(e.digit));
    },
    onMark(listener) {
      connection.on('mark', (e) => listener(e.name));
    },
    onHangup(listener) {
      connection.on('stop', listener);
      connection.on('close', listener);
    },
    onError(listener) {
      connection.on('error', listener);
    },
    play(samples, mark) {
      connection.sendMedia(mulawEncode(samples));
      if (mark) connection.sendMark(mark);
    },
    clear() {
      connection.clear();
    },
    hangup(reason) {
      connection.close(reason);
    },
  };
}
