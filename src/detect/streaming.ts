import { expectationsOf, type Expectation } from './cues.js';
import { detectTurn } from './detect-turn.js';
import { actionFor, type RedactionPolicy } from './policy.js';
import { isBackchannel } from './redact-conversation.js';
import { valueOf } from './render.js';
import { createTokenVault, type TokenCapability, type TokenVault } from './token-vault.js';
import type { EntitySpan } from './types.js';

/** A recognized word with its time in the call audio. */
export interface TimedWord {
  text: string;
  startMs: number;
  endMs: number;
}

/** An entity among the words of one push; start/end index `text` of the result. */
export interface StreamEntity extends EntitySpan {
  /** Audio time of the whole entity, including words of earlier pushes it began in. */
  startMs: number;
  endMs: number;
  /** False for a partial result, which a later push may revise. */
  final: boolean;
  /** The vault token standing for the value, when the policy tokenizes this type. */
  token?: string;
}

export interface StreamResult {
  /** The pushed words joined by single spaces. */
  text: string;
  /** `text` with each entity replaced per the policy (vault tokens by default). */
  redacted: string;
  entities: StreamEntity[];
}

export interface StreamingDetectorOptions {
  /** Default for live calls: tokenize every type, so the agent can still use the value through a tool. */
  policy?: RedactionPolicy;
  /** Called once for each entity of a final result. */
  onEntity?: (entity: StreamEntity) => void;
}

export interface StreamingDetector {
  pushAgentPrompt(text: string): void;
  pushPartial(words: readonly TimedWord[]): StreamResult;
  pushFinal(words: readonly TimedWord[]): StreamResult;
  /** The call's token vault; `capability` is the one object that can resolve its tokens. */
  readonly vault: TokenVault;
  readonly capability: TokenCapability;
  /** At call end: zero the vault and forget the conversation. */
  wipe(): void;
}

/** Words kept as context for the next push: enough for a 19-digit card said word by word, bounded for speed. */
const WINDOW_WORDS = 48;

interface Placed {
  word: TimedWord;
  start: number;
  end: number;
}

function place(words: readonly TimedWord[], offset: number): { text: string; placed: Placed[] } {
  let text = '';
  const placed: Placed[] = [];
  for (const word of words) {
    if (text) text += ' ';
    placed.push({ word, start: offset + text.length, end: offset + text.length + word.text.length });
    text += word.text;
  }
  return { text, placed };
}

export function createStreamingDetector(options: StreamingDetectorOptions = {}): StreamingDetector {
  const policy: RedactionPolicy = options.policy ?? { defaultAction: 'tokenize' };
  const { vault, capability } = createTokenVault();
  let prompt = '';
  let expectations: Expectation[] = [];
  let history: TimedWord[] = [];

  // Partials get typed placeholders: tokens are minted only for stable (final) values, and a
  // token stands for the whole value even when part of it was said in an earlier push.
  const mask = (text: string, entities: readonly StreamEntity[]): string => {
    let out = '';
    let at = 0;
    for (const e of entities) {
      if (actionFor(policy, e.type) === 'keep') continue;
      out += `${text.slice(at, e.start)}${e.token ?? `[${e.type}]`}`;
      at = e.end;
    }
    return out + text.slice(at);
  };

  const detect = (words: readonly TimedWord[], final: boolean): StreamResult => {
    const before = place(history, 0);
    const prefix = before.text ? `${before.text} ` : '';
    const current = place(words, prefix.length);
    const text = prefix + current.text;
    const spans = detectTurn(text, { speaker: 'caller', prompt, expectations, unfinished: !final });
    const entities: StreamEntity[] = [];
    for (const span of spans.spans) {
      if (span.end <= prefix.length) continue; // wholly in earlier words, reported then
      const touched = [...before.placed, ...current.placed].filter((p) => p.start < span.end && span.start < p.end);
      const first = touched[0];
      const last = touched.at(-1);
      if (!first || !last) continue;
      const start = Math.max(span.start, prefix.length) - prefix.length;
      const end = span.end - prefix.length;
      const entity: StreamEntity = { type: span.type, start, end, startMs: first.word.startMs, endMs: last.word.endMs, final };
      if (final && actionFor(policy, span.type) === 'tokenize') entity.token = vault.tokenize(span.type, valueOf(span.type, text.slice(span.start, span.end)));
      entities.push(entity);
    }
    return { text: current.text, redacted: mask(current.text, entities), entities };
  };

  return {
    vault,
    capability,
    pushAgentPrompt(text) {
      if (isBackchannel(text)) return;
      prompt = text;
      expectations = expectationsOf(text);
      history = [];
    },
    pushPartial(words) {
      return detect(words, false);
    },
    pushFinal(words) {
      const result = detect(words, true);
      history = [...history, ...words].slice(-WINDOW_WORDS);
      for (const entity of result.entities) options.onEntity?.(entity);
      return result;
    },
    wipe() {
      vault.wipe();
      prompt = '';
      expectations = [];
      history = [];
    },
  };
}
