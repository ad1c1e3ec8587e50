export { loadCallerScript, parseCallerScript } from './caller-script.js';
export type { CallerScript, CallerStep } from './caller-script.js';
export { simulateCall } from './simulate-call.js';
export type { SimulateOptions, SimulatedCall } from './simulate-call.js';
export { followLiveTranscript } from './live-transcript.js';
export type { FollowOptions } from './live-transcript.js';
