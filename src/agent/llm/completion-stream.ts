import { z } from 'zod';
import { SottoError } from '../../errors/index.js';

/** A function call the model asked for, assembled from its streamed fragments. */
export interface ModelToolCall {
  id: string;
  name: string;
  /** JSON text as the model wrote it; parsed (defensively) by the caller. */
  arguments: string;
}

export interface ModelTurn {
  content: string;
  toolCalls: ModelToolCall[];
  finishReason: string | undefined;
}

// One `data:` payload of an OpenAI-compatible chat.completion.chunk. Only what we use is
// checked; servers add fields freely (usage, logprobs, system_fingerprint), so objects are loose.
const TOOL_CALL_DELTA = z.looseObject({
  index: z.number().int().min(0).max(63),
  id: z.string().max(200).nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().max(200).nullish(), arguments: z.string().nullish() }).nullish(),
});

const CHUNK = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        index: z.number().int().nullish(),
        delta: z.looseObject({ content: z.string().nullish(), tool_calls: z.array(TOOL_CALL_DELTA).nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  error: z.unknown().optional(),
});

/**
 * Folds the stream's chunks into one model turn: content deltas concatenate; tool-call deltas
 * are keyed by `index`, the first carrying id and name, later ones appending argument text.
 */
export function createCompletionStream(): { add(data: string): 'more' | 'done'; turn(): ModelTurn } {
  let content = '';
  let finishReason: string | undefined;
  let done = false;
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  return {
    add(data) {
      if (done) throw new SottoError('LLM_RESPONSE_INVALID', 'the model sent data after [DONE]');
      if (data.trim() === '[DONE]') {
        done = true;
        return 'done';
      }
      let json: unknown;
      try {
        json = JSON.parse(data);
      } catch (cause) {
        throw new SottoError('LLM_RESPONSE_INVALID', 'a stream event is not JSON', { cause });
      }
      const chunk = CHUNK.safeParse(json);
      if (!chunk.success) throw new SottoError('LLM_RESPONSE_INVALID', 'a stream event is not a chat completion chunk');
      // Some servers report failures inside a 200 stream; the request failed, the endpoint answered.
      if (chunk.data.error !== undefined && chunk.data.error !== null) throw new SottoError('LLM_UNAVAILABLE', 'the model endpoint reported an error in the stream');
      for (const choice of chunk.data.choices ?? []) {
        if ((choice.index ?? 0) !== 0) continue; // we ask for one choice (n = 1)
        content += choice.delta?.content ?? '';
        for (const delta of choice.delta?.tool_calls ?? []) {
          const call = calls.get(delta.index) ?? { id: '', name: '', arguments: '' };
          if (delta.id) call.id = delta.id;
          // The name comes whole in the first fragment; a server that repeats it must not double it.
          if (delta.function?.name && !call.name) call.name = delta.function.name;
          call.arguments += delta.function?.arguments ?? '';
          calls.set(delta.index, call);
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      return 'more';
    },
    turn() {
      if (!done && finishReason === undefined) throw new SottoError('LLM_RESPONSE_INVALID', 'the model stream ended before it finished');
      const toolCalls = [...calls.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, call]) => ({ id: call.id || `call_${index}`, name: call.name, arguments: call.arguments }));
      return { content, toolCalls, finishReason };
    },
  };
}
