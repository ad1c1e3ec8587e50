// Reads the numbers in a date as a detector stores it: written ("03/15/1980", "July 4th, 1976")
// or as speech recognition writes it ("march third nineteen eighty", "oh three fifteen nineteen
// eighty"). Spoken numbers group in more than one way, so every grouping is returned and the
// date readers keep the ones that make a real date.

const UNITS: Readonly<Record<string, number>> = {
  zero: 0, oh: 0, o: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
};
const TEENS: Readonly<Record<string, number>> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const ORDINALS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};
export const MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};
/** Words a caller puts around a date that carry no number. */
const IGNORED = new Set(['of', 'the', 'on', 'in', 'and', 'um', 'uh', 'slash', 'dash', 'its', "it's", 'is', 'born', 'expires', 'expiry']);

/** One part of a date: a month named in words, or a number with how it was written. */
export type DatePart =
  | { kind: 'month'; value: number }
  | { kind: 'number'; value: number; /** digits as written or said one by one, e.g. "03" → "03" */ digits?: string };

type Word = { kind: 'month'; value: number } | { kind: 'digits'; text: string } | { kind: 'word'; text: string };

/** Bounds the work on hostile or rambling input; real dates have a handful of readings. */
const MAX_READINGS = 64;
const MAX_WORDS = 16;
/** Groupings tried, dead ends included: a run of sixteen "oh"s must not cost more than a few milliseconds. */
const MAX_STEPS = 5000;

function words(text: string): Word[] | undefined {
  const out: Word[] = [];
  for (const raw of text.toLowerCase().split(/[\s,./\\-]+/)) {
    const w = raw.replace(/[^a-z0-9']/g, '');
    if (!w || IGNORED.has(w)) continue;
    const ordinalDigits = /^(\d{1,2})(?:st|nd|rd|th)$/.exec(w);
    if (/^\d+$/.test(w)) out.push({ kind: 'digits', text: w });
    else if (ordinalDigits?.[1]) out.push({ kind: 'digits', text: ordinalDigits[1] });
    else if (MONTHS[w] !== undefined) out.push({ kind: 'month', value: MONTHS[w] });
    else if (UNITS[w] !== undefined || TEENS[w] !== undefined || TENS[w] !== undefined || ORDINALS[w] !== undefined || w === 'thousand' || w === 'hundred') {
      out.push({ kind: 'word', text: w });
    } else return undefined; // an unknown word: not something we can read as a date
  }
  return out.length > 0 && out.length <= MAX_WORDS ? out : undefined;
}

interface Step {
  part: DatePart;
  next: number;
}

const wordAt = (ws: readonly Word[], i: number): string | undefined => {
  const w = ws[i];
  return w?.kind === 'word' ? w.text : undefined;
};

/** A number below 100 starting at i: "seven", "oh seven", "fifteen", "forty", "forty two". */
function belowHundred(ws: readonly Word[], i: number): Step[] {
  const w = wordAt(ws, i);
  if (w === undefined) return [];
  const out: Step[] = [];
  const unit = UNITS[w];
  if (unit !== undefined) {
    out.push({ part: { kind: 'number', value: unit, digits: String(unit) }, next: i + 1 });
    const second = UNITS[wordAt(ws, i + 1) ?? ''];
    if (unit === 0 && second !== undefined) out.push({ part: { kind: 'number', value: second, digits: `0${second}` }, next: i + 2 });
  }
  const teen = TEENS[w] ?? ORDINALS[w];
  if (teen !== undefined) out.push({ part: { kind: 'number', value: teen }, next: i + 1 });
  const tens = TENS[w];
  if (tens !== undefined) {
    out.push({ part: { kind: 'number', value: tens }, next: i + 1 });
    const next = wordAt(ws, i + 1) ?? '';
    const ones = UNITS[next] ?? (ORDINALS[next] !== undefined && ORDINALS[next] < 10 ? ORDINALS[next] : undefined);
    if (ones !== undefined && ones > 0) out.push({ part: { kind: 'number', value: tens + ones }, next: i + 2 });
  }
  return out;
}

/** Years said in pairs ("nineteen eighty", "twenty twenty seven", "nineteen oh five") or "two thousand (and) five". */
function year(ws: readonly Word[], i: number): Step[] {
  const w = wordAt(ws, i) ?? '';
  const out: Step[] = [];
  const century = w === 'nineteen' ? 19 : w === 'twenty' ? 20 : undefined;
  if (century !== undefined) {
    if (wordAt(ws, i + 1) === 'hundred') out.push({ part: { kind: 'number', value: century * 100 }, next: i + 2 });
    for (const rest of belowHundred(ws, i + 1)) {
      if (rest.part.kind === 'number' && (rest.part.value >= 10 || rest.part.digits?.length === 2)) {
        out.push({ part: { kind: 'number', value: century * 100 + rest.part.value }, next: rest.next });
      }
    }
  }
  if (w === 'two' && wordAt(ws, i + 1) === 'thousand') {
    out.push({ part: { kind: 'number', value: 2000 }, next: i + 2 });
    // "and" was dropped with the other filler words: "two thousand and five" reads as "two thousand five".
    for (const rest of belowHundred(ws, i + 2)) out.push({ part: { kind: 'number', value: 2000 + rest.part.value }, next: rest.next });
  }
  return out;
}

/** Digits said one by one ("one nine eight zero") read as one number. */
function digitString(ws: readonly Word[], i: number): Step[] {
  const out: Step[] = [];
  let digits = '';
  for (let j = i; j < ws.length && digits.length < 8; j += 1) {
    const unit = UNITS[wordAt(ws, j) ?? ''];
    if (unit === undefined) break;
    digits += String(unit);
    if (digits.length >= 3) out.push({ part: { kind: 'number', value: Number(digits), digits }, next: j + 1 });
  }
  return out;
}

function stepsAt(ws: readonly Word[], i: number): Step[] {
  const w = ws[i];
  if (w === undefined) return [];
  if (w.kind === 'month') return [{ part: { kind: 'month', value: w.value }, next: i + 1 }];
  if (w.kind === 'digits') return [{ part: { kind: 'number', value: Number(w.text), digits: w.text }, next: i + 1 }];
  return [...year(ws, i), ...digitString(ws, i), ...belowHundred(ws, i)];
}

/** Every way to read `text` as a sequence of date parts (at most MAX_READINGS), or [] when it has other words. */
export function dateReadings(text: string): DatePart[][] {
  const ws = words(text);
  if (ws === undefined) return [];
  const readings: DatePart[][] = [];
  let budget = MAX_STEPS;
  const walk = (i: number, parts: DatePart[]): void => {
    budget -= 1;
    if (readings.length >= MAX_READINGS || budget < 0) return;
    if (i === ws.length) {
      readings.push(parts);
      return;
    }
    for (const step of stepsAt(ws, i)) walk(step.next, [...parts, step.part]);
  };
  walk(0, []);
  return readings;
}
