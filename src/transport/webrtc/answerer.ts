import type { RTCPeerConnection } from 'werift';
import { SottoError, isSottoError } from '../../errors/index.js';
import { restrictAnswerCandidates } from './answer-candidates.js';
import { checkOffer } from './offer.js';
import { RtpPacer } from './rtp-pacer.js';
import type { InboundRtp, PeerState, WebrtcPeer } from './types.js';
import { loadWerift, peerConfig, withoutImplicitStun, type WeriftModule } from './werift.js';

export interface AnswererOptions {
  hostAddress: string;
  announcedAddress?: string | undefined;
  portRange?: [number, number] | undefined;
  /** Peers open at once; more are refused (TRANSPORT_OVERLOADED). */
  maxPeers: number;
}

/** Answers browser offers with ICE-lite, DTLS-SRTP, PCMU-only peers (docs/webrtc.md). */
export class WebrtcAnswerer {
  private readonly open = new Set<WebrtcPeer>();
  private closing = false;

  private constructor(
    private readonly w: WeriftModule,
    private readonly options: AnswererOptions,
  ) {}

  /** Loads werift (lazily, once per process). */
  static async create(options: AnswererOptions): Promise<WebrtcAnswerer> {
    return new WebrtcAnswerer(await loadWerift(), options);
  }

  get openPeers(): number {
    return this.open.size;
  }

  /**
   * Checks the offer (WEBRTC_OFFER_INVALID), negotiates PCMU and answers. ICE candidate
   * gathering is host-only on the configured address, so it completes inside this call.
   */
  async answer(offerSdp: unknown, limits: { ignoreMaxPeers?: boolean } = {}): Promise<WebrtcPeer> {
    const offer = checkOffer(offerSdp);
    if (this.closing) throw new SottoError('TRANSPORT_OVERLOADED', 'the server is shutting down');
    if (!limits.ignoreMaxPeers && this.open.size >= this.options.maxPeers) throw new SottoError('TRANSPORT_OVERLOADED', 'too many WebRTC calls at once');
    const pc = new this.w.RTCPeerConnection(peerConfig(this.w, 'answerer', { address: this.options.hostAddress, portRange: this.options.portRange }));
    try {
      return await this.negotiate(pc, offer);
    } catch (err) {
      await pc.close().catch(() => undefined);
      if (isSottoError(err)) throw err;
      // werift's own words for a refused offer ("negotiate codecs failed.") are not part of our API.
      const message = err instanceof Error && /codec/i.test(err.message) ? 'the offer has no codec in common with Sotto (PCMU)' : 'the offer could not be negotiated';
      throw new SottoError('WEBRTC_OFFER_INVALID', message, { cause: err });
    }
  }

  /** Closes every open peer (server shutdown); later offers are refused. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.open].map((peer) => peer.close()));
  }

  private async negotiate(pc: RTCPeerConnection, offer: string): Promise<WebrtcPeer> {
    const w = this.w;
    const payloadTypes = new Map<number, InboundRtp['kind']>();
    const rtpListeners: ((rtp: InboundRtp) => void)[] = [];
    // werift announces the browser's track while it applies the offer: listen before.
    pc.onTrack.subscribe((remote) => {
      remote.onReceiveRtp.subscribe((rtp) => {
        const kind = payloadTypes.get(rtp.header.payloadType);
        if (kind === undefined) return; // not negotiated (comfort noise, a stray codec)
        const { sequenceNumber, timestamp, marker } = rtp.header;
        for (const listener of rtpListeners) listener({ kind, sequenceNumber, timestamp, marker, payload: rtp.payload });
      });
    });
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    withoutImplicitStun(pc);
    const transceiver = pc.getTransceivers().find((t) => t.kind === 'audio');
    if (!transceiver) throw new SottoError('WEBRTC_OFFER_INVALID', 'the offer has no audio m-line');
    for (const codec of transceiver.codecs) {
      const mime = codec.mimeType.toLowerCase();
      if (mime === 'audio/pcmu') payloadTypes.set(codec.payloadType, 'pcmu');
      else if (mime === 'audio/telephone-event' && codec.clockRate === 8000) payloadTypes.set(codec.payloadType, 'telephone-event');
    }
    const sendPayloadType = [...payloadTypes].find(([, kind]) => kind === 'pcmu')?.[0];
    if (sendPayloadType === undefined) throw new SottoError('WEBRTC_OFFER_INVALID', 'the offer has no codec in common with Sotto (PCMU)');
    transceiver.setDirection('sendrecv');
    const track = new w.MediaStreamTrack({ kind: 'audio' });
    await transceiver.sender.replaceTrack(track);
    await pc.setLocalDescription(await pc.createAnswer());
    const answerSdp = restrictAnswerCandidates(pc.localDescription?.sdp ?? '', this.options);

    const pacer = new RtpPacer((p) => {
      track.writeRtp(new w.RtpPacket(new w.RtpHeader({ payloadType: sendPayloadType, sequenceNumber: p.sequenceNumber, timestamp: p.timestamp, marker: p.marker }), p.payload));
    });
    const stateListeners: ((state: Exclude<PeerState, 'new'>) => void)[] = [];
    let state: PeerState = 'new';
    const setState = (next: Exclude<PeerState, 'new'>): void => {
      // connected happens once; closed and failed are final.
      if (state === next || state === 'closed' || state === 'failed') return;
      state = next;
      if (next === 'connected') pacer.start();
      else pacer.stop();
      for (const listener of stateListeners) listener(next);
    };
    let closed: Promise<void> | undefined;
    pc.connectionStateChange.subscribe((s) => {
      if (s === 'connected' || s === 'closed' || s === 'failed') setState(s);
      // The connection failed or was closed: free the port now.
      if (s === 'closed' || s === 'failed') void peer.close();
    });
    const peer: WebrtcPeer = {
      answerSdp,
      get state() {
        return state;
      },
      onRtp: (listener) => void rtpListeners.push(listener),
      onStateChange: (listener) => void stateListeners.push(listener),
      send: (frames, sent) => pacer.push(frames, sent),
      clear: () => pacer.clear(),
      close: () => {
        closed ??= (async () => {
          pacer.stop();
          await pc.close().catch(() => undefined);
          this.open.delete(peer);
          setState('closed');
        })();
        return closed;
      },
    };
    this.open.add(peer);
    return peer;
  }
}
