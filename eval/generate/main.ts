// Generates eval/corpus/corpus.jsonl: templated conversations from a fixed seed plus the
// hand-written ones, each assigned a split by a hash of its id (60% train, 15% dev,
// 25% heldout). Run: npx tsx eval/generate/main.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCorpus, type LabelledConversation, type Split } from '../corpus/format.js';
import { FAMILIES, generateFamilyConversation, generateNegativeConversation } from './families.js';
import { loadHandwritten } from './handwritten.js';
import { fnv1a, mulberry32 } from './prng.js';

const SEED = 20260401;
const TEMPLATED = 640;

export function splitOf(id: string): Split {
  const h = fnv1a(id) % 100;
  return h < 60 ? 'train' : h < 75 ? 'dev' : 'heldout';
}

export function generateCorpus(handwrittenDir: string): LabelledConversation[] {
  const out = generateTemplated(SEED, TEMPLATED);
  for (const h of loadHandwritten(handwrittenDir)) out.push({ id: h.id, split: splitOf(h.id), source: 'handwritten', turns: h.turns });
  return out;
}

/** `count` templated conversations from `seed`; another seed gives a fresh stress set (eval/misses.ts). */
export function generateTemplated(seed: number, count: number): LabelledConversation[] {
  const rng = mulberry32(seed);
  const out: LabelledConversation[] = [];
  for (let i = 0; i < count; i++) {
    const id = `gen-${String(i).padStart(4, '0')}`;
    const negativeOnly = i % 8 === 7;
    const family = FAMILIES[i % FAMILIES.length];
    const c = negativeOnly || !family ? generateNegativeConversation(rng) : generateFamilyConversation(rng, family);
    out.push({ id, split: splitOf(id), source: negativeOnly || !family ? 'negatives' : family.name, turns: c.turns });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('./handwritten/', import.meta.url));
  const corpus = generateCorpus(dir);
  const text = corpus.map((c) => JSON.stringify(c)).join('\n') + '\n';
  parseCorpus(text); // validates offsets and names before writing
  writeFileSync(fileURLToPath(new URL('../corpus/corpus.jsonl', import.meta.url)), text);
  console.log(`wrote ${corpus.length} conversations`);
}
