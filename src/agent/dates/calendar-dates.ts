import { dateReadings, type DatePart } from './spoken-numbers.js';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface CardExpiry {
  year: number;
  month: number;
}

type NumberPart = Extract<DatePart, { kind: 'number' }>;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function real(date: CalendarDate): boolean {
  return date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= daysInMonth(date.year, date.month);
}

/** A four-digit year, or a two-digit one placed in the century `expand` chooses. */
function yearOf(part: DatePart | undefined, expand: (yy: number) => number): number | undefined {
  if (part?.kind !== 'number') return undefined;
  if (part.value >= 1000 && part.value <= 9999) return part.value;
  const twoDigits = part.digits === undefined ? part.value >= 10 : part.digits.length === 2;
  return part.value < 100 && twoDigits ? expand(part.value) : undefined;
}

const numbers = (parts: readonly DatePart[]): NumberPart[] => parts.filter((p): p is NumberPart => p.kind === 'number');

interface RankedDate extends CalendarDate {
  /** US order first (month, day, year), then ISO (year, month, day), then day, month, year. */
  rank: number;
}

function calendarCandidates(parts: readonly DatePart[], expand: (yy: number) => number): RankedDate[] {
  const out: RankedDate[] = [];
  const push = (year: number | undefined, month: number | undefined, day: number | undefined, rank = 0): void => {
    if (year !== undefined && month !== undefined && day !== undefined) out.push({ year, month, day, rank });
  };
  const months = parts.filter((p) => p.kind === 'month');
  const nums = numbers(parts);
  if (months.length === 1 && nums.length === 2 && parts.length === 3) {
    const month = months[0]?.value;
    if (parts[0]?.kind === 'month') push(yearOf(nums[1], expand), month, nums[0]?.value); // march 3rd 1980
    if (parts[1]?.kind === 'month') push(yearOf(nums[1], expand), month, nums[0]?.value); // 3rd of march 1980
    if (parts[2]?.kind === 'month') push(yearOf(nums[0], expand), month, nums[1]?.value); // 1980 15 march
  }
  if (months.length === 0 && nums.length === 3) {
    const [a, b, c] = nums;
    push(yearOf(c, expand), a?.value, b?.value);
    if (a !== undefined && a.value >= 1000) push(a.value, b?.value, c?.value, 1);
    push(yearOf(c, expand), b?.value, a?.value, 2);
  }
  if (months.length === 0 && nums.length === 1) {
    const digits = nums[0]?.digits ?? '';
    if (digits.length === 8) {
      push(Number(digits.slice(4)), Number(digits.slice(0, 2)), Number(digits.slice(2, 4))); // MMDDYYYY
      push(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6)), 1); // YYYYMMDD
    }
    if (digits.length === 6) push(expand(Number(digits.slice(4))), Number(digits.slice(0, 2)), Number(digits.slice(2, 4))); // MMDDYY
  }
  return out;
}

function unique<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The real calendar dates `text` can be read as, most likely first. Two-digit years fall in the
 * hundred years up to `now` (a date of birth is in the past).
 */
export function readCalendarDates(text: string, now: Date): CalendarDate[] {
  const thisYear = now.getUTCFullYear();
  const expand = (yy: number): number => (2000 + yy <= thisYear ? 2000 + yy : 1900 + yy);
  const ranked = dateReadings(text)
    .flatMap((parts) => calendarCandidates(parts, expand))
    .filter(real)
    .sort((a, b) => a.rank - b.rank); // stable: readings keep their order within a rank
  return unique(ranked.map(({ year, month, day }) => ({ year, month, day })));
}

/** The month and year `text` can be read as for a card expiry (MMYY, MYY, MMYYYY, "09/27", "september 2027"). */
export function readCardExpiries(text: string): CardExpiry[] {
  const expand = (yy: number): number => 2000 + yy;
  const out: CardExpiry[] = [];
  for (const parts of dateReadings(text)) {
    const nums = numbers(parts);
    const month = parts[0]?.kind === 'month' ? parts[0].value : undefined;
    if (month !== undefined && parts.length === 2) {
      const year = yearOf(parts[1], expand);
      if (year !== undefined) out.push({ year, month });
    }
    if (parts.length === 2 && nums.length === 2) {
      const year = yearOf(nums[1], expand);
      if (year !== undefined && nums[0] !== undefined) out.push({ year, month: nums[0].value });
    }
    const digits = parts.length === 1 ? nums[0]?.digits : undefined;
    if (digits !== undefined && /^\d{3,4}$|^\d{6}$/.test(digits)) {
      const monthDigits = digits.length === 3 ? 1 : 2;
      out.push({ month: Number(digits.slice(0, monthDigits)), year: Number(digits.slice(monthDigits)) + (digits.length === 6 ? 0 : 2000) });
    }
  }
  return unique(out.filter((e) => e.month >= 1 && e.month <= 12));
}
