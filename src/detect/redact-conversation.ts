import { expectationsOf, type Expectation } from './cues.js';
import { detectTurn, type TurnDetection } from './detect-turn.js';
import { BACKCHANNEL } from './lexicon.js';
import type { RedactionPolicy } from './policy.js';
import { renderRedacted } from './render.js';
import { createTokenVault } from './token-vault.js';
import type { Conversation, EntitySpan, RedactedConversation } from './types.js';

/** An agent turn that only acknowledges ("mm-hmm", "okay, go on") does not end what the caller is saying. */
export function isBackchannel(text: string): boolean {
  return text.length <= 60 && BACKCHANNEL.test(text);
}

/** Spans for every turn of a conversation, each turn read in the context of the agent's last prompt. */
export function detectConversation(conversation: Conversation): EntitySpan[][] {
  const spans: EntitySpan[][] = [];
  let prompt = '';
  let expectations: Expectation[] = [];
  let open: { turn: number; detection: NonNullable<TurnDetection['open']> } | undefined;
  conversation.turns.forEach((turn, index) => {
    if (turn.speaker === 'agent') {
      const detection = detectTurn(turn.text, { speaker: 'agent', prompt: '' });
      spans.push(detection.spans);
      if (!isBackchannel(turn.text)) {
        prompt = turn.text;
        expectations = expectationsOf(prompt);
        open = undefined;
      }
      return;
    }
    const carry = open ? { type: open.detection.type, digits: open.detection.digits, guessed: open.detection.guessed } : undefined;
    const detection = detectTurn(turn.text, { speaker: 'caller', prompt, expectations, carry });
    spans.push(detection.spans);
    // The first half of a number said across turns is typed once the second half shows what it was.
    if (open && detection.continued && open.detection.type !== detection.continued) {
      const earlier = spans[open.turn] ?? [];
      const { start, end } = open.detection;
      const same = earlier.find((s) => s.start === start && s.end === end);
      if (same) same.type = detection.continued;
      else if (!earlier.some((s) => s.start < end && start < s.end)) {
        earlier.push({ type: detection.continued, start, end });
        earlier.sort((a, b) => a.start - b.start);
      }
    }
    open = detection.open ? { turn: index, detection: detection.open } : undefined;
    // An answered question no longer types the caller's later numbers ("I paid fourteen seventy");
    // the rest of a two-part question ("your name and date of birth?") still does.
    if (!open && detection.spans.length > 0) {
      expectations = expectations.filter((e) => !detection.spans.some((s) => s.type === e));
    }
  });
  return spans;
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
