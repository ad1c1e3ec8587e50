import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestSchema, postgresSkipReason, type TestSchema } from '../../test/support/postgres.js';
import { loadPolicy } from '../access/policy/index.js';
import { AuditVerifyError } from '../audit/log/index.js';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../access/index.js';
import { defaultConfig } from '../config/index.js';
import { IncidentRegister } from '../incidents/index.js';
import { openLifecycleFixture, type LifecycleFixture } from '../lifecycle/fixtures/lifecycle-fixture.js';
import { postureReport, verifyAuditLog, type PostureItem, type PostureReport, type PostureSources } from './index.js';

const skipPostgres = await postgresSkipReason();

const item = (report: PostureReport, id: PostureItem['id']): PostureItem => {
  const found = report.items.find((i) => i.id === id);
  assert.ok(found, `the report has ${id}`);
  return found;
};

for (const backend of ['sqlite', 'postgres'] as const) {
  void describe(`the posture report on ${backend}`, { skip: backend === 'postgres' ? skipPostgres : false }, () => {
    let fx: LifecycleFixture;
    let sources: PostureSources;
    let schema: TestSchema | undefined;

    before(async () => {
      schema = backend === 'postgres' ? await createTestSchema() : undefined;
      fx = await openLifecycleFixture(schema ? { backend: { kind: 'postgres', url: schema.url, schema: schema.name } } : {});
      sources = {
        config: defaultConfig(fx.dir),
        sql: fx.store.sql,
        keyProviderName: fx.keys.name,
        keyStatus: (tenantId) => fx.vault.keyStatus(tenantId),
        authorizer: await loadPolicy(),
        audit: fx.audit,
        now: () => fx.clock.now,
      };
      await fx.put('ten-a', 'caller-1', 'recording');
      await fx.put('ten-b', 'caller-2', 'recording');
    });
    after(async () => {
      await fx?.close();
      await schema?.drop();
    });


      void it('covers every item of the checklist, each with a status and, when not in place, what is missing', async () => {
        const report = await postureReport(sources, null);
        assert.deepEqual(
          report.items.map((i) => i.id),
          ['encryption_at_rest', 'encryption_in_transit', 'data_residency', 'subprocessors', 'incident_response', 'right_to_deletion', 'retention', 'access_control', 'audit'],
        );
        for (const i of report.items) assert.equal(i.status === 'in_place', i.gaps.length === 0, `${i.id}: gaps explain every status but in place`);
        assert.equal(report.summary.in_place + report.summary.partial + report.summary.not_in_place, report.items.length);
      });

      void it('says plainly that an audit log never verified has not been verified', async () => {
        const audit = item(await postureReport(sources, null), 'audit');
        assert.ok(audit.gaps.some((g) => g.includes('never been verified')));
      });

      void it('cites the last verification once sotto audit verify has run, and its failure when it failed', async () => {
        await verifyAuditLog(fx.audit, fx.store.sql, () => fx.clock.now);
        let audit = item(await postureReport(sources, null), 'audit');
        assert.equal((audit.evidence.lastVerification as { ok: boolean }).ok, true);
        assert.ok(!audit.gaps.some((g) => g.includes('never been verified')));

        const failing = { verify: () => Promise.reject(new AuditVerifyError({ kind: 'entry', reason: 'leaf hash mismatch', firstBadIndex: 3 })) };
        await assert.rejects(verifyAuditLog(failing, fx.store.sql, () => fx.clock.now), { code: 'AUDIT_VERIFY_FAILED' });
        audit = item(await postureReport(sources, null), 'audit');
        assert.equal(audit.status, 'not_in_place');
        assert.ok(audit.gaps.some((g) => g.includes('FAILED') && g.includes('entry 3')));
      });

      void it('counts artifacts past their retention period that the sweep has not deleted', async () => {
        const fresh = item(await postureReport(sources, null), 'retention');
        assert.equal(fresh.status, 'in_place');
        fx.advanceDays(31); // recordings are kept 30 days by default
        try {
          const late = item(await postureReport(sources, null), 'retention');
          assert.equal(late.status, 'partial');
          assert.ok(late.gaps[0]?.startsWith('2 artifact(s) are past their retention period'));
          const oneTenant = item(await postureReport(sources, 'ten-a'), 'retention');
          assert.ok(oneTenant.gaps[0]?.startsWith('1 artifact(s)'), 'a tenant report counts only that tenant');
        } finally {
          fx.advanceDays(-31);
        }
      });

      void it('flags a tenant key-encryption key older than a year', async () => {
        // The keyring dates key versions by the real clock, not the fixture's.
        const later = { ...sources, now: () => new Date(Date.now() + 400 * 86_400_000) };
        const atRest = item(await postureReport(later, 'ten-a'), 'encryption_at_rest');
        assert.ok(atRest.gaps.some((g) => g.includes("tenant ten-a's key-encryption key is 400 days old")));
        const today = item(await postureReport({ ...sources, now: () => new Date() }, 'ten-a'), 'encryption_at_rest');
        assert.ok(!today.gaps.some((g) => g.includes('days old')));
      });

      void it('counts a breach notification past its deadline, for the incident’s tenant only', async () => {
      const register = new IncidentRegister({ store: fx.store, gateway: fx.gateway, audit: fx.audit, now: () => fx.clock.now });
      const detected = new Date(fx.clock.now.getTime() - 80 * 3_600_000).toISOString(); // GDPR Art. 33: 72 hours
      await register.open(
        LOCAL_OPERATOR,
        { tenantId: 'ten-a', title: 'lost laptop', severity: 'high', detectedAt: detected, windowStart: detected, regimes: ['gdpr'] },
        CLI_CONTEXT,
      );
      const a = item(await postureReport(sources, 'ten-a'), 'incident_response');
      assert.equal(a.evidence.openIncidents, 1);
      assert.ok((a.evidence.overdueNotifications as number) >= 1);
      assert.ok(a.gaps.some((g) => g.includes('past their deadline')));
      assert.ok(!JSON.stringify(a).includes('lost laptop'), 'the report names no incident title');
      const b = item(await postureReport(sources, 'ten-b'), 'incident_response');
      assert.equal(b.evidence.openIncidents, 0);
    });

    void it('names the tenant report’s tenant and leaves other tenants out', async () => {
        const report = await postureReport(sources, 'ten-b');
        assert.equal(report.tenantId, 'ten-b');
        const tenants = item(report, 'encryption_at_rest').evidence.tenants as { tenant: string }[];
        assert.deepEqual(tenants.map((t) => t.tenant), ['ten-b']);
      });
  });
}
