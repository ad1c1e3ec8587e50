import { SottoError } from '../../errors/index.js';
import { isLoopbackHost, requireSecureUrl } from '../../net/index.js';
import type { Agent, AgentContext, AgentReply, AgentSession, CallerTurn, Tool } from '../agent.js';
import { renderTokensAsWords } from '../token-words.js';
import { describeTool } from '../tool-runner.js';
import { createConnectionPool, postForEvents, type ChatEndpoint } from './chat-request.js';
import { createCompletionStream, type ModelTurn } from './completion-stream.js';
import { END_CALL_TOOL, runToolCalls, type ChatMessage } from './tool-calls.js';

export interface ChatCompletionsAgentOptions {
  name: string;
  /** e.g. https://api.openai.com/v1; `/chat/completions` is appended. https only (requireSecureUrl). */
  baseUrl: string;
  /** Plain http:// to a model on this host (Ollama, llama.cpp, vLLM) when asked explicitly. */
  allowInsecureLoopback?: boolean;
  apiKey?: string;
  model: string;
  systemPrompt: string;
  /** The tools the model is offered; they run through the call's ToolRunner. */
  tools: readonly Tool[];
  /** PEM CA for a self-hosted endpoint with a private certificate. */
  ca?: string;
  /** Deadline for one model answer, streaming included. */
  timeoutMs: number;
  /** How the endpoint's operator appears in the call record's list of subprocessors. */
  subprocessorName: string;
  /** Spoken first without asking the model; otherwise the model greets. */
  greeting?: string;
  /** Model rounds with tool calls per caller turn before giving up (default 4). */
  maxToolRounds?: number;
}

/** Told to every model: it works with tokens, and must pass them on unchanged. */
export const TOKEN_GUIDANCE = [
  'Privacy rules of this phone system: details the caller gives, such as card numbers, dates of birth or',
  'social security numbers, reach you only as tokens like [CREDIT_CARD_1] or [US_SSN_1]. You never see',
  'the real values and must not ask for them to be read out to you. Pass tokens to tools exactly as',
  'written; the system fills in the real values. Never invent a value. Call end_call to hang up.',
].join(' ');

const SILENCE = '(The caller said nothing.)';

function callerMessage(turn: CallerTurn): string {
  const text = turn.text.trim() || turn.entities.map((e) => e.token).join(' ');
  return turn.source === 'keypad' ? `(typed on the keypad) ${text}` : text;
}

/**
 * An agent over any OpenAI-compatible `POST /chat/completions` endpoint, streaming, with
 * function calling. The model sees tokenized caller text and re-tokenized tool results only
 * (DESIGN.md invariant 3); tokens in its answers are spoken as words, never resolved.
 */
export function createChatCompletionsAgent(options: ChatCompletionsAgentOptions): Agent {
  const base = requireSecureUrl(options.baseUrl, { allowInsecureLoopback: options.allowInsecureLoopback });
  const url = new URL(`${base.pathname.replace(/\/+$/, '')}/chat/completions`, base);
  const endpoint: ChatEndpoint = { url, apiKey: options.apiKey, ca: options.ca, timeoutMs: options.timeoutMs };
  const pool = createConnectionPool(endpoint);
  const offered = new Map(options.tools.map((t) => [t.name, t]));
  if (offered.has(END_CALL_TOOL.name)) throw new SottoError('CONFIG_INVALID', `${END_CALL_TOOL.name} is the agent's own tool; rename yours`);
  const toolSchemas = [...options.tools.map(describeTool), END_CALL_TOOL].map((fn) => ({ type: 'function', function: fn }));
  const maxRounds = options.maxToolRounds ?? 4;

  const complete = async (messages: readonly ChatMessage[]): Promise<ModelTurn> => {
    const stream = createCompletionStream();
    await postForEvents(endpoint, pool, { model: options.model, stream: true, messages, tools: toolSchemas, tool_choice: 'auto' }, (event) => stream.add(event.data));
    return stream.turn();
  };

  return {
    name: options.name,
    subprocessors: [{ name: options.subprocessorName, kind: 'llm', local: isLoopbackHost(url.hostname) }],
    createSession(ctx: AgentContext): AgentSession {
      const messages: ChatMessage[] = [{ role: 'system', content: `${options.systemPrompt}\n\n${TOKEN_GUIDANCE}` }];
      let ended: AgentReply['end'];
      let queue: Promise<unknown> = Promise.resolve();
      const serial = <T>(work: () => Promise<T>): Promise<T> => {
        const next = queue.then(work);
        queue = next.catch(() => undefined);
        return next;
      };

      /** Asks the model until it answers in words or hangs up, running the tools it calls in between. */
      const converse = async (): Promise<AgentReply> => {
        for (let round = 0; round <= maxRounds; round += 1) {
          const turn = await complete(messages);
          if (turn.toolCalls.length === 0) {
            if (turn.content.trim() === '') throw new SottoError('LLM_RESPONSE_INVALID', 'the model answered with nothing to say');
            messages.push({ role: 'assistant', content: turn.content });
            return { say: renderTokensAsWords(turn.content) };
          }
          if (round === maxRounds) break;
          const outcome = await runToolCalls(turn, offered, ctx.tools, messages);
          if (outcome.end !== undefined) {
            ended = { outcome: outcome.end.outcome };
            return { say: renderTokensAsWords(outcome.end.farewell || turn.content), end: ended };
          }
        }
        throw new SottoError('LLM_RESPONSE_INVALID', `the model kept calling tools for more than ${maxRounds} rounds`);
      };

      const afterEnd = (): AgentReply | undefined => (ended ? { say: '', end: ended } : undefined);
      return {
        start: () =>
          serial(async () => {
            if (options.greeting === undefined) return converse();
            messages.push({ role: 'assistant', content: options.greeting });
            return { say: renderTokensAsWords(options.greeting) };
          }),
        respond: (turn) =>
          serial(async () => {
            const done = afterEnd();
            if (done) return done;
            messages.push({ role: 'user', content: callerMessage(turn) });
            return converse();
          }),
        silence: () =>
          serial(async () => {
            const done = afterEnd();
            if (done) return done;
            messages.push({ role: 'user', content: SILENCE });
            return converse();
          }),
      };
    },
  };
}
