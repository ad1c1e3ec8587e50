// Text table and JSON summary of a tally, and the issue's targets on the held-back split.
import { ENTITY_TYPES } from './corpus/format.js';
import { negativesRedacted, rates, type Rates, type Tally } from './metrics.js';

export const TARGETS = { numeric_span_recall: 0.995, span_recall: 0.95, char_precision: 0.9, negatives_redacted_max: 0.02 };

const f = (x: number | null): string => (x === null ? '    -' : x.toFixed(3));

export function table(t: Tally): string {
  const rows = [`${'type'.padEnd(22)} ${'spans'.padStart(5)}  recall(any) recall(type) token_rec char_prec`];
  const line = (name: string, r: Rates, precision: number | null): string =>
    `${name.padEnd(22)} ${String(r.spans).padStart(5)}  ${f(r.span_recall_any).padStart(11)} ${f(r.span_recall_strict).padStart(12)} ${f(r.token_recall).padStart(9)} ${f(precision).padStart(9)}`;
  for (const type of ENTITY_TYPES) {
    const g = t.byGoldType.get(type);
    if (!g) continue;
    const p = t.byPredictedType.get(type);
    rows.push(line(type, rates(g), p ? rates(p).char_precision : null));
  }
  const other = [...t.byPredictedType.keys()].filter((k) => !(ENTITY_TYPES as readonly string[]).includes(k));
  for (const k of other) rows.push(`${`(predicted ${k})`.padEnd(22)} ${''.padStart(5)}  ${''.padStart(11)} ${''.padStart(12)} ${''.padStart(9)} ${f(rates(t.byPredictedType.get(k) ?? t.total).char_precision).padStart(9)}`);
  rows.push(line('NUMERIC SECRETS', rates(t.numeric), rates(t.numeric).char_precision));
  rows.push(line('ALL', rates(t.total), rates(t.total).char_precision));
  rows.push(`negative turns redacted: ${t.negativeTurnsRedacted}/${t.negativeTurns} = ${f(negativesRedacted(t))}`);
  return rows.join('\n');
}

export interface Summary {
  turns: number;
  spans: number;
  span_recall: number | null;
  span_recall_strict: number | null;
  token_recall: number | null;
  char_precision: number | null;
  numeric_span_recall: number | null;
  numeric_span_recall_strict: number | null;
  negatives_redacted: number | null;
  per_type: Record<string, Rates>;
}

export function summary(t: Tally): Summary {
  const all = rates(t.total);
  const num = rates(t.numeric);
  return {
    turns: t.turns,
    spans: all.spans,
    span_recall: all.span_recall_any,
    span_recall_strict: all.span_recall_strict,
    token_recall: all.token_recall,
    char_precision: all.char_precision,
    numeric_span_recall: num.span_recall_any,
    numeric_span_recall_strict: num.span_recall_strict,
    negatives_redacted: negativesRedacted(t),
    per_type: Object.fromEntries([...t.byGoldType].map(([k, c]) => {
      const p = t.byPredictedType.get(k);
      return [k, { ...rates(c), char_precision: p ? rates(p).char_precision : null }];
    })),
  };
}

export function meetsTargets(s: Summary): boolean {
  return (s.numeric_span_recall ?? 0) >= TARGETS.numeric_span_recall && (s.span_recall ?? 0) >= TARGETS.span_recall
    && (s.char_precision ?? 0) >= TARGETS.char_precision && (s.negatives_redacted ?? 1) <= TARGETS.negatives_redacted_max;
}
