import { SottoError } from '../../errors/index.js';
import { RtpPacer } from './rtp-pacer.js';
import type { InboundRtp } from './types.js';
import { loadWerift, PCMU_PAYLOAD_TYPE, peerConfig, withoutImplicitStun } from './werift.js';

/**
 * A werift peer on this machine playing the browser's part: the boot-time warm-up, the
 * end-to-end tests and the setup benchmark. Full ICE (it sends the checks an ICE-lite server
 * answers), with werift's implicit Google STUN query removed (werift issue #691), bound to one
 * local address. Not a way in: it only ever talks to the answer it is given.
 */
export interface LoopbackCaller {
  /** The offer (non-trickle: gathering is complete). */
  readonly offerSdp: string;
  /** Resolves when ICE and DTLS are done; rejects on failure or after `timeoutMs`. */
  accept(answerSdp: string, timeoutMs?: number): Promise<void>;
  onRtp(listener: (rtp: InboundRtp) => void): void;
  /** Queues 160-byte mu-law frames, sent one per 20 ms once connected. */
  send(frames: readonly Buffer[]): void;
  readonly queuedFrames: number;
  /** Stops sending (a browser that froze or was killed) without closing. */
  mute(): void;
  close(): Promise<void>;
}

export async function openLoopbackCaller(options: { address: string }): Promise<LoopbackCaller> {
  const w = await loadWerift();
  const pc = new w.RTCPeerConnection(peerConfig(w, 'caller', { address: options.address }));
  const mic = new w.MediaStreamTrack({ kind: 'audio' });
  pc.addTransceiver(mic, { direction: 'sendrecv' });
  withoutImplicitStun(pc);
  const pacer = new RtpPacer((p) => {
    mic.writeRtp(new w.RtpPacket(new w.RtpHeader({ payloadType: PCMU_PAYLOAD_TYPE, sequenceNumber: p.sequenceNumber, timestamp: p.timestamp, marker: p.marker }), p.payload));
  });
  const listeners: ((rtp: InboundRtp) => void)[] = [];
  pc.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      const { payloadType, sequenceNumber, timestamp, marker } = rtp.header;
      if (payloadType !== PCMU_PAYLOAD_TYPE) return;
      for (const listener of listeners) listener({ kind: 'pcmu', sequenceNumber, timestamp, marker, payload: rtp.payload });
    });
  });
  const connected = new Promise<void>((resolve, reject) => {
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') resolve();
      if (state === 'failed' || state === 'closed') reject(new SottoError('WEBRTC_CONNECTION_FAILED', `the loopback caller's connection ${state}`));
    });
  });
  connected.catch(() => undefined);
  await pc.setLocalDescription(await pc.createOffer());
  const offerSdp = pc.localDescription?.sdp ?? '';
  let muted = false;
  return {
    offerSdp,
    async accept(answerSdp, timeoutMs = 10_000) {
      await pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SottoError('WEBRTC_CONNECTION_FAILED', `the loopback caller did not connect within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([connected, timeout]);
      } finally {
        clearTimeout(timer);
      }
      if (!muted) pacer.start();
    },
    onRtp: (listener) => void listeners.push(listener),
    send: (frames) => {
      if (!muted) pacer.push(frames);
    },
    get queuedFrames() {
      return pacer.queuedFrames;
    },
    mute() {
      muted = true;
      pacer.stop();
    },
    async close() {
      pacer.stop();
      await pc.close();
    },
  };
}
