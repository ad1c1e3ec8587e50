import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { parseRedactionPolicy } from './policy.js';
import { redactConversation } from './redact-conversation.js';
import type { Conversation } from './types.js';

const call: Conversation = {
  id: 'c1',
  turns: [
    { speaker: 'agent', text: 'What is the card number?' },
    { speaker: 'caller', text: 'four one one one one one one one one one one one one one one one' },
    { speaker: 'agent', text: 'And the security code?' },
    { speaker: 'caller', text: 'one two three' },
  ],
};

describe('a per-tenant redaction policy', () => {
  it('redacts with typed placeholders by default', () => {
    const out = redactConversation(call);
    assert.equal(out.turns[1]?.redacted, '[CREDIT_CARD]');
    assert.equal(out.turns[3]?.redacted, '[CARD_CVV]');
  });
  it('keeps a type the tenant keeps, still reporting the span', () => {
    const out = redactConversation(call, { actions: { CARD_CVV: 'keep' } });
    assert.equal(out.turns[3]?.redacted, 'one two three');
    assert.equal(out.turns[3]?.entities[0]?.type, 'CARD_CVV');
  });
  it('tokenizes with stable per-conversation tokens', () => {
    const out = redactConversation(call, { defaultAction: 'tokenize' });
    assert.equal(out.turns[1]?.redacted, '[CREDIT_CARD_1]');
    assert.equal(out.turns[3]?.redacted, '[CARD_CVV_1]');
  });
  it('shows only the last four digits of a card under last4 masking (PCI DSS truncation)', () => {
    const out = redactConversation(call, { cardMasking: 'last4' });
    assert.equal(out.turns[1]?.redacted, '[CREDIT_CARD ending 1111]');
    assert.equal(out.turns[3]?.redacted, '[CARD_CVV]');
  });

  describe('when a policy from configuration names an unknown type or action', () => {
    it('throws DETECT_POLICY_INVALID', () => {
      assert.throws(() => parseRedactionPolicy({ actions: { CREDIT_CARDS: 'keep' } }), (err) => isSottoError(err, 'DETECT_POLICY_INVALID'));
      assert.throws(() => parseRedactionPolicy({ defaultAction: 'show' }), (err) => isSottoError(err, 'DETECT_POLICY_INVALID'));
      assert.deepEqual(parseRedactionPolicy({ actions: { PIN: 'tokenize' }, cardMasking: 'last4' }), { actions: { PIN: 'tokenize' }, cardMasking: 'last4' });
    });
  });
});
