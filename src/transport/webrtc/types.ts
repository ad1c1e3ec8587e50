/** An RTP packet from the browser, decrypted (SRTP) and classified by its negotiated payload type. */
export interface InboundRtp {
  kind: 'pcmu' | 'telephone-event';
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  payload: Buffer;
}

export type PeerState = 'new' | 'connected' | 'closed' | 'failed';

/**
 * One browser call's peer connection as the call layer sees it (no werift types): PCMU
 * in and out over DTLS-SRTP, paced 20 ms frames out, and its connection state.
 */
export interface WebrtcPeer {
  /** The SDP answer for the browser: ICE-lite, PCMU (+ telephone-event), one host candidate. */
  readonly answerSdp: string;
  readonly state: PeerState;
  onRtp(listener: (rtp: InboundRtp) => void): void;
  /** connected: ICE and DTLS are done, audio flows; closed: the browser or we closed; failed: DTLS or ICE failed. */
  onStateChange(listener: (state: Exclude<PeerState, 'new'>) => void): void;
  /** Queues 160-byte mu-law frames for paced sending; `sent` runs once they have gone out or been cleared. */
  send(frames: readonly Buffer[], sent?: () => void): void;
  /** Barge-in: drops the frames not yet sent. */
  clear(): void;
  /** Closes the peer connection and frees its port; idempotent. */
  close(): Promise<void>;
}
