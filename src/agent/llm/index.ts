export { createChatCompletionsAgent, TOKEN_GUIDANCE } from './chat-agent.js';
export type { ChatCompletionsAgentOptions } from './chat-agent.js';
export { createCompletionStream } from './completion-stream.js';
export type { ModelToolCall, ModelTurn } from './completion-stream.js';
export { createSseReader } from './sse-reader.js';
export type { SseEvent, SseReader, SseReaderOptions } from './sse-reader.js';
export { END_CALL_TOOL } from './tool-calls.js';
export type { ChatMessage } from './tool-calls.js';
