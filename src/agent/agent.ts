// The contract between the call session (src/call) and an agent: a scripted flow or an LLM.
// Agents see tokens only; tools see real values (DESIGN.md invariant 3).
import type { EntityType } from '../detect/index.js';
import type { SlotValidator } from './slot-validator.js';

/** What the caller said, as the agent may see it: detected values replaced by tokens. */
export interface CallerTurn {
  /** Redacted text, e.g. "my card is [CREDIT_CARD_1]". */
  text: string;
  /** In order of appearance. */
  entities: { type: EntityType; token: string }[];
  /** keypad: DTMF digits the session tokenized as `expect.entityType`. */
  source: 'speech' | 'keypad';
}

export type CallOutcome = 'completed' | 'failed' | 'transferred' | 'abandoned';

export interface KeypadCapture {
  maxDigits: number;
  finishOnKey?: '#';
}

/** What the next caller turn should contain; the session primes detection and keypad capture with it. */
export interface TurnExpectation {
  entityType?: EntityType;
  /** true → keypad digits are captured like speech, tokenized, never stored. */
  sensitive: boolean;
  keypad?: KeypadCapture;
}

/** What the agent wants to happen next. */
export interface AgentReply {
  /** Text to speak; never a raw sensitive value (tokens are rendered as words, e.g. "your card number"). */
  say: string;
  expect?: TurnExpectation;
  /** Hang up after saying `say`. */
  end?: { outcome: CallOutcome };
}

export interface AgentSession {
  start(): Promise<AgentReply>;
  respond(turn: CallerTurn): Promise<AgentReply>;
  /** No-input timeout etc. */
  silence?(): Promise<AgentReply>;
}

export interface AgentContext {
  callId: string;
  tenantId: string;
  tools: ToolRunner;
}

export interface Subprocessor {
  name: string;
  kind: 'llm';
  /** true when the model runs on this host (loopback), so no conversation text leaves it. */
  local: boolean;
}

export interface Agent {
  readonly name: string;
  readonly subprocessors: Subprocessor[];
  createSession(ctx: AgentContext): AgentSession;
}

export type ToolValue = string | number | boolean;

export interface ToolParameter {
  type: 'string' | 'number' | 'boolean';
  description?: string;
  /** The argument is a token of this type, resolved to its real value before `run`. */
  entityType?: EntityType;
}

/** Tools get REAL values; everything else gets tokens (DESIGN.md invariant 3). */
export interface Tool {
  name: string;
  description: string;
  /** Rendered as JSON Schema for LLMs; every parameter is required. */
  parameters: Record<string, ToolParameter>;
  run(args: Record<string, ToolValue>, ctx: { callId: string; tenantId: string }): Promise<Record<string, ToolValue>>;
}

/** A tool as a model is told about it: OpenAI function-calling shape (JSON Schema parameters). */
export interface ToolDescription {
  name: string;
  description: string;
  parameters: {
    type: 'object';
    properties: Record<string, { type: ToolParameter['type']; description?: string }>;
    required: string[];
    additionalProperties: false;
  };
}

export interface ToolRunner {
  /**
   * Resolves the tokens of entity-typed string arguments with the call's capability, runs the
   * tool, and re-tokenizes any resolved value that appears in the result before returning it.
   * Unknown tool or bad arguments → TOOL_FAILED; a token of another call → DETECT_TOKEN_UNKNOWN.
   */
  run(name: string, args: Record<string, unknown>): Promise<Record<string, ToolValue>>;
  describe(): ToolDescription[];
  /**
   * Checks slot values (Luhn, expiry, …) on the real value without handing it out; it holds the
   * same capability as `run`. Always set by createToolRunner; flows whose collect steps name
   * validators refuse to run on a runner without it.
   */
  readonly slots?: SlotValidator;
}
