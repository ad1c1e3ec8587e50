import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { createStreamingDetector, type StreamEntity, type TimedWord } from './streaming.js';

function timed(text: string, fromMs = 0): TimedWord[] {
  return text.split(' ').map((word, i) => ({ text: word, startMs: fromMs + i * 300, endMs: fromMs + i * 300 + 250 }));
}

describe('the streaming detector', () => {
  it('marks a partial result as revisable and a final one as stable, with word times', () => {
    const detector = createStreamingDetector();
    detector.pushAgentPrompt('What is the security code on the back of the card?');
    const partial = detector.pushPartial(timed('it is seven two nine'));
    assert.deepEqual(partial.entities.map((e) => [e.type, e.final]), [['CARD_CVV', false]]);
    const final = detector.pushFinal(timed('it is seven two nine'));
    const [cvv] = final.entities;
    assert.equal(cvv?.type, 'CARD_CVV');
    assert.equal(cvv?.final, true);
    assert.equal(final.text.slice(cvv?.start, cvv?.end), 'seven two nine');
    assert.equal(cvv?.startMs, 600);
    assert.equal(cvv?.endMs, 1450);
    assert.equal(final.redacted, 'it is [CARD_CVV_1]');
  });

  it('hands a stable token to the agent that only the capability resolves', () => {
    const seen: StreamEntity[] = [];
    const detector = createStreamingDetector({ onEntity: (e) => seen.push(e) });
    detector.pushAgentPrompt('Can I have your card number?');
    const result = detector.pushFinal(timed('four one one one one one one one one one one one one one one one'));
    assert.equal(result.redacted, '[CREDIT_CARD_1]');
    assert.equal(seen.length, 1);
    assert.equal(detector.vault.resolve('[CREDIT_CARD_1]', detector.capability), '4111111111111111');
    assert.throws(() => detector.vault.resolve('[CREDIT_CARD_1]', { purpose: 'forged' }), (err) => isSottoError(err, 'DETECT_CAPABILITY_INVALID'));
  });

  it('continues a number across finals and backchannels, timing the whole entity', () => {
    const detector = createStreamingDetector();
    detector.pushAgentPrompt('Your card number, please.');
    const first = detector.pushFinal(timed('four one one one one one one one', 0));
    assert.equal(first.entities[0]?.type, 'CREDIT_CARD');
    detector.pushAgentPrompt('mm-hmm');
    const second = detector.pushFinal(timed('one one one one one one one one', 5000));
    assert.equal(second.entities[0]?.type, 'CREDIT_CARD');
    assert.equal(second.entities[0]?.startMs, 0);
    // The whole card gets its own token: the one a payment tool resolves.
    assert.equal(second.redacted, '[CREDIT_CARD_2]');
    assert.equal(detector.vault.resolve('[CREDIT_CARD_2]', detector.capability), '4111111111111111');
  });

  it('refuses every resolve after wipe() at call end', () => {
    const detector = createStreamingDetector();
    detector.pushAgentPrompt('And your PIN?');
    detector.pushFinal(timed('one two three four'));
    detector.wipe();
    assert.throws(() => detector.vault.resolve('[PIN_1]', detector.capability), (err) => isSottoError(err, 'DETECT_VAULT_WIPED'));
  });
});
