import type { Cue, Expectation } from '../cues.js';
import type { DigitRun } from '../digit-runs.js';
import { FILLERS } from '../lexicon.js';
import type { Token } from '../tokenize.js';
import type { EntityType } from '../types.js';
import type { AlnumId } from './alnum-id.js';
import type { Candidate } from './candidate.js';
import { luhnValid } from '../validators.js';
import { CONTINUATION_WORDS, FOLLOW_ON, complete, type CarriedRun } from './carried-run.js';
import { looksNotSensitive, unitAfter } from './not-sensitive.js';
import { classifyUnprompted, fitsLocalCue, fitsPrompted } from './numeric-shapes.js';

export type { CarriedRun } from './carried-run.js';

export interface NumericContext {
  /** What the agent's last prompt asked for, in order; empty for agent turns. */
  expectations: readonly Expectation[];
  /** The prompt asked for part of a value ("last four of your social", "the card ending in?"). */
  partial: boolean;
  carry?: CarriedRun | undefined;
  /** Letter-and-digit identifiers in the turn ("a b 1 2 3 4 5"). */
  alnumIds?: readonly AlnumId[];
  /** A streaming partial result: the run it ends on may still be growing. */
  unfinished?: boolean;
}

export interface NumericResult {
  candidates: Candidate[];
  /** The turn's first run went on with the carried one. */
  joined: boolean;
  /** The type the joined run took (undefined: not sensitive or still unknown). */
  continued?: EntityType | undefined;
  /** The run the turn ended on; `chained` when it is the joined run itself. */
  open?: (CarriedRun & { start: number; end: number; chained: boolean }) | undefined;
}

// What a value said only in part ("ending in …") can be.
const PARTIAL_OF_PROMPT: ReadonlySet<Expectation> = new Set(['CREDIT_CARD', 'BANK_ACCOUNT', 'US_SSN', 'PHONE_NUMBER', 'ROUTING_NUMBER', 'MEDICAL_RECORD_NUMBER']);

/** A number after "tracking", "order", "confirmation" is not sensitive unless it can only be a card. */
const cardDespiteCue = (digits: string): boolean => digits.length >= 13 && digits.length <= 19 && luhnValid(digits);

/** A shape-only guess that the next segment may overrule. */
const isGuess = (type: EntityType | undefined, digits: string): boolean => type === 'BANK_ACCOUNT' || (type === 'CREDIT_CARD' && !luhnValid(digits));

/**
 * The nearest cue before the run and after `floor` (the previous run), within ~60 characters.
 * Runs come in text order, so the cursor only moves forward: linear in a long turn.
 */
function cueFinder(cues: readonly Cue[]): (run: DigitRun, floor: number) => Cue | undefined {
  let next = 0;
  return (run, floor) => {
    while (next < cues.length && (cues[next] as Cue).end <= run.start) next += 1;
    const cue = cues[next - 1];
    if (!cue || run.start - cue.end > 60 || cue.start < floor) return undefined;
    return cue;
  };
}

interface Decision {
  type: EntityType | undefined;
  guessed: boolean;
  notSensitive: boolean;
}

