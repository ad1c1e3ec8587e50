// Impact over a seeded audit log, on SQLite and on PostgreSQL: what the window touched, what
// was only attempted, and how few entries were read to find it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestSchema, postgresSkipReason, type TestSchema } from '../../test/support/postgres.js';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../access/index.js';
import type { AuditEntry } from '../audit/entry.js';
import { openLifecycleFixture, type FixtureBackend, type LifecycleFixture } from '../lifecycle/fixtures/lifecycle-fixture.js';
import { IncidentRegister } from './register.js';

const FILLER = 4_000;
const BASE = Date.parse('2025-12-01T00:00:00.000Z');
const minute = (n: number): string => new Date(BASE + n * 60_000).toISOString();

function entry(at: string, action: string, over: { tenant?: string; principal?: string; outcome?: AuditEntry['outcome']; type?: string; id?: string; subjectRef?: string; breakGlass?: boolean } = {}): AuditEntry {
  return {
    v: 1,
    at,
    principal: { id: over.principal ?? 'usr_reader', kind: 'user', tenantId: over.tenant ?? 'acme', roles: ['supervisor'] },
    action,
    resource: { type: over.type ?? 'call', id: over.id ?? null, tenantId: over.tenant ?? 'acme', ...(over.subjectRef ? { subjectRef: over.subjectRef } : {}) },
    outcome: over.outcome ?? 'allowed',
    reason: 'granted by role supervisor',
    requestId: null,
    source: 'test',
    ...(over.breakGlass ? { breakGlass: { grantId: 'bg_1', expiresAt: at } } : {}),
  };
}

/** One entry a minute for FILLER minutes, with data accesses at known minutes. */
function seed(): AuditEntry[] {
  const special = new Map<number, AuditEntry[]>([
    [1_500, [entry(minute(1_500), 'recording.listen', { id: 'call_before', subjectRef: 'sref_before' })]],
    [2_000, [entry(minute(2_000), 'recording.listen', { id: 'call_1', subjectRef: 'sref_a' })]],
    [2_010, [entry(minute(2_010), 'transcript.view', { type: 'artifact', id: 'art_1', subjectRef: 'sref_b', breakGlass: true })]],
    [2_020, [entry(minute(2_020), 'call.export', { tenant: 'globex', principal: 'usr_globex', id: 'call_9', subjectRef: 'sref_c' })]],
    [2_030, [entry(minute(2_030), 'recording.listen', { principal: 'usr_bad', outcome: 'denied', id: 'call_2' })]],
    [2_040, [entry(minute(2_040), 'call.export', { id: 'call_1', subjectRef: 'sref_a' })]],
    [2_500, [entry(minute(2_500), 'recording.listen', { id: 'call_after', subjectRef: 'sref_after' })]],
  ]);
  const out: AuditEntry[] = [];
  for (let i = 0; i < FILLER; i++) {
    out.push(entry(minute(i), 'session.login', { type: 'user', id: 'usr_reader' }));
    out.push(...(special.get(i) ?? []));
  }
  return out;
}

function suite(name: string, backend: () => FixtureBackend, skip: string | false): void {
  describe(name, { skip }, () => {
    let fx: LifecycleFixture;
    let register: IncidentRegister;
    before(async () => {
      fx = await openLifecycleFixture({ backend: backend() });
      await fx.vault.subjects.ensureTenant('acme');
      const all = seed();
      for (let at = 0; at < all.length; at += 1_000) await Promise.all(all.slice(at, at + 1_000).map((e) => fx.audit.append(e)));
      register = new IncidentRegister({ store: fx.store, gateway: fx.gateway, audit: fx.audit, now: () => fx.clock.now });
    });
    after(() => fx?.close());

    const open = (tenantId: string | null) =>
      register.open(LOCAL_OPERATOR, { tenantId, title: 'x', severity: 'high', detectedAt: '2025-12-31T00:00:00Z', windowStart: minute(1_990), windowEnd: minute(2_100), regimes: ['gdpr'] }, CLI_CONTEXT);

    it('a tenant incident reports its tenant’s subjects (keyed hashes), calls and artifacts, and denied attempts apart', async () => {
      const incident = await open('acme');
      const impact = await register.impact(LOCAL_OPERATOR, incident.id, CLI_CONTEXT);
      assert.deepEqual(impact.tenants, [{ tenantId: 'acme', accesses: 3 }]);
      assert.deepEqual(impact.subjects, ['sref_a', 'sref_b']);
      assert.deepEqual(impact.calls, ['call_1']);
      assert.deepEqual(impact.artifacts, ['art_1']);
      assert.deepEqual(impact.byAction, { 'recording.listen': 1, 'transcript.view': 1, 'call.export': 1 });
      assert.equal(impact.breakGlassUses, 1);
      assert.deepEqual(impact.denied, { total: 1, byPrincipal: { usr_bad: 1 }, byAction: { 'recording.listen': 1 } });
    });

    it('a deployment-wide incident covers every tenant', async () => {
      const impact = await register.impact(LOCAL_OPERATOR, (await open(null)).id, CLI_CONTEXT);
      assert.deepEqual(impact.tenants, [{ tenantId: 'acme', accesses: 3 }, { tenantId: 'globex', accesses: 1 }]);
      assert.deepEqual(impact.subjects, ['sref_a', 'sref_b', 'sref_c']);
    });

    it('the register round-trips on this backend: notify twice (upsert), update, close, list', async () => {
      const incident = await open('acme');
      await register.notify(LOCAL_OPERATOR, incident.id, { regime: 'gdpr', recipient: 'authority', status: 'not_required' }, CLI_CONTEXT);
      const notified = await register.notify(LOCAL_OPERATOR, incident.id, { regime: 'gdpr', recipient: 'authority', at: '2025-12-31T06:00:00+01:00' }, CLI_CONTEXT);
      const authority = notified.notifications.find((n) => n.recipient === 'authority');
      assert.deepEqual([authority?.status, authority?.at], ['sent', '2025-12-31T05:00:00.000Z']);
      await register.update(LOCAL_OPERATOR, incident.id, { windowEnd: null, affectedIndividuals: 700, summary: null }, CLI_CONTEXT);
      const closed = await register.close(LOCAL_OPERATOR, incident.id, CLI_CONTEXT);
      assert.deepEqual([closed.status, closed.windowEnd, closed.affectedIndividuals], ['closed', undefined, 700]);
      const listed = await register.list(LOCAL_OPERATOR, { tenantId: 'acme', includeClosed: true }, CLI_CONTEXT);
      assert.ok(listed.some((i) => i.id === incident.id && i.status === 'closed'));
    });

    it('reads a small part of the log to find the window (binary search, no time index)', async () => {
      const impact = await register.impact(LOCAL_OPERATOR, (await open('acme')).id, CLI_CONTEXT);
      assert.ok(impact.audit.logSize > FILLER);
      assert.ok(impact.audit.entriesRead < 400, `read ${impact.audit.entriesRead} of ${impact.audit.logSize}`);
    });
  });
}

const pgSkip = await postgresSkipReason();
let schema: TestSchema | undefined;
suite('incident impact on SQLite', () => ({ kind: 'sqlite' }), false);
describe('on PostgreSQL', { skip: pgSkip }, () => {
  before(async () => {
    schema = await createTestSchema();
  });
  after(() => schema?.drop());
  suite('incident impact on PostgreSQL', () => ({ kind: 'postgres', url: (schema as TestSchema).url, schema: (schema as TestSchema).name }), false);
});
