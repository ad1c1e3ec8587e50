import { asksForLastFour, expectationsOf, findCues, type Expectation } from './cues.js';
import { findDigitRuns } from './digit-runs.js';
import { recognizeAddresses, zipCandidates } from './recognizers/address.js';
import { resolveOverlaps, type Candidate } from './recognizers/candidate.js';
import { recognizeDates } from './recognizers/dates.js';
import { recognizeEmails } from './recognizers/email.js';
import { recognizeMedical } from './recognizers/medical.js';
import { recognizeNumbers, type NumericResult } from './recognizers/numeric.js';
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
  carry?: { type: EntityType | undefined; digits: string; guessed?: boolean } | undefined;
}

export interface TurnDetection {
  spans: EntitySpan[];
  continued?: EntityType | undefined;
  open?: NumericResult['open'];
}

/** Detects every entity in one turn; spans are offsets into `text`, sorted, never overlapping. */
export function detectTurn(text: string, context: TurnContext): TurnDetection {
  const tokens = tokenize(text);
  const runs = findDigitRuns(tokens);
  const cues = findCues(text);
  const expectations: readonly Expectation[] = context.speaker !== 'caller' || !context.prompt ? [] : (context.expectations ?? expectationsOf(context.prompt));
  const lastFour = context.speaker === 'caller' && asksForLastFour(context.prompt);
  const numeric = recognizeNumbers(tokens, runs, cues, { expectations, lastFour, carry: context.carry });
  const expects = (type: EntityType, at: number): boolean =>
    expectations.includes(type) || cues.some((c) => c.expect === type && c.end <= at && at - c.end <= 40);
  const candidates: Candidate[] = [
    ...numeric.candidates,
    ...recognizeEmails(text, expectations.includes('EMAIL')),
    ...recognizeDates(tokens, expects),
    ...recognizeAddresses(tokens, runs),
    ...recognizeNames(text, tokens, expectations.includes('PERSON_NAME'), context.speaker),
    ...recognizeMedical(tokens),
  ];
  if (expectations.includes('ADDRESS')) candidates.push(...zipCandidates(runs));
  let kept = resolveOverlaps(candidates);
  if (expectations.includes('ADDRESS')) kept = mergeAddressParts(text, kept);
  return { spans: kept.map(({ type, start, end }) => ({ type, start, end })), continued: numeric.continued, open: numeric.open };
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
