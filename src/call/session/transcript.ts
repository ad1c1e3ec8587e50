import { detectConversation, type EntitySpan, type EntityType, type TimedWord } from '../../detect/index.js';

/** What the caller said in one recognizer utterance, in call time (ms from the stream's start). */
export interface CallerUtterance {
  speaker: 'caller';
  source: 'speech';
  words: TimedWord[];
  /** The words joined by single spaces; entity offsets index this text. */
  text: string;
  /** Entities the live detector found while the call ran (char offsets into `text`, call times). */
  live: (EntitySpan & { startMs: number; endMs: number })[];
}

/** Keypad digits collected at a sensitive prompt: only their type is kept, never the digits. */
export interface KeypadEntry {
  speaker: 'caller';
  source: 'keypad';
  entityType: EntityType | undefined;
  startMs: number;
  endMs: number;
}

export interface AgentLine {
  speaker: 'agent';
  source: 'agent';
  text: string;
  startMs: number;
  endMs: number;
}

export type TranscriptItem = CallerUtterance | KeypadEntry | AgentLine;

/** A turn as stored: redacted text, entity placeholders' offsets into that text, call times. */
export interface StoredTurn {
  speaker: 'agent' | 'caller';
  source: 'speech' | 'keypad' | 'agent';
  startMs: number;
  endMs: number;
  text: string;
  entities: { type: EntityType; start: number; end: number }[];
}

/**
 * Numeric secrets are masked even in the break-glass copy: PCI DSS 3.3.1 forbids keeping card
 * verification codes and PINs after authorization, and the card number, expiry, SSN and bank
 * numbers have done their job once the tool used them. Break-glass reveals names, addresses,
 * health details and contact data — what a complaint review may need.
 */
export const ALWAYS_MASKED: ReadonlySet<EntityType> = new Set<EntityType>([
  'CREDIT_CARD', 'CARD_EXPIRY', 'CARD_CVV', 'US_SSN', 'BANK_ACCOUNT', 'ROUTING_NUMBER', 'PIN',
]);

export interface FinalTranscript {
  /** Every entity masked. */
  redacted: StoredTurn[];
  /** Only ALWAYS_MASKED types masked (for transcript.view_unredacted under break-glass). */
  breakGlass: StoredTurn[];
  /** Audio time windows that must be silenced in the recording (caller side). */
  sensitiveSpans: { startMs: number; endMs: number }[];
  /** Caller utterances whose entities could not be placed in time: muted whole (fail closed). */
  unplaceable: { startMs: number; endMs: number }[];
  entityCounts: Partial<Record<EntityType, number>>;
}

/** Union of two span lists over one text; overlapping or touching spans merge, keeping the first type. */
export function mergeSpans(a: readonly EntitySpan[], b: readonly EntitySpan[]): EntitySpan[] {
  const all = [...a, ...b].filter((s) => s.end > s.start).sort((x, y) => x.start - y.start || y.end - x.end);
  const out: EntitySpan[] = [];
  for (const span of all) {
    const last = out.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else out.push({ ...span });
  }
  return out;
}

function mask(text: string, spans: readonly EntitySpan[], masked: (t: EntityType) => boolean): Pick<StoredTurn, 'text' | 'entities'> {
  let out = '';
  let at = 0;
  const entities: StoredTurn['entities'] = [];
  for (const span of spans) {
    if (!masked(span.type)) continue;
    out += text.slice(at, span.start);
    const placeholder = `[${span.type}]`;
    entities.push({ type: span.type, start: out.length, end: out.length + placeholder.length });
    out += placeholder;
    at = span.end;
  }
  return { text: out + text.slice(at), entities };
}

/** Audio time of a char span, from the words it overlaps; undefined if no word carries a usable time. */
function timeOf(utterance: CallerUtterance, span: EntitySpan): { startMs: number; endMs: number } | undefined {
  let offset = 0;
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const word of utterance.words) {
    const start = offset;
    const end = offset + word.text.length;
    offset = end + 1;
    if (start < span.end && span.start < end) {
      if (!Number.isFinite(word.startMs) || !Number.isFinite(word.endMs) || word.endMs < word.startMs) return undefined;
      startMs = Math.min(startMs, word.startMs);
      endMs = Math.max(endMs, word.endMs);
    }
  }
  return Number.isFinite(startMs) ? { startMs, endMs } : undefined;
}

function utteranceTime(u: CallerUtterance): { startMs: number; endMs: number } | undefined {
  const times = u.words.flatMap((w) => [w.startMs, w.endMs]).filter(Number.isFinite);
  return times.length ? { startMs: Math.min(...times), endMs: Math.max(...times) } : undefined;
}

/**
 * At call end: the live detector's spans are joined with a second pass over the whole
 * conversation (which sees every turn's context), so a value either pass caught is masked in
 * the text and silenced in the audio.
 */
export function finalizeTranscript(items: readonly TranscriptItem[]): FinalTranscript {
  const spoken = items.filter((i): i is CallerUtterance | AgentLine => i.source !== 'keypad');
  const batch = detectConversation({ id: 'call', turns: spoken.map((i) => ({ speaker: i.speaker, text: i.text })) });
  const result: FinalTranscript = { redacted: [], breakGlass: [], sensitiveSpans: [], unplaceable: [], entityCounts: {} };
  const count = (type: EntityType): void => {
    result.entityCounts[type] = (result.entityCounts[type] ?? 0) + 1;
  };
  let k = 0;
  for (const item of items) {
    if (item.source === 'keypad') {
      if (item.entityType) count(item.entityType);
      const text = item.entityType ? `[${item.entityType}]` : '[KEYPAD]';
      const turn: StoredTurn = { speaker: 'caller', source: 'keypad', startMs: item.startMs, endMs: item.endMs, text, entities: item.entityType ? [{ type: item.entityType, start: 0, end: text.length }] : [] };
      result.redacted.push(turn);
      result.breakGlass.push(turn);
      continue;
    }
    const spans = mergeSpans(item.source === 'speech' ? item.live : [], batch[k++] ?? []);
    for (const span of spans) count(span.type);
    const base = { speaker: item.speaker, source: item.source };
    const times = item.source === 'agent' ? { startMs: item.startMs, endMs: item.endMs } : (utteranceTime(item) ?? { startMs: 0, endMs: 0 });
    result.redacted.push({ ...base, ...times, ...mask(item.text, spans, () => true) });
    result.breakGlass.push({ ...base, ...times, ...mask(item.text, spans, (t) => ALWAYS_MASKED.has(t)) });
    if (item.source !== 'speech') continue;
    for (const span of spans) {
      const at = timeOf(item, span);
      if (at) result.sensitiveSpans.push(at);
      else result.unplaceable.push(utteranceTime(item) ?? { startMs: 0, endMs: Number.POSITIVE_INFINITY });
    }
  }
  return result;
}
