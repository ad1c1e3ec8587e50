import { asksForPartial, expectationsOf, findCues, type Cue, type Expectation } from './cues.js';
import { findDigitRuns } from './digit-runs.js';
import { addressParts, recognizeAddresses } from './recognizers/address.js';
import { findAlnumIds } from './recognizers/alnum-id.js';
import { dropBusinessContacts } from './recognizers/business-contact.js';
import { resolveOverlaps, type Candidate } from './recognizers/candidate.js';
import { recognizeDates } from './recognizers/dates.js';
import { recognizeEmails } from './recognizers/email.js';
import { recognizeMedical } from './recognizers/medical.js';
import { recognizeNumbers, type CarriedRun, type NumericResult } from './recognizers/numeric.js';
import { recognizeNames } from './recognizers/person-name.js';
import { tokenize } from './tokenize.js';
import type { EntitySpan, EntityType, Speaker } from './types.js';

/** What the conversation so far tells the detector about one turn. */
export interface TurnContext {
  speaker: Speaker;
  /** The agent prompt this caller turn answers (empty for agent turns). */
  prompt: string;
  /** `expectationsOf(prompt)`, when the caller has already worked it out (prompts repeat across turns). */
  expectations?: readonly Expectation[];
  /** A digit run left open at the end of the caller's previous turn. */
  carry?: CarriedRun | undefined;
  /** A streaming partial result, which the recognizer may still extend. */
  unfinished?: boolean;
}

export interface TurnDetection {
  spans: EntitySpan[];
  /** The turn's first run went on with the carried one, and the type it took. */
  joined: boolean;
  continued?: EntityType | undefined;
  open?: NumericResult['open'];
  /** "…my account number is": a cue the turn ended on, for the caller's next segment. */
  trailingCue?: Expectation | undefined;
}

/** Detects every entity in one turn; spans are offsets into `text`, sorted, never overlapping. */
export function detectTurn(text: string, context: TurnContext): TurnDetection {
  const tokens = tokenize(text);
  const cues = findCues(text);
  const inCue = cueCover(cues);
  // "the last four digits are …", "the three digit code": numbers inside a cue phrase are not values.
  const runs = findDigitRuns(tokens).filter((r) => !(inCue(r.start) && inCue(r.end - 1)));
  const expectations: readonly Expectation[] = context.speaker !== 'caller' || !context.prompt ? (context.expectations ?? []) : (context.expectations ?? expectationsOf(context.prompt));
  const partial = context.speaker === 'caller' && asksForPartial(context.prompt);
  const alnumIds = findAlnumIds(tokens, runs, inCue);
  const numeric = recognizeNumbers(tokens, runs, cues, { expectations, partial, carry: context.carry, alnumIds, unfinished: context.unfinished === true });
  const expects = (type: EntityType, at: number): boolean =>
    expectations.includes(type) || cues.some((c) => c.expect === type && c.end <= at && at - c.end <= 40);
  const candidates: Candidate[] = [
    ...numeric.candidates,
    ...recognizeEmails(text, tokens, expectations.includes('EMAIL')),
    ...recognizeDates(tokens, expects),
    ...recognizeAddresses(tokens, runs),
    ...recognizeNames(text, tokens, expectations.includes('PERSON_NAME'), context.speaker),
    ...recognizeMedical(tokens),
  ];
  if (expectations.includes('ADDRESS')) candidates.push(...addressParts(tokens, runs));
  let kept = resolveOverlaps(dropBusinessContacts(text, context.speaker, candidates, runs, (type) => expectations.includes(type)));
  if (expectations.includes('ADDRESS')) kept = mergeAddressParts(text, kept);
  return {
    spans: kept.map(({ type, start, end }) => ({ type, start, end })),
    joined: numeric.joined,
    continued: numeric.continued,
    open: numeric.open,
    trailingCue: endsOnAddress(text, kept) ? 'ADDRESS' : trailingCue(text, cues, Math.max(runs.at(-1)?.end ?? 0, kept.at(-1)?.end ?? 0)),
  };
}

/** Whether an offset lies inside a cue phrase ("M R N" is not part of the number after it). */
function cueCover(cues: readonly Cue[]): (offset: number) => boolean {
  const last = cues.at(-1);
  if (!last) return () => false;
  const mask = new Uint8Array(last.end);
  for (const c of cues) mask.fill(1, c.start, c.end);
  return (offset) => mask[offset] === 1;
}

/** The last cue of a turn when nothing but a few words follow it ("the tracking number they gave me is"). */
function trailingCue(text: string, cues: readonly Cue[], lastValueEnd: number): Expectation | undefined {
  const cue = cues.at(-1);
  if (!cue || cue.weak || cue.start < lastValueEnd || text.length - cue.end > 30) return undefined;
  return cue.expect;
}

/** "…1452 north harbor drive" / "san diego california 92101": the city may come in the next segment. */
function endsOnAddress(text: string, spans: readonly Candidate[]): boolean {
  const last = spans.at(-1);
  return last !== undefined && last.type === 'ADDRESS' && /^[\s,.]*$/.test(text.slice(last.end));
}

/** "42 Oak Street, Springfield, 62704": one address, city and all, when the agent asked for it. */
function mergeAddressParts(text: string, spans: readonly Candidate[]): Candidate[] {
  const merged: Candidate[] = [];
  for (const span of spans) {
    const prev = merged.at(-1);
    if (prev && prev.type === 'ADDRESS' && span.type === 'ADDRESS' && /^[\sA-Za-z,'’-]*$/.test(text.slice(prev.end, span.start)) && span.start - prev.end <= 60) {
      prev.end = span.end;
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}
