// Browser calls over WebRTC (issue 7, docs/webrtc.md): werift answers a browser's offer as an
// ICE-lite, DTLS-SRTP, PCMU-only peer on the configured address. werift is loaded lazily
// (werift.ts), so importing this folder costs nothing until a peer is made.
//
//   offer.ts              the offer checked and trimmed before werift sees it (WEBRTC_OFFER_INVALID)
//   answer-candidates.ts  the answer restricted to the one configured host candidate
//   werift.ts             werift's configuration: ICE-lite, no implicit STUN, one bound address
//   answerer.ts           offers in, peers out (WebrtcPeer), at most maxPeers at once
//   rtp-pacer.ts          20 ms drift-free RTP pacing: random initial seq/ts, marker on talkspurts
//   telephone-event.ts    RFC 4733 keypad events, one per press
//   loopback-caller.ts    a werift "browser" on this machine (warm-up, tests, benchmark)
//   warm-up.ts            one handshake at boot so the first call is not the slow one
export { checkOffer, MAX_OFFER_BYTES } from './offer.js';
export { restrictAnswerCandidates } from './answer-candidates.js';
export type { AnswerAddresses } from './answer-candidates.js';
export { WebrtcAnswerer } from './answerer.js';
export type { AnswererOptions } from './answerer.js';
export { RtpPacer } from './rtp-pacer.js';
export type { PacedPacket, PacerClock, RtpPacerOptions } from './rtp-pacer.js';
export { TelephoneEvents } from './telephone-event.js';
export { openLoopbackCaller } from './loopback-caller.js';
export type { LoopbackCaller } from './loopback-caller.js';
export { warmUpWebrtc } from './warm-up.js';
export type { InboundRtp, PeerState, WebrtcPeer } from './types.js';
export { startWebrtcAnswerer } from './start.js';
export type { RunningAnswerer } from './start.js';
