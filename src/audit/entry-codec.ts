// The bytes of an audit entry are what the Merkle leaf hashes (RFC 6962 leaf = SHA-256(0x00 ‖
// bytes)), so they must be one deterministic function of the entry: JSON with object keys sorted
// recursively (UTF-16 code-unit order, as RFC 8785), no whitespace, UTF-8. Decoding accepts only
// bytes that re-encode to themselves, so a proof file cannot show one reading of an entry while
// its hash covers another (duplicate keys, escapes, reordering).
import { z } from 'zod';
import { SottoError } from '../errors/index.js';
import type { AuditEntry } from './entry.js';
import { fastCanonicalEntry } from './entry-fast-encode.js';

/** Far above any real entry; bounds the work a hostile proof file can ask for. */
export const MAX_AUDIT_ENTRY_BYTES = 64 * 1024;

const principalSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['operator', 'user', 'service', 'system', 'anonymous']),
  tenantId: z.string().nullable(),
  roles: z.array(z.string()),
});

const resourceSchema = z.strictObject({
  type: z.string(),
  id: z.string().nullable(),
  tenantId: z.string().nullable(),
  subjectRef: z.string().optional(),
});

// strictObject: an unknown field is refused rather than carried into the log, where it would
// outlive erasure (DESIGN.md invariant 5).
const auditEntrySchema = z.strictObject({
  v: z.literal(1),
  at: z.iso.datetime(),
  principal: principalSchema,
  action: z.string().min(1),
  resource: resourceSchema,
  outcome: z.enum(['allowed', 'denied', 'failed']),
  reason: z.string(),
  requestId: z.string().nullable(),
  source: z.string().nullable(),
  breakGlass: z.strictObject({ grantId: z.string(), expiresAt: z.iso.datetime() }).optional(),
}) satisfies z.ZodType<AuditEntry>;

/** Canonical bytes of an entry; throws AUDIT_ENTRY_INVALID if it does not match the schema. */
export function encodeAuditEntry(entry: AuditEntry): Buffer {
  const fast = fastCanonicalEntry(entry);
  if (fast !== undefined && fast.length <= MAX_AUDIT_ENTRY_BYTES / 4) return Buffer.from(fast, 'utf8');
  const parsed = auditEntrySchema.safeParse(entry);
  if (!parsed.success) throw new SottoError('AUDIT_ENTRY_INVALID', `audit entry does not validate: ${describeIssues(parsed.error)}`);
  const bytes = Buffer.from(canonicalJson(parsed.data), 'utf8');
  if (bytes.length > MAX_AUDIT_ENTRY_BYTES) throw new SottoError('AUDIT_ENTRY_INVALID', 'audit entry is larger than 64 KiB');
  return bytes;
}

/** Parse canonical entry bytes (from storage or a proof file); throws AUDIT_ENTRY_INVALID. */
export function decodeAuditEntry(bytes: Uint8Array): AuditEntry {
  if (!(bytes instanceof Uint8Array)) throw new SottoError('AUDIT_ENTRY_INVALID', 'audit entry is not bytes');
  if (bytes.length > MAX_AUDIT_ENTRY_BYTES) throw new SottoError('AUDIT_ENTRY_INVALID', 'audit entry is larger than 64 KiB');
  let value: unknown;
  try {
    // fatal: invalid UTF-8 must not be silently replaced by U+FFFD; ignoreBOM: keep a BOM so
    // the canonical comparison below rejects it.
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch (cause) {
    throw new SottoError('AUDIT_ENTRY_INVALID', 'audit entry is not UTF-8 JSON', { cause });
  }
  const parsed = auditEntrySchema.safeParse(value);
  if (!parsed.success) throw new SottoError('AUDIT_ENTRY_INVALID', `audit entry does not validate: ${describeIssues(parsed.error)}`);
  if (!Buffer.from(canonicalJson(parsed.data), 'utf8').equals(bytes)) {
    throw new SottoError('AUDIT_ENTRY_INVALID', 'audit entry is not in canonical encoding');
  }
  return parsed.data;
}

/**
 * Deterministic JSON: object keys sorted, no whitespace, `undefined` members left out. Builds a
 * copy with keys inserted in sorted order and lets JSON.stringify (which keeps insertion order)
 * do the escaping: several times faster than joining strings by hand, and the log encodes every
 * entry it appends. Keys starting with a digit are refused: JavaScript would list integer-like
 * keys first, out of sorted order (the entry schema has none).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value));
}

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SottoError('AUDIT_ENTRY_INVALID', 'a number in the entry is not finite');
    return value;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => (v === undefined ? null : sortedCopy(v)));
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // No prototype: a member named "__proto__" stays a plain member instead of a prototype.
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      const code = key.charCodeAt(0);
      if (code >= 0x30 && code <= 0x39) throw new SottoError('AUDIT_ENTRY_INVALID', 'an entry key starts with a digit');
      const member = record[key];
      if (member !== undefined) out[key] = sortedCopy(member);
    }
    return out;
  }
  throw new SottoError('AUDIT_ENTRY_INVALID', `a ${typeof value} cannot be encoded in an audit entry`);
}

// Paths and zod's own wording only: never the values, which an error message must not carry.
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(entry)'}: ${i.message}`)
    .join('; ');
}
