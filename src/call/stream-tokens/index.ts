export { DEFAULT_STREAM_TOKEN_TTL_SECONDS, MAX_STREAM_TOKEN_TTL_SECONDS, StreamTokens } from './stream-tokens.js';
export { isStreamTokenShape } from './stream-token-shape.js';
export type { MintStreamToken, MintedStreamToken } from './stream-tokens.js';
export { issueStreamToken } from './issue-stream-token.js';
export type { StreamTokenRequest } from './issue-stream-token.js';
export { SqlSignatureReplays } from './signature-replays.js';
