import { expectationsOf, type Expectation } from './cues.js';
import { detectTurn } from './detect-turn.js';
import { BACKCHANNEL } from './lexicon.js';
import type { RedactionPolicy } from './policy.js';
import { renderRedacted } from './render.js';
import { createTokenVault } from './token-vault.js';
import type { CarriedRun } from './recognizers/numeric.js';
import type { Conversation, EntitySpan, RedactedConversation } from './types.js';

/** An agent turn that only acknowledges ("mm-hmm", "okay, go on") does not end what the caller is saying. */
export function isBackchannel(text: string): boolean {
  return text.length <= 60 && BACKCHANNEL.test(text);
}

/** One caller segment's share of a number said over several segments. */
interface RunPart {
  turn: number;
  start: number;
  end: number;
}

/** Spans for every turn of a conversation, each turn read in the context of the agent's last prompt. */
export function detectConversation(conversation: Conversation): EntitySpan[][] {
  const spans: EntitySpan[][] = [];
  let prompt = '';
  let expectations: Expectation[] = [];
  // A number still being said: the segments it spans so far, and what is known of it.
  let chain: { parts: RunPart[]; carry: CarriedRun } | undefined;
  // "…my checking account number is" ended the caller's last segment: the next one answers it.
  let pendingCue: Expectation | undefined;
  conversation.turns.forEach((turn, index) => {
    if (turn.speaker === 'agent') {
      const detection = detectTurn(turn.text, { speaker: 'agent', prompt: '' });
      spans.push(detection.spans);
      if (!isBackchannel(turn.text)) {
        prompt = turn.text;
        expectations = expectationsOf(prompt);
        chain = undefined;
        pendingCue = undefined;
      }
      return;
    }
    const withCue = (list: Expectation[]): Expectation[] => (pendingCue ? [pendingCue, ...list.filter((e) => e !== pendingCue)] : list);
    let detection = detectTurn(turn.text, { speaker: 'caller', prompt, expectations: withCue(expectations), carry: chain?.carry });
    // The last segment ended on a value that this turn does not go on with: that answer is complete,
    // and its question no longer types this turn's numbers ("…six seven eight nine" / "I paid thirty six").
    const answered = chain?.carry.type;
    if (chain && !detection.joined && answered && expectations.includes(answered)) {
      expectations = expectations.filter((e) => e !== answered);
      detection = detectTurn(turn.text, { speaker: 'caller', prompt, expectations: withCue(expectations), carry: chain.carry });
    }
    spans.push(detection.spans);
    // The earlier parts of a number said across segments are typed once a later part shows what it was.
    if (chain && detection.joined && detection.continued) {
      for (const part of chain.parts) retype(spans[part.turn] ?? [], part, detection.continued);
    }
    const open = detection.open;
    chain = open ? { parts: [...(open.chained && chain ? chain.parts : []), { turn: index, start: open.start, end: open.end }], carry: open } : undefined;
    pendingCue = detection.trailingCue;
    // An answered question no longer types the caller's later numbers ("I paid fourteen seventy");
    // the rest of a two-part question ("your name and date of birth?") still does.
    if (!chain && detection.spans.length > 0) {
      expectations = expectations.filter((e) => !detection.spans.some((s) => s.type === e));
    }
  });
  return spans;
}

/** Gives an earlier part of a number its final type, adding the span when the part had none. */
function retype(earlier: EntitySpan[], part: RunPart, type: EntitySpan['type']): void {
  const same = earlier.find((s) => s.start === part.start && s.end === part.end);
  if (same) {
    same.type = type;
  } else if (!earlier.some((s) => s.start < part.end && part.start < s.end)) {
    earlier.push({ type, start: part.start, end: part.end });
    earlier.sort((a, b) => a.start - b.start);
  }
}

/**
 * The batch API of `sotto redact` and the evaluator. Offsets are into each original turn text;
 * `redacted` replaces each span per the policy (default: a typed placeholder such as [CREDIT_CARD]).
 */
export function redactConversation(conversation: Conversation, policy?: RedactionPolicy): RedactedConversation {
  const spans = detectConversation(conversation);
  const { vault } = createTokenVault();
  try {
    return {
      id: conversation.id,
      turns: conversation.turns.map((turn, i) => {
        const entities = spans[i] ?? [];
        return { speaker: turn.speaker, text: turn.text, redacted: renderRedacted(turn.text, entities, policy, vault), entities };
      }),
    };
  } finally {
    vault.wipe();
  }
}
