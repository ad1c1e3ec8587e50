import { SottoError } from '../errors/index.js';
import type { ArtifactKind } from '../store/meta/metadata-store.js';

/** What a retention period applies to: the three artifact kinds, and call records (metadata). */
export type DataClass = ArtifactKind | 'call_record';
export const DATA_CLASSES: readonly DataClass[] = ['recording', 'transcript', 'call_record', 'export'];

/**
 * The embedded defaults, chosen as the least a business running a voice agent needs (the
 * reasons are in docs/lifecycle.md): data minimisation (GDPR Art. 5(1)(e)) says keep nothing
 * longer than its purpose, so each tenant lengthens a period only for a reason of its own.
 */
export const DEFAULT_RETENTION_DAYS: Readonly<Record<DataClass, number>> = Object.freeze({
  recording: 30,
  transcript: 90,
  call_record: 365,
  export: 7,
});

export const MAX_RETENTION_DAYS = 36_500;
export const DAY_MS = 24 * 60 * 60 * 1000;

export function checkDataClass(value: string): DataClass {
  const found = DATA_CLASSES.find((c) => c === value);
  if (found === undefined) throw new SottoError('RETENTION_INVALID', `data class must be one of ${DATA_CLASSES.join(', ')}`);
  return found;
}

export function checkRetentionDays(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_RETENTION_DAYS) {
    throw new SottoError('RETENTION_INVALID', `retention must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}`);
  }
  return value;
}
