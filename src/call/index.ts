export { CallService } from './call-service.js';
export { LiveFeed } from './live-feed.js';
export type { AgentBinding, CallServiceDeps, CallSettings, IncomingCall } from './call-service.js';
export { twilioCallMedia } from './session/twilio-media.js';
export type { CallMedia } from './session/media-port.js';
export type { CallFrameTimer } from './session/caller-audio.js';
export type { LiveEvent } from './session/call-session.js';
export type { TranscriptDocument } from './session/archive.js';
