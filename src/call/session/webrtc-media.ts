import { mulawDecode, mulawEncode } from '../../audio/index.js';
import { SottoError } from '../../errors/index.js';
import { TelephoneEvents, type InboundRtp, type WebrtcPeer } from '../../transport/webrtc/index.js';
import type { CallMedia } from './media-port.js';

export interface WebrtcMediaOptions {
  /** ICE + DTLS must be done this long after the answer, or the call ends (WEBRTC_CONNECTION_FAILED). */
  setupTimeoutMs: number;
  /** The call ends (TRANSPORT_IDLE_TIMEOUT) after this long without RTP from the browser. */
  noAudioTimeoutMs: number;
}

const FRAME_BYTES = 160; // 20 ms of 8 kHz mu-law
/** Larger payloads are not a browser's PCMU (ptime ≤ 120 ms) and are dropped. */
const MAX_PAYLOAD_BYTES = 960;
const MULAW_SILENCE = 0xff;

/**
 * A browser's WebRTC peer as the call session's media: 8 kHz mu-law in and out like a phone
 * line, keypad digits from RFC 4733 telephone-events, marks reached when the pacer has sent the
 * audio before them (WebRTC has no far-end mark). An ICE-lite server never learns that a
 * browser vanished (no consent checks of its own, RFC 7675), so silence on the wire ends the
 * call: browsers send PCMU continuously, 50 packets a second, even when the microphone is quiet.
 */
export function webrtcCallMedia(peer: WebrtcPeer, options: WebrtcMediaOptions): CallMedia {
  const frameListeners: ((frame: { timestampMs: number; samples: Int16Array }) => void)[] = [];
  const digitListeners: ((digit: string) => void)[] = [];
  const markListeners: ((name: string) => void)[] = [];
  const hangupListeners: (() => void)[] = [];
  const errorListeners: ((err: SottoError) => void)[] = [];
  const keypad = new TelephoneEvents();
  let ended = false;
  let noAudio: NodeJS.Timeout | undefined;
  // The RTP clock, unwrapped (32-bit timestamps wrap after ~6 days at 8 kHz) and relative to
  // the first packet: call time 0 is the first audio heard.
  let firstTimestamp: number | undefined;
  let lastTimestamp = 0;
  let extended = 0;

  const end = (err?: SottoError): void => {
    if (ended) return;
    ended = true;
    clearTimeout(setup);
    clearTimeout(noAudio);
    void peer.close();
    if (err) for (const listener of errorListeners) listener(err);
    else for (const listener of hangupListeners) listener();
  };
  const setup = setTimeout(() => end(new SottoError('WEBRTC_CONNECTION_FAILED')), options.setupTimeoutMs);
  const heard = (): void => {
    clearTimeout(noAudio);
    noAudio = setTimeout(() => end(new SottoError('TRANSPORT_IDLE_TIMEOUT', `no audio from the browser for ${options.noAudioTimeoutMs} ms`)), options.noAudioTimeoutMs);
  };

  const callTimeMs = (timestamp: number): number => {
    if (firstTimestamp === undefined) {
      firstTimestamp = timestamp;
      lastTimestamp = timestamp;
    }
    extended += (timestamp - lastTimestamp) | 0; // signed 32-bit step: wraps and reordering both work
    lastTimestamp = timestamp;
    return extended / 8;
  };

  const receive = (rtp: InboundRtp): void => {
    if (ended) return;
    heard();
    if (rtp.kind === 'telephone-event') {
      const digit = keypad.accept(rtp.timestamp, rtp.payload);
      if (digit !== undefined) for (const listener of digitListeners) listener(digit);
      return;
    }
    if (rtp.payload.length === 0 || rtp.payload.length > MAX_PAYLOAD_BYTES) return;
    const startMs = callTimeMs(rtp.timestamp);
    if (startMs < 0) return; // arrived late, from before the first packet
    for (let at = 0; at < rtp.payload.length; at += FRAME_BYTES) {
      const samples = mulawDecode(rtp.payload.subarray(at, Math.min(at + FRAME_BYTES, rtp.payload.length)));
      for (const listener of frameListeners) listener({ timestampMs: startMs + at / 8, samples });
    }
  };

  peer.onRtp(receive);
  peer.onStateChange((state) => {
    if (state === 'connected') {
      clearTimeout(setup);
      heard();
    } else if (state === 'closed') {
      end();
    } else {
      end(new SottoError('WEBRTC_CONNECTION_FAILED', 'the WebRTC connection failed'));
    }
  });

  return {
    sampleRate: 8000,
    onFrame: (listener) => void frameListeners.push(listener),
    onDigit: (listener) => void digitListeners.push(listener),
    onMark: (listener) => void markListeners.push(listener),
    onHangup: (listener) => void hangupListeners.push(listener),
    onError: (listener) => void errorListeners.push(listener),
    play(samples, mark) {
      if (ended) return;
      const encoded = mulawEncode(samples);
      const frames: Buffer[] = [];
      for (let at = 0; at < encoded.length; at += FRAME_BYTES) {
        const frame = Buffer.alloc(FRAME_BYTES, MULAW_SILENCE);
        encoded.subarray(at, at + FRAME_BYTES).copy(frame);
        frames.push(frame);
      }
      peer.send(frames, mark === undefined ? undefined : () => {
        for (const listener of markListeners) listener(mark);
      });
    },
    clear() {
      peer.clear();
    },
    // Our side ends the call (the session, or DELETE /v1/calls/webrtc/:id): like a carrier's
    // close, the session hears a hang-up; a reason it gives is already its own.
    hangup() {
      end();
    },
  };
}
