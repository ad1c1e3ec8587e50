import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { canonicalJson, decodeAuditEntry, encodeAuditEntry } from './entry-codec.js';
import type { AuditEntry } from './entry.js';
import { fastCanonicalEntry } from './entry-fast-encode.js';

const base: AuditEntry = {
  v: 1,
  at: '2026-11-28T03:00:00.000Z',
  principal: { id: 'usr_1', kind: 'user', tenantId: 'acme', roles: ['supervisor'] },
  action: 'recording.listen',
  resource: { type: 'call', id: 'call_1', tenantId: 'acme', subjectRef: 'ab'.repeat(32) },
  outcome: 'allowed',
  reason: 'granted by role supervisor',
  requestId: 'req_1',
  source: '127.0.0.1',
};

const variants: AuditEntry[] = [
  base,
  { ...base, resource: { type: 'tenant', id: null, tenantId: null } },
  { ...base, principal: { id: 'anonymous', kind: 'anonymous', tenantId: null, roles: [] }, requestId: null, source: null },
  { ...base, breakGlass: { grantId: 'bg_1', expiresAt: '2026-11-28T03:15:00.000Z' }, action: 'transcript.view_unredacted' },
  { ...base, reason: 'quotes " back\\slash \u2028 line sep, emoji 🎧, control \u0001, é' },
  { ...base, principal: { ...base.principal, roles: ['owner', 'admin', 'analyst'] } },
];

describe('the fast audit-entry encoder', () => {
  for (const [i, entry] of variants.entries()) {
    it(`gives exactly the canonical bytes for variant ${i}, which decode back`, () => {
      const fast = fastCanonicalEntry(entry);
      assert.ok(fast !== undefined, 'the fast path took it');
      assert.equal(fast, canonicalJson(entry));
      assert.deepEqual(decodeAuditEntry(encodeAuditEntry(entry)), JSON.parse(fast));
    });
  }

  describe('when an entry is unusual or invalid', () => {
    const invalid: [string, unknown][] = [
      ['an unknown top-level field', { ...base, email: 'x@example.com' }],
      ['an unknown principal field', { ...base, principal: { ...base.principal, email: 'x@example.com' } }],
      ['a non-UTC time', { ...base, at: '2026-11-28T03:00:00+01:00' }],
      ['a bad outcome', { ...base, outcome: 'maybe' }],
      ['a numeric role', { ...base, principal: { ...base.principal, roles: [1] } }],
    ];
    for (const [what, entry] of invalid) {
      it(`with ${what}, the fast path declines and the validating encoder decides`, () => {
        assert.equal(fastCanonicalEntry(entry as AuditEntry), undefined);
        assert.throws(() => encodeAuditEntry(entry as AuditEntry), (e: unknown) => isSottoError(e, 'AUDIT_ENTRY_INVALID'));
      });
    }
  });
});
