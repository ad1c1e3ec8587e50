// Invariant of issue 6: several Sotto processes sweeping one PostgreSQL database share the
// work — every expired artifact deleted exactly once, nothing missed, one audit entry each.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createTestSchema, postgresSkipReason, type TestSchema } from '../../test/support/postgres.js';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../access/index.js';
import type { DataClass } from './data-classes.js';
import { startLifecycleChild } from './fixtures/children.js';
import { openLifecycleFixture, type FixtureBackend, type LifecycleFixture } from './fixtures/lifecycle-fixture.js';
import { seedArtifacts } from './fixtures/seed.js';
import type { SweepReport } from './retention-sweep.js';

const skip = await postgresSkipReason();
const EXPIRED_AT = '2020-01-01T00:00:00.000Z';
const PER_SET = 1500;

describe('two processes sweeping one PostgreSQL database at once', { skip, timeout: 180_000 }, () => {
  let schema: TestSchema;
  let fx: LifecycleFixture;
  let backend: FixtureBackend;
  const expired = new Set<string>();
  const kept: string[] = [];
  let reports: SweepReport[];

  before(async () => {
    schema = await createTestSchema();
    backend = { kind: 'postgres', url: schema.url, schema: schema.name };
    fx = await openLifecycleFixture({ backend });
    const seed = (tenantId: string, subjectId: string, kind: 'recording' | 'transcript' | 'export', createdAt = EXPIRED_AT, count = PER_SET) =>
      seedArtifacts({ store: fx.store, subjects: fx.vault.subjects, blobRoot: fx.blobRoot }, { tenantId, subjectId, kind, count, createdAt });
    for (const id of [...(await seed('acme', 'a', 'recording')), ...(await seed('acme', 'b', 'transcript')), ...(await seed('globex', 'c', 'export')), ...(await seed('globex', 'd', 'recording'))]) {
      expired.add(id);
    }
    kept.push(...(await seed('acme', 'fresh', 'recording', new Date().toISOString(), 20)));
    kept.push(...(await seed('acme', 'held', 'recording', EXPIRED_AT, 20)));
    await fx.lifecycle.setHold(LOCAL_OPERATOR, { tenantId: 'acme', target: { scope: 'subject', subjectId: 'held' } }, CLI_CONTEXT);

    const children = [1, 2].map(() => startLifecycleChild('sweep', fx.dir, backend, { batchSize: 100 }));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go(); // both start together, so both find work
    const exits = await Promise.all(children.map((c) => c.exited));
    for (const exit of exits) assert.equal(exit.code, 0, exit.stderr);
    reports = exits.map((e) => e.result as SweepReport);
  });
  after(async () => {
    await fx?.close();
    await schema?.drop();
  });

  const total = (r: SweepReport) => Object.values(r.deleted).reduce((a, b) => a + b, 0);

  it('both processes did part of the work, and together all of it', (t) => {
    t.diagnostic(`deleted per process: ${reports.map(total).join(' + ')}`);
    assert.ok(reports.every((r) => total(r) > 0), 'each process deleted something');
    assert.equal(reports.reduce((n, r) => n + total(r), 0), expired.size);
    const byClass = (c: DataClass) => reports.reduce((n, r) => n + r.deleted[c], 0);
    assert.equal(byClass('recording'), 2 * PER_SET);
    assert.equal(byClass('transcript'), PER_SET);
    assert.equal(byClass('export'), PER_SET);
  });

  it('deleted every expired artifact exactly once: one completed ledger row and one audit entry each', async () => {
    const rows = await schema.query<{ item_id: string; audit_index: string | null }>(
      "SELECT item_id, audit_index FROM deletions WHERE item_type = 'artifact' AND completed_at IS NOT NULL",
    );
    assert.deepEqual(new Set(rows.map((r) => r.item_id)), expired);
    const deletions = (await fx.auditEntries()).filter((e) => e.entry.action === 'artifact.delete');
    assert.equal(deletions.length, expired.size, 'audit entries = artifacts');
    assert.deepEqual(new Set(deletions.map((e) => e.entry.resource.id)), expired);
    assert.deepEqual(new Set(rows.map((r) => Number(r.audit_index))), new Set(deletions.map((e) => e.index)));
  });

  it('left no blob of a deleted artifact, and every fresh or held one in place', async () => {
    const files = new Set((await readdir(fx.blobRoot, { recursive: true })).map((p) => p.split('/').at(-1)));
    for (const id of expired) assert.ok(!files.has(id), `blob of ${id} is still there`);
    for (const id of kept) assert.ok(files.has(id), `blob of ${id} was deleted`);
    const live = await schema.query<{ n: string }>('SELECT COUNT(*) AS n FROM artifacts WHERE deleted_at IS NULL');
    assert.equal(Number(live[0]?.n), kept.length);
  });

  it('the audit log still verifies after both processes appended to it', async () => {
    const report = await fx.audit.verify();
    assert.ok(report.size >= expired.size);
  });
});
