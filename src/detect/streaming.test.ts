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

  it('reads a "last four" prompt: the digits are masked as the type asked for', () => {
    const detector = createStreamingDetector();
    detector.pushAgentPrompt('Can you verify the last four of your social?');
    assert.equal(detector.pushFinal(timed('six seven eight nine')).redacted, '[US_SSN_1]');
  });

  it('masks the first digits of a prompted value in a partial result, before the value is complete', () => {
    const detector = createStreamingDetector();
    detector.pushAgentPrompt('Can you verify the last four of your social?');
    assert.equal(detector.pushPartial(timed('six seven')).redacted, '[US_SSN]');
    detector.pushAgentPrompt('And the card number?');
    assert.equal(detector.pushPartial(timed('it is four one')).redacted, 'it is [CREDIT_CARD]');
  });

  it('types a partial value by the words said in an earlier final ("it ends in" / "four four seven two")', () => {
    const detector = createStreamingDetector();
    detector.pushAgentPrompt('How can I help?');
    assert.equal(detector.pushFinal(timed('I lost my debit card, it ends in')).entities.length, 0);
    const next = detector.pushFinal(timed('four four seven two', 4000));
    assert.deepEqual(next.entities.map((e) => [e.type, e.startMs]), [['CREDIT_CARD', 4000]]);
  });

  it('keeps a partial result readable when nothing sensitive was asked for', () => {
    const detector = createStreamingDetector();
    detector.pushAgentPrompt('Do you have the tracking number?');
    assert.equal(detector.pushPartial(timed('nine four oh oh one one')).redacted, 'nine four oh oh one one');
  });
});

describe('when an expiry is said with a month name', () => {
  it('keeps the month in the tokenized value ("september twenty twenty seven" is 092027)', () => {
    const d = createStreamingDetector();
    d.pushAgentPrompt('What is the expiry date on the card?');
    const words = 'it expires september twenty twenty seven'.split(' ').map((text, i) => ({ text, startMs: i * 300, endMs: i * 300 + 250 }));
    const result = d.pushFinal(words);
    const token = result.entities.find((e) => e.type === 'CARD_EXPIRY')?.token;
    assert.ok(token, result.redacted);
    assert.equal(d.vault.resolve(token, d.capability), '092027');
  });
});
