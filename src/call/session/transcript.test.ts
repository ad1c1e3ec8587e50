import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TimedWord } from '../../detect/index.js';
import { finalizeTranscript, mergeSpans, type CallerUtterance, type TranscriptItem } from './transcript.js';

function utterance(text: string, startMs: number, live: CallerUtterance['live'] = []): CallerUtterance {
  let at = startMs;
  const words: TimedWord[] = text.split(' ').map((w) => {
    const word = { text: w, startMs: at, endMs: at + 300 };
    at += 400;
    return word;
  });
  return { speaker: 'caller', source: 'speech', words, text, live };
}

const agent = (text: string, startMs: number): TranscriptItem => ({ speaker: 'agent', source: 'agent', text, startMs, endMs: startMs + 2000 });

describe('finalizeTranscript', () => {
  const card = 'four one one one one one one one one one one one one one one one';
  const items: TranscriptItem[] = [
    agent('please say your card number', 0),
    utterance(card, 3000),
    agent('and your name please', 10_000),
    utterance('my name is maria gonzalez', 13_000),
  ];

  it('masks a card number the live detector missed, because the whole-call pass finds it', () => {
    const final = finalizeTranscript(items);
    const stored = JSON.stringify(final.redacted);
    assert.doesNotMatch(stored, /four one one/);
    assert.match(stored, /\[CREDIT_CARD\]/);
    assert.match(stored, /\[PERSON_NAME\]/);
    assert.equal(final.entityCounts.CREDIT_CARD, 1);
  });

  it('places the card in time: its words are the window to silence', () => {
    const final = finalizeTranscript(items);
    const window = final.sensitiveSpans.find((s) => s.startMs === 3000);
    assert.ok(window, JSON.stringify(final.sensitiveSpans));
    assert.equal(window.endMs, 3000 + 15 * 400 + 300);
    assert.deepEqual(final.unplaceable, []);
  });

  it('keeps names but never numeric secrets in the break-glass copy', () => {
    const final = finalizeTranscript(items);
    const breakGlass = JSON.stringify(final.breakGlass);
    assert.match(breakGlass, /maria gonzalez/);
    assert.doesNotMatch(breakGlass, /four one one/);
  });

  it('joins live spans with the batch pass instead of trusting either alone', () => {
    const u = utterance('it is seven seven seven', 0, [{ type: 'CARD_CVV', start: 6, end: 23, startMs: 0, endMs: 1500 }]);
    const final = finalizeTranscript([agent('what is the weather like', 0), u]);
    assert.equal(final.redacted[1]?.text, 'it is [CARD_CVV]');
  });

  it('marks an utterance whose sensitive words have no usable time as unplaceable (mute it whole)', () => {
    const u = utterance(card, 1000);
    const first = u.words[0];
    if (first) first.startMs = Number.NaN;
    const final = finalizeTranscript([agent('please say your card number', 0), u]);
    assert.equal(final.unplaceable.length, 1);
    assert.equal(final.unplaceable[0]?.endMs, 1000 + 15 * 400 + 300);
  });

  it('keeps keypad entries as their type only', () => {
    const final = finalizeTranscript([agent('key in your card number', 0), { speaker: 'caller', source: 'keypad', entityType: 'CREDIT_CARD', startMs: 2000, endMs: 6000 }]);
    assert.deepEqual(final.redacted[1], { speaker: 'caller', source: 'keypad', startMs: 2000, endMs: 6000, text: '[CREDIT_CARD]', entities: [{ type: 'CREDIT_CARD', start: 0, end: 13 }] });
    assert.equal(final.entityCounts.CREDIT_CARD, 1);
  });
});

describe('mergeSpans', () => {
  it('merges overlapping and touching spans and drops empty ones', () => {
    assert.deepEqual(
      mergeSpans([{ type: 'CREDIT_CARD', start: 0, end: 5 }, { type: 'PIN', start: 9, end: 9 }], [{ type: 'CARD_CVV', start: 5, end: 8 }, { type: 'US_SSN', start: 20, end: 25 }]),
      [{ type: 'CREDIT_CARD', start: 0, end: 8 }, { type: 'US_SSN', start: 20, end: 25 }],
    );
  });
});
