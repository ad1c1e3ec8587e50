// Checks the independent set (eval/README.md, "Independent set"): the JSONL is exactly what
// the builder makes from independent.txt, every span's text is a trimmed value, the set covers
// every entity type, and the digit values that should be valid (ABA, Luhn, SSN rules) are.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadSplit } from '../run.js';
import { ENTITY_TYPES, INDEPENDENT_2_SPLIT, INDEPENDENT_SPLIT, parseCorpus, parseCorpusLine } from './format.js';
import { JSONL_2_PATH, JSONL_PATH, parseIndependentSource, SOURCE_2_PATH, SOURCE_PATH, toJsonl } from './independent-build.js';

const source = readFileSync(SOURCE_PATH, 'utf8');
const jsonl = readFileSync(JSONL_PATH, 'utf8');
const corpus = parseCorpus(jsonl);

const DIGIT: Record<string, string> = {
  zero: '0', oh: '0', one: '1', won: '1', two: '2', to: '2', too: '2', three: '3', four: '4', for: '4',
  five: '5', six: '6', seven: '7', eight: '8', ate: '8', nine: '9',
};
// Digits of a value read digit by digit ("four oh one", "4 0 1", "301-48"); null otherwise.
function digitsOf(text: string): string | null {
  const words = text.split(/[\s-]+/).filter((w) => w !== '' && w !== 'uh' && w !== 'um' && w !== 'dash');
  const ds = words.map((w) => (/^\d+$/.test(w) ? w : DIGIT[w]));
  return ds.every((d) => d !== undefined) ? ds.join('') : null;
}
const luhn = (n: string): boolean => [...n].reverse().reduce((s, c, i) => {
  const d = Number(c) * (i % 2 === 1 ? 2 : 1);
  return s + (d > 9 ? d - 9 : d);
}, 0) % 10 === 0;
const aba = (n: string): boolean => {
  const d = [...n].map(Number);
  return (3 * ((d[0] ?? 0) + (d[3] ?? 0) + (d[6] ?? 0)) + 7 * ((d[1] ?? 0) + (d[4] ?? 0) + (d[7] ?? 0)) + ((d[2] ?? 0) + (d[5] ?? 0) + (d[8] ?? 0))) % 10 === 0;
};

describe('independent set', () => {
  it('is the builder output of independent.txt, byte for byte', () => {
    assert.equal(jsonl, toJsonl(parseIndependentSource(source)));
  });

  it('has at least 40 conversations of 4 to 14 turns, unique ids, split independent', () => {
    assert.ok(corpus.length >= 40);
    assert.equal(new Set(corpus.map((c) => c.id)).size, corpus.length);
    for (const c of corpus) {
      assert.equal(c.split, INDEPENDENT_SPLIT);
      assert.ok(c.turns.length >= 4 && c.turns.length <= 14, `${c.id} has ${c.turns.length} turns`);
    }
  });

  it('covers every entity type', () => {
    const seen = new Set(corpus.flatMap((c) => c.turns.flatMap((t) => t.entities.map((e) => e.type))));
    assert.deepEqual(ENTITY_TYPES.filter((t) => !seen.has(t)), []);
  });

  it('has trimmed, ordered, non-overlapping spans and negatives only on turns without spans', () => {
    for (const c of corpus) {
      for (const t of c.turns) {
        let prevEnd = 0;
        for (const e of t.entities) {
          const text = t.text.slice(e.start, e.end);
          assert.match(text, /^[\p{L}\p{N}(].*[\p{L}\p{N}]$|^[\p{L}\p{N}]$/u, `${c.id}: span ${JSON.stringify(text)}`);
          assert.ok(e.start >= prevEnd, `${c.id}: overlapping spans`);
          prevEnd = e.end;
        }
        if (t.negatives) assert.equal(t.entities.length, 0, `${c.id}: negatives on a turn with spans`);
      }
    }
  });

  it('uses valid full values: Luhn cards, ABA routing numbers, SSN area/group/serial rules', () => {
    let checked = 0;
    for (const c of corpus) {
      for (const t of c.turns) {
        for (const e of t.entities) {
          const d = digitsOf(t.text.slice(e.start, e.end));
          if (d === null) continue;
          if (e.type === 'CREDIT_CARD' && d.length >= 15) { checked++; assert.ok(luhn(d), `${c.id}: card fails Luhn`); }
          if (e.type === 'ROUTING_NUMBER' && d.length === 9) { checked++; assert.ok(aba(d), `${c.id}: routing fails ABA`); }
          if (e.type === 'US_SSN' && d.length === 9) {
            checked++;
            const area = Number(d.slice(0, 3));
            assert.ok(area >= 1 && area <= 899 && area !== 666 && d.slice(3, 5) !== '00' && d.slice(5) !== '0000', `${c.id}: SSN rules`);
          }
        }
      }
    }
    assert.ok(checked >= 12, `only ${checked} values checked`);
  });

  it('is what loadSplit returns for "independent", and never part of the generated splits', () => {
    assert.deepEqual(loadSplit(INDEPENDENT_SPLIT).map((c) => c.id), corpus.map((c) => c.id));
    assert.ok(loadSplit('all').every((c) => c.split !== INDEPENDENT_SPLIT));
    assert.throws(() => parseCorpusLine('{"id":"x","split":"bogus","turns":[]}', 7), /line 7/);
  });
});

describe('the second independent set (independent-2.txt)', () => {
  it('is exactly what the builder makes from its source', () => {
    const source2 = readFileSync(SOURCE_2_PATH, 'utf8');
    assert.equal(readFileSync(JSONL_2_PATH, 'utf8'), toJsonl(parseIndependentSource(source2, INDEPENDENT_2_SPLIT)));
  });
  it('covers every entity type and keeps spans trimmed', () => {
    const set2 = parseCorpus(readFileSync(JSONL_2_PATH, 'utf8'));
    assert.equal(set2.length, 60);
    const seen = new Set(set2.flatMap((c) => c.turns.flatMap((t) => t.entities.map((e) => e.type))));
    for (const type of ENTITY_TYPES) assert.ok(seen.has(type), type);
    for (const c of set2) for (const t of c.turns) for (const e of t.entities) assert.equal(t.text.slice(e.start, e.end).trim(), t.text.slice(e.start, e.end));
  });
});
