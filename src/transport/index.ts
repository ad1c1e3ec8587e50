// Media ingress: the Twilio Media Streams protocol over WebSocket on the HTTPS listener, and a
// client speaking the carrier's side for the call simulator and benchmarks.
//
// Choices worth knowing (each has a test):
// - Sequence numbers must rise by exactly one from `start` = "1": Twilio numbers every message
//   after `connected` over one ordered TCP stream, so any gap or repeat is an injected, replayed
//   or lost message and the stream is failed (TRANSPORT_OUT_OF_ORDER).
// - `connected` is optional (at most once, before `start`); `start` must come within
//   startTimeoutMs of the upgrade, and then some message every idleTimeoutMs.
// - Authentication: with twilioAuthToken the X-Twilio-Signature is required; a token in the path
//   or Authorization header is then optional but must be valid if present. Without it a token is
//   required. Twilio's signature of a GET covers only the URL, so it is the same for every call
//   to that URL: an accepted signature is remembered (SignatureReplayGuard: shared in the metadata store by the server) and a
//   repeat refused, so each <Stream> needs its own URL (a one-time stream token in the path).
// - Upgrades on other paths are left to the server's other 'upgrade' listeners; when this
//   endpoint is the only one it answers 404 itself.
export { attachMediaStreamEndpoint } from './media-stream-endpoint.js';
export type { MediaStreamEndpoint, MediaStreamEndpointOptions } from './media-stream-endpoint.js';
export { connectMediaStream } from './media-stream-client.js';
export type { MediaStreamClient, StreamStartParams } from './media-stream-client.js';
export type { MediaStreamClientOptions } from './open-client-socket.js';
export { DEFAULT_REPLAY_MAX_ENTRIES, DEFAULT_REPLAY_WINDOW_MS, SignatureReplayCache } from './signature-replay-cache.js';
export type { SignatureReplayCacheOptions, SignatureReplayGuard } from './signature-replay-cache.js';
export { TWILIO_SIGNATURE_HEADER, isValidTwilioSignature, twilioSignature } from './twilio-signature.js';
export { MAX_MEDIA_PAYLOAD_BYTES, MULAW_BYTES_PER_MS, MULAW_FRAME_BYTES } from './base64-audio.js';
export type { DtmfEvent, MarkEvent, MediaFrame, MediaStreamConnection, MulawMediaFormat, StreamGrant } from './types.js';
