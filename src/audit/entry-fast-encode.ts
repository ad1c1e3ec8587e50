// The append path's encoder: the same canonical bytes as canonicalJson(validated entry), built
// from an object literal whose keys are already in sorted order, after plain type checks. It
// returns undefined for anything unusual, and the caller falls back to the validating encoder,
// so it can only ever accept entries the zod schema accepts (entry-codec.test.ts checks both
// give identical bytes). It exists because validation dominated the cost of an append.
import type { AuditEntry } from './entry.js';

const KINDS = new Set(['operator', 'user', 'service', 'system', 'anonymous']);
const OUTCOMES = new Set(['allowed', 'denied', 'failed']);
const ENTRY_KEYS = new Set(['v', 'at', 'principal', 'action', 'resource', 'outcome', 'reason', 'requestId', 'source', 'breakGlass']);

const PRINCIPAL_KEYS = new Set(['id', 'kind', 'tenantId', 'roles']);
const RESOURCE_KEYS = new Set(['type', 'id', 'tenantId', 'subjectRef']);
const BREAK_GLASS_KEYS = new Set(['grantId', 'expiresAt']);

const isString = (v: unknown): v is string => typeof v === 'string';
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

// Only the exact form toISOString produces (years 0000–9999), which the schema's datetime
// accepts. Every such string with a day up to 28 is a real date; days 29–31 exist only in some
// months, so for those the Date round trip decides.
const ISO_UTC_ANY_MONTH = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const ISO_UTC_LATE_DAY = /^\d{4}-(?:0[1-9]|1[0-2])-(?:29|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const isIsoUtc = (v: unknown): v is string =>
  typeof v === 'string' && (ISO_UTC_ANY_MONTH.test(v) || (ISO_UTC_LATE_DAY.test(v) && new Date(v).toISOString() === v));

/** No member outside `keys`: an unknown field could carry personal data into the log. */
function hasOnly(value: object, keys: ReadonlySet<string>): boolean {
  for (const key of Object.keys(value)) if (!keys.has(key)) return false;
  return true;
}

/** A plain copy of an array of strings, read by index once each; undefined if any is not a string. */
function stringsOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = new Array<string>(value.length);
  for (let i = 0; i < out.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string') return undefined;
    out[i] = item;
  }
  return out;
}

// Each field is read once into a local: the value checked is the value written, even if the
// entry has getters.
export function fastCanonicalEntry(e: AuditEntry): string | undefined {
  if (typeof e !== 'object' || e === null || e.v !== 1 || !hasOnly(e, ENTRY_KEYS)) return undefined;
  const { at, action, outcome, reason, requestId, source, principal: p, resource: r, breakGlass: bg } = e;
  if (!isIsoUtc(at) || !isString(action) || action.length === 0 || !OUTCOMES.has(outcome) || !isString(reason)) return undefined;
  if (!isNullableString(requestId) || !isNullableString(source)) return undefined;
  if (typeof p !== 'object' || p === null || !hasOnly(p, PRINCIPAL_KEYS)) return undefined;
  const { id: principalId, kind, tenantId: principalTenant } = p;
  const roles = stringsOf(p.roles);
  if (!isString(principalId) || !KINDS.has(kind) || !isNullableString(principalTenant) || roles === undefined) return undefined;
  if (typeof r !== 'object' || r === null || !hasOnly(r, RESOURCE_KEYS)) return undefined;
  const { type, id: resourceId, tenantId: resourceTenant, subjectRef } = r;
  if (!isString(type) || !isNullableString(resourceId) || !isNullableString(resourceTenant) || (subjectRef !== undefined && !isString(subjectRef))) return undefined;
  let breakGlass: { expiresAt: string; grantId: string } | undefined;
  if (bg !== undefined) {
    if (typeof bg !== 'object' || bg === null || !hasOnly(bg, BREAK_GLASS_KEYS)) return undefined;
    const { grantId, expiresAt } = bg;
    if (!isString(grantId) || !isIsoUtc(expiresAt)) return undefined;
    breakGlass = { expiresAt, grantId };
  }
  // Keys in UTF-16 order at every level (RFC 8785), as canonicalJson sorts them.
  return JSON.stringify({
    action,
    at,
    ...(breakGlass === undefined ? {} : { breakGlass }),
    outcome,
    principal: { id: principalId, kind, roles, tenantId: principalTenant },
    reason,
    requestId,
    resource: { id: resourceId, ...(subjectRef === undefined ? {} : { subjectRef }), tenantId: resourceTenant, type },
    source,
    v: 1,
  });
}
