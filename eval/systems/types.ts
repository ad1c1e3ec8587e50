import type { Span } from '../corpus/format.js';

// What a system under evaluation sees: speaker and text only, never the labels.
export interface InputConversation { id: string; turns: { speaker: 'agent' | 'caller'; text: string }[] }

export interface DetectionSystem {
  readonly name: string;
  // One list of predicted spans per input turn, offsets into that turn's text.
  detect(conversation: InputConversation): Promise<Span[][]>;
}

// Raised when a system cannot run here (not built yet, not installed); the CLI prints the
// message and exits 2 instead of a stack trace.
export class SystemUnavailableError extends Error {}
