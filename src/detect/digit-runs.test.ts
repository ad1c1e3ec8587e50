import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDigitRuns } from './digit-runs.js';
import { tokenize } from './tokenize.js';

const runs = (text: string): { digits: string; said: string }[] =>
  findDigitRuns(tokenize(text)).map((r) => ({ digits: r.digits, said: text.slice(r.start, r.end) }));
const digitsOf = (text: string): string[] => runs(text).map((r) => r.digits);

describe('the spoken-number normalizer', () => {
  const cases: [string, string, string[]][] = [
    ['digit words', 'four one one one, one one one one', ['41111111']],
    ['oh and zero', 'oh nine zero two', ['0902']],
    ['homophones inside a run', 'four won to for ate six seven niner', ['41248679']],
    ['double and triple', 'double four triple seven', ['44777']],
    ['tens and teens read in pairs', 'forty one eleven, eleven eleven', ['4111 1111'.replace(' ', '')]],
    ['a year read in pairs', 'nineteen eighty', ['1980']],
    ['hundreds', 'four hundred twelve', ['412']],
    ['thousands', 'two thousand five', ['2005']],
    ['fillers and punctuation inside a run', 'four, um, one uh one - one', ['4111']],
    ['written groups', '4111-1111-1111-1111', ['4111111111111111']],
    ['a written phone number', '(555) 123-4567', ['5551234567']],
  ];
  for (const [name, text, expected] of cases) {
    it(`reads ${name}: "${text}"`, () => assert.deepEqual(digitsOf(text), expected));
  }

  it('maps every run back to the original text', () => {
    const text = 'Sure, it is four one one one, um, one one one one thanks';
    assert.deepEqual(runs(text), [{ digits: '41111111', said: 'four one one one, um, one one one one' }]);
  });

  it('does not read "to" or "for" outside a run as digits', () => {
    assert.deepEqual(digitsOf('I want to pay for it'), []);
  });

  it('does not read ordinals as digits', () => {
    assert.deepEqual(digitsOf('on the 3rd'), []);
  });

  describe('when the caller corrects themselves', () => {
    it('starts a new run linked to the abandoned one', () => {
      const found = findDigitRuns(tokenize('four one one, sorry, let me start again, four two two two'));
      assert.deepEqual(found.map((r) => r.digits), ['411', '4222']);
      assert.equal(found[1]?.restarts, found[0]);
    });
    it('restarts after "no wait" and "I mean"', () => {
      assert.deepEqual(digitsOf('five five, no wait, six six'), ['55', '66']);
      assert.deepEqual(digitsOf('one two, I mean, three four'), ['12', '34']);
    });
  });
});
