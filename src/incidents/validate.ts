// Incident fields come from the CLI and the API: parsed defensively, each failure a clear
// INCIDENT_INVALID (never a database constraint error, never echoing the operator's text).
import { SottoError } from '../errors/index.js';
import { timestampParam } from '../store/meta/records.js';
import { REGIMES, SEVERITIES, type Regime, type Severity } from './types.js';

export const MAX_TITLE = 200;
export const MAX_SUMMARY = 4000;
export const INCIDENT_ID = /^inc_[A-Za-z0-9_-]{22}$/;

function invalid(message: string): never {
  throw new SottoError('INCIDENT_INVALID', message);
}

export function checkTitle(title: unknown): string {
  const text = typeof title === 'string' ? title.trim() : '';
  if (text.length === 0 || text.length > MAX_TITLE) invalid(`a title is 1 to ${MAX_TITLE} characters`);
  return text;
}

export function checkSummary(summary: unknown): string | undefined {
  if (summary === undefined || summary === null) return undefined;
  if (typeof summary !== 'string') invalid('a summary is text');
  const text = summary.trim();
  if (text.length > MAX_SUMMARY) invalid(`a summary is at most ${MAX_SUMMARY} characters`);
  return text || undefined;
}

export function checkSeverity(severity: unknown): Severity {
  if (!(SEVERITIES as readonly unknown[]).includes(severity)) invalid(`severity is one of ${SEVERITIES.join(', ')}`);
  return severity as Severity;
}

export function checkRegimes(regimes: readonly unknown[]): Regime[] {
  const out = new Set<Regime>();
  for (const r of regimes) {
    if (!(REGIMES as readonly unknown[]).includes(r)) invalid(`a regime is one of ${REGIMES.join(', ')}`);
    out.add(r as Regime);
  }
  return REGIMES.filter((r) => out.has(r));
}

export function checkTime(value: unknown, field: string): string {
  if (typeof value !== 'string') invalid(`${field} must be an ISO-8601 time with a zone`);
  try {
    return timestampParam(value, field);
  } catch {
    return invalid(`${field} must be an ISO-8601 time with a zone`);
  }
}

export function checkCount(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) invalid('affected individuals is a whole number ≥ 0');
  return value;
}

/** The window must not end before it starts, nor start after awareness (what was detected had happened). */
export function checkWindow(windowStart: string, windowEnd: string | undefined, detectedAt: string, now: Date): void {
  if (windowEnd !== undefined && Date.parse(windowEnd) < Date.parse(windowStart)) invalid('the window ends before it starts');
  if (Date.parse(windowStart) > Date.parse(detectedAt)) invalid('the window starts after the incident was detected');
  // A minute of slack for clock differences between the operator's machine and this one.
  if (Date.parse(detectedAt) > now.getTime() + 60_000) invalid('detectedAt is in the future');
}
