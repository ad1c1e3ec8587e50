// The labelled corpus format (eval/README.md): one conversation per JSONL line, the
// `sotto redact` input format (../shared/DESIGN.md) plus a split, gold entity spans and
// markers for turns that hold only non-sensitive look-alikes (amounts, times, ...).
export const ENTITY_TYPES = [
  'CREDIT_CARD', 'CARD_EXPIRY', 'CARD_CVV', 'US_SSN', 'BANK_ACCOUNT', 'ROUTING_NUMBER', 'PIN',
  'DATE_OF_BIRTH', 'PHONE_NUMBER', 'EMAIL', 'PERSON_NAME', 'ADDRESS', 'MEDICAL', 'MEDICAL_RECORD_NUMBER',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

// The "numeric secrets": the types with the strictest recall target (≥ 0.995).
export const NUMERIC_SECRETS: readonly EntityType[] = [
  'CREDIT_CARD', 'CARD_CVV', 'CARD_EXPIRY', 'US_SSN', 'BANK_ACCOUNT', 'ROUTING_NUMBER',
];

export const NEGATIVE_KINDS = [
  'amount', 'time', 'count', 'year', 'duration', 'ordinal', 'order_number', 'room_number',
  'confirmation_number', 'date', 'phone_extension',
] as const;
export type NegativeKind = (typeof NEGATIVE_KINDS)[number];

export const SPLITS = ['train', 'dev', 'heldout'] as const;
// eval/corpus/independent.jsonl only: an examiner's set written without seeing the detector
// (eval/README.md, "Independent set"); never part of corpus.jsonl or of SPLITS.
export const INDEPENDENT_SPLIT = 'independent';
// eval/corpus/independent-2.jsonl: a second examiner's set (60 conversations), written after the
// detector was tuned on the first set's miss classes; same rules.
export const INDEPENDENT_2_SPLIT = 'independent2';
export type Split = (typeof SPLITS)[number] | typeof INDEPENDENT_SPLIT | typeof INDEPENDENT_2_SPLIT;

export interface Span { type: string; start: number; end: number }
export interface GoldEntity { type: EntityType; start: number; end: number }

export interface LabelledTurn {
  speaker: 'agent' | 'caller';
  text: string;
  entities: GoldEntity[];
  // Present only on turns without entities that contain planted look-alikes.
  negatives?: NegativeKind[];
}

export interface LabelledConversation {
  id: string;
  split: Split;
  // 'handwritten' or the template family that produced it; used for per-source breakdowns.
  source: string;
  turns: LabelledTurn[];
}

const TYPE_SET = new Set<string>(ENTITY_TYPES);
const NEG_SET = new Set<string>(NEGATIVE_KINDS);
const SPLIT_SET = new Set<string>([...SPLITS, INDEPENDENT_SPLIT, INDEPENDENT_2_SPLIT]);

// The corpus is our own file, but a hand edit can break it; fail with the line number.
export function parseCorpusLine(line: string, lineNo: number): LabelledConversation {
  const fail = (why: string): never => { throw new Error(`corpus line ${lineNo}: ${why}`); };
  let raw: unknown;
  try { raw = JSON.parse(line); } catch { return fail('not valid JSON'); }
  const c = raw as Partial<LabelledConversation>;
  if (typeof c.id !== 'string' || !SPLIT_SET.has(String(c.split)) || !Array.isArray(c.turns)) fail('missing id, split or turns');
  for (const t of c.turns ?? []) {
    if (t.speaker !== 'agent' && t.speaker !== 'caller') fail('unknown speaker');
    if (typeof t.text !== 'string' || !Array.isArray(t.entities)) fail('turn without text or entities');
    for (const e of t.entities) {
      if (!TYPE_SET.has(e.type)) fail(`unknown entity type ${String(e.type)}`);
      if (!Number.isInteger(e.start) || !Number.isInteger(e.end) || e.start < 0 || e.end > t.text.length || e.start >= e.end) fail('entity offsets outside the turn');
    }
    for (const n of t.negatives ?? []) if (!NEG_SET.has(n)) fail(`unknown negative kind ${String(n)}`);
  }
  return c as LabelledConversation;
}

export function parseCorpus(text: string): LabelledConversation[] {
  return text.split('\n').flatMap((line, i) => (line.trim() === '' ? [] : [parseCorpusLine(line, i + 1)]));
}