export function recognizeNumbers(tokens: readonly Token[], runs: readonly DigitRun[], cues: readonly Cue[], context: NumericContext): NumericResult {
  const candidates: Candidate[] = [];
  const restarted = new Set(runs.map((r) => r.restarts).filter((r): r is DigitRun => r !== undefined));
  const idOf = new Map<DigitRun, AlnumId>();
  for (const id of context.alnumIds ?? []) for (const run of id.runs) idOf.set(run, id);
  const decided = new Map<DigitRun, Decision>();
  const typedIds = new Set<AlnumId>();
  let pointer = 0;
  let floor = 0;
  let joined = false;
  let continued: EntityType | undefined;
  const localCueFor = cueFinder(cues);
  const carry = context.carry;

  const lastRun = runs.at(-1);
  /** The run a streaming partial result ends on: the caller may still be saying it. */
  const growing = (run: DigitRun): boolean =>
    context.unfinished === true && run === lastRun && tokens.slice(run.lastToken).every((t) => t.kind === 'punct' || FILLERS.has(t.lower));
  /** The agent's questions, answered in order ("the expiration and the security code?"). */
  const prompted = (run: DigitRun, n: number): Decision | undefined => {
    for (let k = pointer; k < context.expectations.length; k += 1) {
      const expect = context.expectations[k] as Expectation;
      const advance = (): void => {
        pointer = context.expectations.length > 1 ? k + 1 : k;
      };
      if (expect === 'NOT_SENSITIVE') {
        if (!cardDespiteCue(run.digits)) {
          advance();
          return { type: undefined, guessed: false, notSensitive: true };
        }
      } else if (fitsPrompted(expect, n, context.partial, growing(run)) && !looksNotSensitive(run, tokens, false)) {
        advance();
        return { type: expect, guessed: false, notSensitive: false };
      }
    }
    return undefined;
  };

  /** Nothing but "and then, uh," before the run: it may go on from the caller's last segment. */
  const leadsOn = (run: DigitRun): boolean =>
    tokens.slice(0, run.firstToken).every((t) => t.kind === 'punct' || CONTINUATION_WORDS.has(t.lower)) && !looksNotSensitive(run, tokens, false);

  runs.forEach((run, index) => {
    const cue = localCueFor(run, run.restarts ? run.restarts.start : floor);
    floor = run.end;
    if (restarted.has(run)) return; // typed with the run said after it
    const n = run.digits.length;
    const joinsCarry = index === 0 && carry !== undefined && !complete(carry) && !cue && leadsOn(run);
    const digits = joinsCarry ? (carry?.digits ?? '') + run.digits : run.digits;
    const id = idOf.get(run);
    let decision: Decision = { type: undefined, guessed: false, notSensitive: false };
    if (id) {
      // A record or member number with letters in it: only a medical record number is asked for so.
      const record = cue ? cue.expect === 'MEDICAL_RECORD_NUMBER' : context.expectations.slice(pointer).includes('MEDICAL_RECORD_NUMBER');
      if (record && !typedIds.has(id)) {
        typedIds.add(id);
        candidates.push({ type: 'MEDICAL_RECORD_NUMBER', start: id.start, end: id.end, priority: 2 });
      }
      decided.set(run, { type: record ? 'MEDICAL_RECORD_NUMBER' : undefined, guessed: false, notSensitive: !record });
      return;
    }
    if (cue?.partial && cue.expect !== 'NOT_SENSITIVE') {
      // "the one ending in 4472" after "which account?": the question names what the partial is of.
      const asked = cue.weak ? context.expectations.find((e): e is EntityType => PARTIAL_OF_PROMPT.has(e)) : undefined;
      const partialType = asked ?? cue.expect;
      // "the card ends in 2 0 3 1": a card's last four, even when they read like a year ("the offer
      // ends in 2025" names no card, so there a year stays a year).
      if ((n >= 2 || growing(run)) && n <= 6 && !unitAfter(run, tokens) && !(cue.weak && looksNotSensitive(run, tokens, false))) decision.type = partialType;
      else if (fitsLocalCue(partialType, n, run.digits) && !looksNotSensitive(run, tokens, false)) decision.type = partialType;
    } else if (cue) {
      const expect = cue.expect;
      const fits = expect !== 'NOT_SENSITIVE' && (fitsLocalCue(expect, n, run.digits) || (growing(run) && fitsPrompted(expect, n, false, true)));
      if (expect !== 'NOT_SENSITIVE' && fits && !looksNotSensitive(run, tokens, false)) decision.type = expect;
      else if (expect === 'NOT_SENSITIVE') decision = cardDespiteCue(digits) ? { type: 'CREDIT_CARD', guessed: false, notSensitive: false } : { type: undefined, guessed: false, notSensitive: true };
      else if (!looksNotSensitive(run, tokens, true)) decision.type = classifyUnprompted(run, digits);
    } else if (joinsCarry && carry?.notSensitive) {
      decision.notSensitive = !cardDespiteCue(digits);
      if (!decision.notSensitive) decision.type = 'CREDIT_CARD';
    } else if (joinsCarry && carry?.type && !carry.guessed) {
      decision.type = carry.type;
    } else if (joinsCarry) {
      // The whole number said so far, over the segments, against what the agent asked for.
      const asked = prompted(run, digits.length);
      const type = asked?.type ?? classifyUnprompted(run, digits) ?? carry?.type;
      decision = { type, guessed: !asked && isGuess(type, digits), notSensitive: asked?.notSensitive ?? false };
    } else {
      const followOn = index === 0 && carry?.type !== undefined && complete(carry) && !cue && leadsOn(run) ? FOLLOW_ON[carry.type] : undefined;
      const next = followOn?.find((type) => fitsPrompted(type, n, false) && !looksNotSensitive(run, tokens, false));
      const asked = next ? { type: next, guessed: false, notSensitive: false } : prompted(run, n);
      if (asked) decision = asked;
      else if (!looksNotSensitive(run, tokens, true)) {
        const type = classifyUnprompted(run, digits);
        decision = { type, guessed: isGuess(type, digits), notSensitive: false };
      }
    }
    decided.set(run, decision);
    if (joinsCarry) {
      joined = true;
      continued = decision.type;
    }
    const type = decision.type;
    if (!type) return;
    candidates.push({ type, start: run.start, end: run.end, priority: 2 });
    for (let prev = run.restarts; prev; prev = prev.restarts) {
      if (prev.digits.length >= 2 || type === 'CARD_CVV' || type === 'PIN') candidates.push({ type, start: prev.start, end: prev.end, priority: 2 });
    }
  });
  const last = runs.at(-1);
  let open: NumericResult['open'];
  if (last && !restarted.has(last) && !idOf.has(last)) {
    const rest = tokens.slice(last.lastToken);
    if (rest.every((t) => t.kind === 'punct' || FILLERS.has(t.lower))) {
      const chained = runs.length === 1 && joined;
      const decision = decided.get(last);
      open = {
        type: decision?.type,
        digits: chained ? (carry?.digits ?? '') + last.digits : last.digits,
        start: last.start,
        end: last.end,
        guessed: decision === undefined || decision.guessed || decision.type === undefined,
        notSensitive: decision?.notSensitive ?? false,
        chained,
      };
    }
  }
  return { candidates, joined, continued, open };
}
