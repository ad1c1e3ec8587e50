import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCalendarDates, readCardExpiries } from './calendar-dates.js';

const NOW = new Date('2026-05-01T12:00:00Z');

describe('reading a date of birth as the detector stores it', () => {
  const cases: [string, string][] = [
    ['03/15/1980', '1980-03-15'],
    ['1/2/1990', '1990-01-02'],
    ['3/15/80', '1980-03-15'],
    ['1980-03-15', '1980-03-15'],
    ['03151980', '1980-03-15'],
    ['july 4th, 1976', '1976-07-04'],
    ['march third, nineteen eighty', '1980-03-03'],
    ['the third of march 1980', '1980-03-03'],
    ['june twelfth two thousand', '2000-06-12'],
    ['june twelfth two thousand and five', '2005-06-12'],
    ['twenty first of june nineteen ninety nine', '1999-06-21'],
    ['oh three fifteen nineteen eighty', '1980-03-15'],
    ['march nineteen nineteen eighty', '1980-03-19'],
    ['zero three one five one nine eight zero', '1980-03-15'],
  ];
  for (const [said, iso] of cases) {
    it(`reads "${said}" as ${iso} first`, () => {
      const first = readCalendarDates(said, NOW)[0];
      assert.ok(first, 'no reading');
      assert.equal(`${first.year}-${String(first.month).padStart(2, '0')}-${String(first.day).padStart(2, '0')}`, iso);
    });
  }

  it('finds no date in words that are not one, or in a day the month does not have', () => {
    assert.deepEqual(readCalendarDates('blue', NOW), []);
    assert.deepEqual(readCalendarDates('02/30/1980', NOW), []);
    assert.deepEqual(readCalendarDates('13/13/1980', NOW), []);
    assert.deepEqual(readCalendarDates('', NOW), []);
  });

  it('bounds the work on a long run of number words', () => {
    const started = process.hrtime.bigint();
    assert.deepEqual(readCalendarDates(Array(40).fill('one').join(' '), NOW), []);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 500);
  });
});

describe('reading a card expiry', () => {
  const cases: [string, string][] = [
    ['0927', '2027-09'],
    ['927', '2027-09'],
    ['092027', '2027-09'],
    ['09/27', '2027-09'],
    ['oh nine twenty seven', '2027-09'],
    ['september twenty twenty seven', '2027-09'],
    ['september 2027', '2027-09'],
  ];
  for (const [said, expected] of cases) {
    it(`reads "${said}" as ${expected}`, () => {
      const first = readCardExpiries(said)[0];
      assert.ok(first, 'no reading');
      assert.equal(`${first.year}-${String(first.month).padStart(2, '0')}`, expected);
    });
  }

  it('finds no expiry without a month', () => {
    assert.deepEqual(readCardExpiries('2027'), []);
    assert.deepEqual(readCardExpiries('27'), []);
    assert.deepEqual(readCardExpiries('1327'), []);
  });
});
