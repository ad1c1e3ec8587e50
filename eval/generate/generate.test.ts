import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ENTITY_TYPES, NEGATIVE_KINDS, SPLITS, parseCorpus } from '../corpus/format.js';
import { parseHandwritten } from './handwritten.js';
import { generateCorpus } from './main.js';
import { mulberry32 } from './prng.js';
import { luhnValid } from './spoken.js';
import { cardNumber, routingNumber, ssn } from './values.js';

const handwrittenDir = fileURLToPath(new URL('./handwritten/', import.meta.url));
const committed = readFileSync(fileURLToPath(new URL('../corpus/corpus.jsonl', import.meta.url)), 'utf8');
const corpus = parseCorpus(committed);

describe('the corpus generator', () => {
  it('reproduces the committed corpus byte for byte', () => {
    const text = generateCorpus(handwrittenDir).map((c) => JSON.stringify(c)).join('\n') + '\n';
    assert.equal(text, committed, 'regenerate with: npx tsx eval/generate/main.ts');
  });
  it('holds at least 500 conversations, at least 60 of them hand-written', () => {
    assert.ok(corpus.length >= 500);
    assert.ok(corpus.filter((c) => c.source === 'handwritten').length >= 60);
  });
  for (const split of SPLITS) {
    it(`puts every entity type, every negative kind and hand-written cases in ${split}`, () => {
      const part = corpus.filter((c) => c.split === split);
      const types = new Set(part.flatMap((c) => c.turns.flatMap((t) => t.entities.map((e) => e.type))));
      const kinds = new Set(part.flatMap((c) => c.turns.flatMap((t) => t.negatives ?? [])));
      assert.deepEqual([...ENTITY_TYPES].filter((t) => !types.has(t)), []);
      assert.deepEqual([...NEGATIVE_KINDS].filter((k) => !kinds.has(k)), []);
      assert.ok(part.some((c) => c.source === 'handwritten'));
    });
  }
  const spanTexts = corpus.flatMap((c) => c.turns.flatMap((t) => t.entities.map((e) => t.text.slice(e.start, e.end))));
  const forms: [string, RegExp][] = [
    ['oh for zero', /\boh\b/], ['double', /\bdouble\b/], ['triple', /\btriple\b/], ['pairs', /\b(twenty|forty|sixty|eleven) \w+/],
    ['homophone for', /\bfor\b/], ['homophone to/too', /\bto{1,2}\b/], ['homophone won', /\bwon\b/], ['homophone ate', /\bate\b/],
    ['filler', /\b(um|uh)\b/], ['formatted card', /^\d{4}[- ]\d{4}[- ]\d{4}[- ]\d{4}$/], ['formatted SSN', /^\d{3}-\d{2}-\d{4}$/],
    ['formatted phone', /^\(\d{3}\) \d{3}-\d{4}$/], ['spoken email', / at \w+ dot /],
  ];
  for (const [name, re] of forms) {
    it(`labels spans in the spoken form "${name}"`, () => assert.ok(spanTexts.some((s) => re.test(s))));
  }
  it('has runs restarted mid-way and runs continued in the next turn after a backchannel', () => {
    const texts = corpus.flatMap((c) => c.turns.map((t) => t.text));
    assert.ok(texts.some((t) => /let me start (again|over)/.test(t)));
    assert.ok(corpus.some((c) => c.turns.some((t, i) => t.text === 'mm-hmm' && c.turns[i - 1]?.entities.length && c.turns[i + 1]?.entities.length)));
  });
});

describe('the value generators', () => {
  const rng = mulberry32(7);
  it('make Luhn-valid card numbers', () => {
    for (let i = 0; i < 200; i++) assert.ok(luhnValid(cardNumber(rng).digits));
  });
  it('make routing numbers that pass the ABA checksum', () => {
    for (let i = 0; i < 200; i++) {
      const d = [...routingNumber(rng)].map(Number);
      const sum = 3 * ((d[0] ?? 0) + (d[3] ?? 0) + (d[6] ?? 0)) + 7 * ((d[1] ?? 0) + (d[4] ?? 0) + (d[7] ?? 0)) + (d[2] ?? 0) + (d[5] ?? 0) + (d[8] ?? 0);
      assert.equal(sum % 10, 0);
    }
  });
  it('make SSNs that obey the area, group and serial rules', () => {
    for (let i = 0; i < 500; i++) {
      const s = ssn(rng);
      const area = Number(s.slice(0, 3));
      assert.ok(area > 0 && area < 900 && area !== 666, s);
      assert.notEqual(s.slice(3, 5), '00');
      assert.notEqual(s.slice(5), '0000');
    }
  });
});

describe('when a hand-written turn is parsed', () => {
  it('computes entity offsets and marks negative-only turns', () => {
    const [c] = parseHandwritten('=== x\nC: it is {CARD_CVV|one two three} ok\nA: that is {~amount|ten dollars}\n', 't.txt');
    assert.deepEqual(c?.turns[0], { speaker: 'caller', text: 'it is one two three ok', entities: [{ type: 'CARD_CVV', start: 6, end: 19 }] });
    assert.deepEqual(c?.turns[1]?.negatives, ['amount']);
  });
  it('rejects an unknown entity type, naming the line', () => {
    assert.throws(() => parseHandwritten('=== x\nA: ok\nC: {CARD|1234}\n', 't.txt'), /t\.txt:3/);
  });
});
