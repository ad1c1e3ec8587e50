import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { canonicalJson, decodeAuditEntry, encodeAuditEntry } from './entry-codec.js';
import type { AuditEntry } from './entry.js';

const entry: AuditEntry = {
  v: 1,
  at: '2025-01-02T03:04:05.678Z',
  principal: { id: 'usr_1', kind: 'user', tenantId: 'ten_1', roles: ['supervisor', 'analyst'] },
  action: 'transcript.view',
  resource: { type: 'transcript', id: 'art_1', tenantId: 'ten_1', subjectRef: 'sub_hmac_ab12' },
  outcome: 'allowed',
  reason: 'policy:supervisor-reads-own-tenant',
  requestId: 'req_1',
  source: '203.0.113.7',
  breakGlass: { grantId: 'bg_1', expiresAt: '2025-01-02T04:04:05.678Z' },
};
const isEntryInvalid = (e: unknown): boolean => isSottoError(e, 'AUDIT_ENTRY_INVALID');
const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('encodeAuditEntry', () => {
  it('writes JSON with keys sorted at every depth, no whitespace, and array order kept', () => {
    assert.equal(
      encodeAuditEntry(entry).toString('utf8'),
      '{"action":"transcript.view","at":"2025-01-02T03:04:05.678Z",' +
        '"breakGlass":{"expiresAt":"2025-01-02T04:04:05.678Z","grantId":"bg_1"},"outcome":"allowed",' +
        '"principal":{"id":"usr_1","kind":"user","roles":["supervisor","analyst"],"tenantId":"ten_1"},' +
        '"reason":"policy:supervisor-reads-own-tenant","requestId":"req_1",' +
        '"resource":{"id":"art_1","subjectRef":"sub_hmac_ab12","tenantId":"ten_1","type":"transcript"},' +
        '"source":"203.0.113.7","v":1}',
    );
  });

  it('gives the same bytes whatever order the fields were written in, and leaves out undefined optionals', () => {
    const reverse = (v: unknown): unknown =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)]))
        : v;
    const reordered = reverse(entry) as AuditEntry;
    assert.notEqual(JSON.stringify(reordered), JSON.stringify(entry));
    assert.deepEqual(encodeAuditEntry(reordered), encodeAuditEntry(entry));
    const { breakGlass: _unused, ...plain } = entry;
    assert.deepEqual(encodeAuditEntry({ ...plain, breakGlass: undefined }), encodeAuditEntry(plain));
  });

  it('round-trips through decodeAuditEntry, including non-ASCII text', () => {
    const unusual = { ...entry, reason: 'règle “α” — 中文 😀 \u2028 "quoted" \\ back' };
    assert.deepEqual(decodeAuditEntry(encodeAuditEntry(unusual)), unusual);
  });

  describe('when the entry carries a field the schema does not know (say, a raw phone number)', () => {
    it('throws AUDIT_ENTRY_INVALID instead of writing it to the log', () => {
      const leaky = { ...entry, callerNumber: '+15551234567' } as unknown as AuditEntry;
      assert.throws(() => encodeAuditEntry(leaky), isEntryInvalid);
      const nested = { ...entry, resource: { ...entry.resource, phone: '+1555' } } as unknown as AuditEntry;
      assert.throws(() => encodeAuditEntry(nested), isEntryInvalid);
    });

    it('does not echo the value in the error message', () => {
      const leaky = { ...entry, outcome: '+15551234567' } as unknown as AuditEntry;
      assert.throws(() => encodeAuditEntry(leaky), (e: unknown) => isEntryInvalid(e) && !(e as Error).message.includes('5551234567'));
    });
  });
});

describe('decodeAuditEntry', () => {
  const canonical = encodeAuditEntry(entry);

  describe('when the bytes are not the canonical encoding', () => {
    it('throws AUDIT_ENTRY_INVALID for whitespace, unsorted keys, a BOM, escapes or duplicate keys', () => {
      const text = canonical.toString('utf8');
      const variants = [
        JSON.stringify(entry), // insertion order, not sorted
        JSON.stringify(JSON.parse(text), null, 1),
        `${text}\n`,
        `\ufeff${text}`,
        text.replace('"usr_1"', '"\\u0075sr_1"'),
        text.replace('"action":"transcript.view"', '"action":"call.delete","action":"transcript.view"'),
      ];
      for (const v of variants) assert.throws(() => decodeAuditEntry(bytes(v)), isEntryInvalid, v);
    });
  });

  describe('when the bytes are not an entry at all', () => {
    it('throws AUDIT_ENTRY_INVALID for invalid UTF-8, non-JSON, other JSON values, and oversize input', () => {
      const inputs = [
        Buffer.from([0x7b, 0xff, 0x7d]),
        bytes(''),
        bytes('{'),
        bytes('null'),
        bytes('[]'),
        bytes('"entry"'),
        Buffer.alloc(70 * 1024, 0x20),
      ];
      for (const b of inputs) assert.throws(() => decodeAuditEntry(b), isEntryInvalid);
      assert.throws(() => decodeAuditEntry('{}' as unknown as Uint8Array), isEntryInvalid);
    });

    it('throws AUDIT_ENTRY_INVALID for a wrong version, outcome, timestamp or a missing field', () => {
      const broken: Array<Record<string, unknown>> = [
        { ...entry, v: 2 },
        { ...entry, outcome: 'maybe' },
        { ...entry, at: '2025-01-02 03:04:05' },
        { ...entry, at: '2025-01-02T03:04:05+02:00' },
        { ...entry, action: '' },
        { ...entry, principal: { ...entry.principal, roles: 'admin' } },
      ];
      const { reason: _r, ...missing } = entry;
      broken.push(missing);
      for (const b of broken) assert.throws(() => decodeAuditEntry(bytes(canonicalJson(b))), isEntryInvalid, JSON.stringify(b));
    });
  });

  describe('when an entry smuggles a "__proto__" member (proto-poisoning)', () => {
    it('throws AUDIT_ENTRY_INVALID and leaves Object.prototype alone', () => {
      const text = canonical.toString('utf8').replace('{"action"', '{"__proto__":{"polluted":true},"action"');
      assert.throws(() => decodeAuditEntry(bytes(text)), isEntryInvalid);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });
});

describe('canonicalJson', () => {
  it('refuses values JSON cannot carry faithfully', () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, () => 1, Symbol('s'), 1n, { '1': 'integer-like key' }]) {
      assert.throws(() => canonicalJson(v), isEntryInvalid);
    }
  });
});
