// The tenant policy through the real runtime (SQLite and PostgreSQL, the real gateway and audit
// log): defaults, an audited change, refusals for another tenant and a role without
// subprocessors.manage, and fail-closed admission when the stored policy is damaged.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestSchema, postgresSkipReason, type TestSchema } from '../../test/support/postgres.js';
import { CLI_CONTEXT, LOCAL_OPERATOR, type Principal } from '../access/index.js';
import { loadConfig } from '../config/index.js';
import { isSottoError } from '../errors/index.js';
import { createLogger } from '../log/index.js';
import { openRuntime, type Runtime } from '../runtime/index.js';

const pgSkip = await postgresSkipReason();
const person = (tenantId: string, role: string): Principal => ({ id: `u_${tenantId}_${role}`, kind: 'user', tenantId, roles: [role] });
const POLICY = { healthDataRequires: ['hipaa_baa', 'soc2_type2'], cardDataRequires: [], sameRegionOnly: false, allowedProviders: ['deepgram'] };

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`the tenant subprocessor policy on ${backend}`, { skip: backend === 'postgres' ? pgSkip : false }, () => {
    let dir: string;
    let schema: TestSchema | undefined;
    let rt: Runtime;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'sotto-subprocessors-'));
      const config = loadConfig({ dataDir: dir, env: { SOTTO_MASTER_SECRET: 'subprocessors-test-master-secret-0123456789' } });
      if (backend === 'postgres') {
        schema = await createTestSchema();
        config.metadata = { kind: 'postgres', url: schema.url, schema: schema.name };
      }
      config.subprocessors.declarations.deepgram = { legalEntity: 'Deepgram, Inc.', purpose: 'speech recognition', certifications: ['soc2_type2', 'hipaa_baa', 'pci_dss'], regions: ['local'], dataCategories: ['audio'] };
      rt = await openRuntime(config, createLogger({ level: 'silent' }), { createKeys: true });
      await rt.vault.subjects.ensureTenant('acme');
      await rt.vault.subjects.ensureTenant('globex');
    });

    after(async () => {
      await rt?.close();
      await schema?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('a tenant without a policy of its own gets the default: BAA for health, PCI DSS for card data, same region only', async () => {
      const view = await rt.subprocessors.tenantView(LOCAL_OPERATOR, 'acme', CLI_CONTEXT);
      assert.equal(view.source, 'default');
      assert.deepEqual(view.policy, { healthDataRequires: ['hipaa_baa'], cardDataRequires: ['pci_dss'], sameRegionOnly: true, allowedProviders: null });
      assert.equal(view.region, 'local');
    });

    it('the owner sets a policy: stored, read back, and the change audited without provider names', async () => {
      const before = await rt.audit.size();
      const view = await rt.subprocessors.setPolicy(person('acme', 'owner'), 'acme', POLICY, CLI_CONTEXT);
      assert.equal(view.source, 'tenant');
      const again = await rt.subprocessors.tenantView(person('acme', 'compliance_officer'), 'acme', CLI_CONTEXT);
      assert.deepEqual(again.policy, view.policy);
      assert.deepEqual(again.policy.healthDataRequires, ['hipaa_baa', 'soc2_type2']);
      const entries = (await rt.audit.entries({ from: before, limit: 10 })).map((r) => r.entry);
      const change = entries.find((e) => e.action === 'subprocessors.policy.set');
      assert.ok(change, 'the change is audited');
      assert.equal(change.resource?.tenantId, 'acme');
      assert.match(change.reason, /health requires hipaa_baa -> hipaa_baa\+soc2_type2/);
      assert.match(change.reason, /providers any declared -> 1 named/);
      assert.equal(change.reason.includes('deepgram'), false);
      assert.ok(entries.some((e) => e.action === 'subprocessors.manage' && e.outcome === 'allowed'), 'the decision is audited');
    });

    it('another tenant’s owner is refused as if the tenant did not exist, and nothing changes', async () => {
      await assert.rejects(rt.subprocessors.setPolicy(person('globex', 'owner'), 'acme', { ...POLICY, sameRegionOnly: true }, CLI_CONTEXT), (e: unknown) => isSottoError(e, 'NOT_FOUND'));
      await assert.rejects(rt.subprocessors.tenantView(person('globex', 'owner'), 'acme', CLI_CONTEXT), (e: unknown) => isSottoError(e, 'NOT_FOUND'));
      assert.equal((await rt.subprocessors.tenantView(LOCAL_OPERATOR, 'acme', CLI_CONTEXT)).policy.sameRegionOnly, false);
    });

    it('a role without subprocessors.manage is refused', async () => {
      await assert.rejects(rt.subprocessors.setPolicy(person('acme', 'developer'), 'acme', POLICY, CLI_CONTEXT), (e: unknown) => isSottoError(e, 'ACCESS_DENIED'));
    });

    it('an unknown tenant is NOT_FOUND for the operator too', async () => {
      await assert.rejects(rt.subprocessors.setPolicy(LOCAL_OPERATOR, 'hooli', POLICY, CLI_CONTEXT), (e: unknown) => isSottoError(e, 'NOT_FOUND'));
    });

    it('admits a call whose providers the policy allows', async () => {
      await rt.subprocessors.admitCall({ callId: 'call_a', tenantId: 'acme', providers: [{ name: 'deepgram', kind: 'asr', local: false }, { name: 'flite', kind: 'tts', local: true }] });
    });

    it('refuses a call naming the provider and the rule', async () => {
      await assert.rejects(
        rt.subprocessors.admitCall({ callId: 'call_b', tenantId: 'globex', providers: [{ name: 'speechly', kind: 'asr', local: false }] }),
        (e: unknown) => isSottoError(e, 'SUBPROCESSOR_NOT_ALLOWED') && e.message.includes('speechly (asr)') && e.message.includes('rule undeclared'),
      );
    });

    it('a tenant pinned to another region: a provider processing only in the deployment’s region is refused by the region rule', async () => {
      // A tenant row of another region, written directly (a region never changes in place).
      await rt.store.sql.run(
        `INSERT INTO tenants (id, created_at, provider, key_id, key_version, ciphertext, region)
         SELECT 'initech', created_at, provider, key_id, key_version, ciphertext, ? FROM tenants WHERE id = 'acme'`,
        ['eu-west'],
      );
      await assert.rejects(
        rt.subprocessors.admitCall({ callId: 'call_r', tenantId: 'initech', providers: [{ name: 'deepgram', kind: 'asr', local: false }] }),
        (e: unknown) => isSottoError(e, 'SUBPROCESSOR_NOT_ALLOWED') && e.message.includes('rule region') && e.message.includes('eu-west'),
      );
    });

    it('refuses, and records, a role without subprocessors.manage before reading its (invalid) body', async () => {
      const before = await rt.audit.size();
      await assert.rejects(rt.subprocessors.setPolicy(person('acme', 'supervisor'), 'acme', { sameRegionOnly: 'maybe' }, CLI_CONTEXT), (e: unknown) =>
        isSottoError(e, 'ACCESS_DENIED'),
      );
      const entries = (await rt.audit.entries({ from: before, limit: 10 })).map((r) => r.entry);
      assert.ok(entries.some((e) => e.action === 'subprocessors.manage' && e.outcome === 'denied'));
    });

    it('when the stored policy is damaged: calls are refused (fail closed), and setting a policy repairs it', async () => {
      await rt.store.sql.run('UPDATE subprocessor_policies SET policy = ? WHERE tenant_id = ?', ['{"sameRegionOnly":"maybe"}', 'acme']);
      await assert.rejects(
        rt.subprocessors.admitCall({ callId: 'call_c', tenantId: 'acme', providers: [{ name: 'pocketsphinx', kind: 'asr', local: true }] }),
        (e: unknown) => isSottoError(e, 'SUBPROCESSOR_POLICY_INVALID'),
      );
      await rt.subprocessors.setPolicy(LOCAL_OPERATOR, 'acme', POLICY, CLI_CONTEXT);
      await rt.subprocessors.admitCall({ callId: 'call_d', tenantId: 'acme', providers: [{ name: 'pocketsphinx', kind: 'asr', local: true }] });
    });
  });
}
