import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelledTurn, Span } from './corpus/format.js';
import { emptyTally, negativesRedacted, rates, scoreTurn, tokenPieces } from './metrics.js';

const text = 'my card is four one one one, um, one one';
const cardStart = text.indexOf('four');
const card: LabelledTurn = { speaker: 'caller', text, entities: [{ type: 'CREDIT_CARD', start: cardStart, end: text.length }] };

function score(turn: LabelledTurn, predicted: Span[]) {
  const t = emptyTally();
  scoreTurn(t, turn, predicted);
  return t;
}

describe('tokenPieces', () => {
  it('splits on anything that is not a letter or digit', () => {
    assert.deepEqual(tokenPieces('a.b@c d', 0, 7), [[0, 1], [2, 3], [4, 5], [6, 7]]);
  });
  it('clips tokens to the range', () => {
    assert.deepEqual(tokenPieces('abcdef', 2, 4), [[2, 4]]);
  });
});

describe('when a prediction covers every token of a gold span', () => {
  it('counts the span as caught in both any-type and strict recall', () => {
    const r = rates(score(card, [{ type: 'CREDIT_CARD', start: cardStart, end: text.length }]).total);
    assert.equal(r.span_recall_any, 1);
    assert.equal(r.span_recall_strict, 1);
    assert.equal(r.token_recall, 1);
    assert.equal(r.char_precision, 1);
  });
  it('ignores punctuation between tokens that is left uncovered', () => {
    const comma = text.indexOf(',');
    const r = rates(score(card, [
      { type: 'CREDIT_CARD', start: cardStart, end: comma },
      { type: 'CREDIT_CARD', start: comma + 2, end: text.length },
    ]).total);
    assert.equal(r.span_recall_any, 1);
  });
});

describe('when a prediction covers only part of a gold span', () => {
  it('does not count the span but counts the covered tokens', () => {
    const t = score(card, [{ type: 'CREDIT_CARD', start: cardStart, end: text.indexOf(',') }]);
    const r = rates(t.total);
    assert.equal(r.span_recall_any, 0);
    assert.equal(t.total.tokens, 7);
    assert.equal(t.total.tokensCaught, 4);
  });
  it('does not count a token cut in the middle', () => {
    const r = rates(score(card, [{ type: 'CREDIT_CARD', start: cardStart, end: text.length - 1 }]).total);
    assert.equal(r.span_recall_any, 0);
  });
});

describe('when the predicted type differs from the gold type', () => {
  it('counts for any-type recall only', () => {
    const r = rates(score(card, [{ type: 'PHONE_NUMBER', start: cardStart, end: text.length }]).total);
    assert.equal(r.span_recall_any, 1);
    assert.equal(r.span_recall_strict, 0);
  });
});

describe('when predictions overlap', () => {
  it('counts each predicted character once for precision', () => {
    const t = score(card, [
      { type: 'CREDIT_CARD', start: 0, end: text.length },
      { type: 'CREDIT_CARD', start: cardStart, end: text.length },
    ]);
    const inGold = text.slice(cardStart).replace(/\s/g, '').length;
    const all = text.replace(/\s/g, '').length;
    assert.equal(t.total.predictedChars, all);
    assert.equal(t.total.predictedCharsInGold, inGold);
    assert.equal(rates(t.total).span_recall_any, 1);
  });
  it('lets two adjoining predictions of different types cover one span together', () => {
    const mid = text.indexOf('um');
    const r = rates(score(card, [
      { type: 'CREDIT_CARD', start: cardStart, end: mid },
      { type: 'BANK_ACCOUNT', start: mid, end: text.length },
    ]).total);
    assert.equal(r.span_recall_any, 1);
    assert.equal(r.span_recall_strict, 0);
  });
});

describe('when a turn has no gold entities', () => {
  const negative: LabelledTurn = { speaker: 'caller', text: 'it was forty dollars at three thirty', entities: [], negatives: ['amount', 'time'] };
  it('leaves recall undefined rather than perfect', () => {
    assert.equal(rates(score(negative, []).total).span_recall_any, null);
  });
  it('counts a negative turn as redacted when anything in it is predicted', () => {
    const t = score(negative, [{ type: 'CARD_CVV', start: 7, end: 12 }]);
    assert.equal(negativesRedacted(t), 1);
    assert.equal(rates(t.total).char_precision, 0);
  });
  it('counts a negative turn as clean when nothing is predicted', () => {
    assert.equal(negativesRedacted(score(negative, [])), 0);
  });
  it('does not count unmarked entity-free turns as negatives', () => {
    assert.equal(negativesRedacted(score({ speaker: 'agent', text: 'hello', entities: [] }, [])), null);
  });
});

describe('when predicted offsets are out of range', () => {
  it('clamps them instead of throwing', () => {
    const r = rates(score(card, [{ type: 'CREDIT_CARD', start: -5, end: 10_000 }]).total);
    assert.equal(r.span_recall_any, 1);
  });
});
