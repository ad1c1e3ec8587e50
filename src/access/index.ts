export { AccessGateway } from './gateway.js';
export type { ArtifactRead } from './gateway.js';
export type { AccessAction, AccessEvent, AccessRecorder } from './access-event.js';
export { LOCAL_OPERATOR } from './principal.js';
export type { Principal } from './principal.js';
