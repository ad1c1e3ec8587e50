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

  describe('when the time is checked without building a Date (days 1–28) or with one (days 29–31)', () => {
    const accepted = ['2026-02-28T23:59:59.999Z', '2028-02-29T00:00:00.000Z', '2026-04-30T12:00:00.000Z', '2026-12-31T00:00:00.000Z', '0000-01-01T00:00:00.000Z'];
    const declined = [
      '2026-02-29T00:00:00.000Z', // not a leap year
      '2026-04-31T00:00:00.000Z', // April has 30 days
      '2026-02-30T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T00:60:00.000Z',
      '2026-01-01T00:00:60.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-00-01T00:00:00.000Z',
      '2026-01-00T00:00:00.000Z',
      '2026-01-01T00:00:00Z',
      '2026-01-01 00:00:00.000Z',
    ];
    for (const at of accepted) {
      it(`takes ${at}, as toISOString writes it`, () => {
        assert.equal(new Date(at).toISOString(), at);
        assert.equal(fastCanonicalEntry({ ...base, at }), canonicalJson({ ...base, at }));
      });
    }
    for (const at of declined) {
      it(`declines ${at}`, () => {
        assert.equal(fastCanonicalEntry({ ...base, at }), undefined);
      });
    }
  });

  it('writes the value it checked even if a field is a getter that changes its answer', () => {
    let reads = 0;
    const entry = { ...base, principal: { ...base.principal } };
    Object.defineProperty(entry, 'reason', { enumerable: true, get: () => (reads++ === 0 ? 'policy:ok' : 'x@example.com') });
    const fast = fastCanonicalEntry(entry);
    assert.ok(fast !== undefined && !fast.includes('example.com'));
    assert.equal(reads, 1);
  });

  it('declines a roles array with a hole (zod refuses it; JSON would write null)', () => {
    const roles = ['owner'];
    roles[2] = 'admin';
    assert.equal(fastCanonicalEntry({ ...base, principal: { ...base.principal, roles } }), undefined);
  });
});
