import { SottoError } from '../../errors/index.js';
import type { CallOutcome, Tool, ToolRunner } from '../agent.js';
import type { ModelTurn } from './completion-stream.js';

/** Messages of the chat completions API, as we send them. */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] }
  | { role: 'tool'; tool_call_id: string; content: string };

const OUTCOMES: readonly CallOutcome[] = ['completed', 'failed', 'transferred', 'abandoned'];

/** The agent's own function: how a model hangs up. */
export const END_CALL_TOOL = {
  name: 'end_call',
  description: 'Says a last sentence to the caller and hangs up.',
  parameters: {
    type: 'object',
    properties: {
      outcome: { type: 'string', enum: OUTCOMES, description: 'completed when the caller got what they called for.' },
      farewell: { type: 'string', description: 'The last sentence to say, e.g. "Thank you for calling, goodbye."' },
    },
    required: ['outcome', 'farewell'],
    additionalProperties: false,
  },
} as const;

export interface ToolRoundOutcome {
  /** Set when the model called end_call. */
  end?: { outcome: CallOutcome; farewell: string };
}

function parseArguments(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text.trim() === '' ? '{}' : text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs one round of the model's tool calls through the call's ToolRunner and appends the
 * assistant's tool_calls message and one `role: tool` answer per call. The runner resolves tokens
 * for the tool and re-tokenizes its result, so what goes back to the model holds tokens only.
 * A tool that fails is reported to the model by error code (it may apologise or retry); a tool
 * the model invents is a broken response (LLM_RESPONSE_INVALID) and nothing runs.
 */
export async function runToolCalls(turn: ModelTurn, offered: ReadonlyMap<string, Tool>, runner: ToolRunner, messages: ChatMessage[]): Promise<ToolRoundOutcome> {
  for (const call of turn.toolCalls) {
    if (call.name !== END_CALL_TOOL.name && !offered.has(call.name)) {
      throw new SottoError('LLM_RESPONSE_INVALID', `the model called a tool it was not offered: ${JSON.stringify(call.name.slice(0, 64))}`);
    }
  }
  messages.push({
    role: 'assistant',
    content: turn.content === '' ? null : turn.content,
    tool_calls: turn.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
  });
  const outcome: ToolRoundOutcome = {};
  for (const call of turn.toolCalls) {
    const args = parseArguments(call.arguments);
    let answer: Record<string, unknown>;
    if (args === undefined) {
      answer = { error: 'ARGUMENTS_INVALID', detail: 'arguments must be a JSON object' };
    } else if (call.name === END_CALL_TOOL.name) {
      const said = typeof args.outcome === 'string' ? args.outcome : '';
      const end = { outcome: (OUTCOMES as readonly string[]).includes(said) ? (said as CallOutcome) : 'completed', farewell: typeof args.farewell === 'string' ? args.farewell : '' };
      outcome.end = end;
      answer = { ok: true };
    } else {
      try {
        answer = await runner.run(call.name, args);
      } catch (err) {
        answer = { error: err instanceof SottoError ? err.code : 'INTERNAL' };
      }
    }
    messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(answer) });
  }
  return outcome;
}
