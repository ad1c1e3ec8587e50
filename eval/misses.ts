// npx tsx eval/misses.ts [--split train|dev] [--stress SEED [--count N]] [--system sotto|...]
// Lists what a system missed (gold spans not wholly covered), what it masked outside gold
// spans, and which negative turns it redacted, each with the agent prompt before it — for
// development only. It refuses heldout and independent: those are measured, never read
// (eval/README.md). --stress generates a fresh templated set from another seed, in memory.
import { parseArgs } from 'node:util';
import type { LabelledConversation, Span } from './corpus/format.js';
import { generateTemplated } from './generate/main.js';
import { inputOf, loadSplit, loadSystem, SYSTEM_NAMES, type SystemName } from './run.js';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'dev' },
    stress: { type: 'string' },
    count: { type: 'string', default: '2000' },
    system: { type: 'string', default: 'sotto' },
  },
});
if (!['train', 'dev'].includes(values.split) || !SYSTEM_NAMES.includes(values.system as SystemName)) {
  console.error('usage: npx tsx eval/misses.ts [--split train|dev] [--stress SEED [--count N]] (heldout and independent are never listed)');
  process.exit(2);
}

const corpus: LabelledConversation[] = values.stress === undefined
  ? loadSplit(values.split as 'train' | 'dev')
  : generateTemplated(Number(values.stress), Number(values.count));
const system = await loadSystem(values.system as SystemName);

const WORD = /[\p{L}\p{N}]+/gu;
const show = (text: string, spans: readonly Span[]): string => {
  let out = '';
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    out += `${text.slice(at, s.start)}⟦${s.type}:${text.slice(s.start, s.end)}⟧`;
    at = s.end;
  }
  return out + text.slice(at);
};

let missed = 0;
let spurious = 0;
let negatives = 0;
for (const c of corpus) {
  const predicted = await system.detect(inputOf(c));
  let prompt = '';
  c.turns.forEach((t, i) => {
    const p = predicted[i] ?? [];
    const mask = new Uint8Array(t.text.length);
    for (const s of p) mask.fill(1, s.start, s.end);
    const gold = new Uint8Array(t.text.length);
    for (const g of t.entities) gold.fill(1, g.start, g.end);
    const problems: string[] = [];
    for (const g of t.entities) {
      const words = [...t.text.slice(g.start, g.end).matchAll(WORD)];
      if (words.every((w) => mask.subarray(g.start + w.index, g.start + w.index + w[0].length).every((x) => x === 1))) continue;
      missed++;
      problems.push(`MISS ${g.type} "${t.text.slice(g.start, g.end)}"`);
    }
    const extra = p.filter((s) => [...t.text.slice(s.start, s.end).matchAll(WORD)].some((w) => gold[s.start + w.index] !== 1));
    if (extra.length > 0) {
      spurious += extra.length;
      if (t.negatives) negatives++;
      problems.push(`EXTRA${t.negatives ? ' (negative turn)' : ''} ${extra.map((s) => `${s.type} "${t.text.slice(s.start, s.end)}"`).join(', ')}`);
    }
    if (problems.length > 0) {
      console.log(`${c.id} turn ${i} (${t.speaker})${t.speaker === 'caller' ? `\n  prompt: ${prompt}` : ''}\n  gold:   ${show(t.text, t.entities)}\n  found:  ${show(t.text, p)}\n  ${problems.join('\n  ')}\n`);
    }
    if (t.speaker === 'agent' && !/^(?:mm-hmm|okay|uh-huh|go on)$/i.test(t.text)) prompt = t.text;
  });
}
console.log(`${corpus.length} conversations: ${missed} missed spans, ${spurious} spans outside gold, ${negatives} negative turns redacted`);
