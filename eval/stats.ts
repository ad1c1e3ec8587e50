// Corpus statistics for eval/README.md: npx tsx eval/stats.ts
import { ENTITY_TYPES, SPLITS } from './corpus/format.js';
import { loadSplit } from './run.js';

const corpus = loadSplit('all');
const rows: Record<string, Record<string, number>> = {};
const bump = (row: string, col: string, by = 1): void => {
  const r = (rows[row] ??= {});
  r[col] = (r[col] ?? 0) + by;
};
for (const c of corpus) {
  for (const col of [c.split, 'all']) {
    bump('conversations', col);
    if (c.source === 'handwritten') bump('handwritten conversations', col);
    for (const t of c.turns) {
      bump('turns', col);
      if (t.negatives) bump('negative turns', col);
      for (const n of t.negatives ?? []) bump(`  negative: ${n}`, col);
      for (const e of t.entities) { bump('spans', col); bump(`  ${e.type}`, col); }
    }
  }
}
const cols = [...SPLITS, 'all'];
const order = ['conversations', 'handwritten conversations', 'turns', 'spans', ...ENTITY_TYPES.map((t) => `  ${t}`), 'negative turns',
  ...Object.keys(rows).filter((k) => k.startsWith('  negative:')).sort()];
console.log(`| ${''.padEnd(30)} | ${cols.map((c) => c.padStart(7)).join(' | ')} |`);
console.log(`|${'-'.repeat(30)}|${cols.map(() => '-'.repeat(9)).join('|')}|`);
for (const k of order) console.log(`| ${k.padEnd(30)} | ${cols.map((c) => String(rows[k]?.[c] ?? 0).padStart(7)).join(' | ')} |`);
