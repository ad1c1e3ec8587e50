import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignRedacted, redactPiiSystem } from './redact-pii.js';

const S = (c: string): string => `\uE000${c}\uE001`;
const typeOf = (k: string): string => k.toUpperCase();

describe('alignRedacted', () => {
  it('recovers a span in the middle', () => {
    assert.deepEqual(alignRedacted('call 555-1234 now', `call ${S('a')} now`, typeOf), [{ type: 'A', start: 5, end: 13 }]);
  });
  it('recovers spans at the start and the end', () => {
    assert.deepEqual(alignRedacted('Bob paid bob@x.com', `${S('n')} paid ${S('e')}`, typeOf), [
      { type: 'N', start: 0, end: 3 }, { type: 'E', start: 9, end: 18 },
    ]);
  });
  it('merges adjacent sentinels into one span typed by the first', () => {
    assert.deepEqual(alignRedacted('x 12 34 y', `x ${S('a')}${S('b')} y`, typeOf), [{ type: 'A', start: 2, end: 7 }]);
  });
  it('returns nothing when nothing was redacted', () => {
    assert.deepEqual(alignRedacted('hello', 'hello', typeOf), []);
  });
});

describe('the redact-pii baseline', () => {
  it('reports a formatted SSN as a US_SSN span', async () => {
    const [spans] = await redactPiiSystem().detect({ id: 'x', turns: [{ speaker: 'caller', text: 'my ssn is 431-72-5519 ok' }] });
    assert.deepEqual(spans, [{ type: 'US_SSN', start: 10, end: 21 }]);
  });
});

describe('the redact-pii baseline on names and phone numbers', () => {
  it('recovers both spans with their types', async () => {
    const text = 'Hi David Johnson, call 555-555-5555';
    const [spans] = await redactPiiSystem().detect({ id: 'x', turns: [{ speaker: 'caller', text }] });
    assert.deepEqual(spans?.map((s) => [s.type, text.slice(s.start, s.end)]), [['PERSON_NAME', 'David Johnson'], ['PHONE_NUMBER', '555-555-5555']]);
  });
});
