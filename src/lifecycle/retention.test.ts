import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR, type Principal } from '../access/index.js';
import { isSottoError } from '../errors/index.js';
import { DEFAULT_RETENTION_DAYS } from './data-classes.js';
import { openLifecycleFixture, type LifecycleFixture } from './fixtures/lifecycle-fixture.js';

const analyst: Principal = { id: 'usr_analyst', kind: 'user', tenantId: 'acme', roles: ['analyst'] };
const officer: Principal = { id: 'usr_officer', kind: 'user', tenantId: 'acme', roles: ['compliance_officer'] };
const code = (c: string) => (err: unknown) => isSottoError(err, c as never);

describe('retention policies', () => {
  let fx: LifecycleFixture;
  before(async () => {
    fx = await openLifecycleFixture();
    await fx.vault.subjects.ensureTenant('acme');
  });
  after(() => fx.close());

  it('shows the documented defaults for a tenant that set nothing', async () => {
    const schedule = await fx.lifecycle.showRetention(LOCAL_OPERATOR, 'acme', CLI_CONTEXT);
    for (const [dataClass, days] of Object.entries(DEFAULT_RETENTION_DAYS)) {
      assert.deepEqual(schedule[dataClass as keyof typeof schedule], { dataClass, days, source: 'default', updatedAt: undefined });
    }
  });

  it('sets one class for one tenant, and audits the change with the old and new periods', async () => {
    const mark = (await fx.auditEntries()).length;
    const { previous, current } = await fx.lifecycle.setRetention(officer, { tenantId: 'acme', dataClass: 'recording', days: 14 }, CLI_CONTEXT);
    assert.equal(previous.days, 30);
    assert.equal(current.days, 14);
    const schedule = await fx.lifecycle.showRetention(officer, 'acme', CLI_CONTEXT);
    assert.equal(schedule.recording.days, 14);
    assert.equal(schedule.recording.source, 'tenant');
    assert.equal(schedule.transcript.source, 'default');
    const entries = (await fx.auditEntries()).slice(mark).map((e) => e.entry);
    assert.deepEqual(
      entries.map((e) => [e.action, e.outcome, e.principal.id]),
      [
        ['retention.manage', 'allowed', 'usr_officer'],
        ['retention.set', 'allowed', 'usr_officer'],
        ['retention.manage', 'allowed', 'usr_officer'],
      ],
    );
    assert.equal(entries[1]?.reason, 'recording: 30 -> 14 days');
  });

  it('refuses a role without retention.manage, and records the denial', async () => {
    const mark = (await fx.auditEntries()).length;
    await assert.rejects(fx.lifecycle.setRetention(analyst, { tenantId: 'acme', dataClass: 'recording', days: 1 }, CLI_CONTEXT), code('ACCESS_DENIED'));
    const [entry] = (await fx.auditEntries()).slice(mark).map((e) => e.entry);
    assert.equal(entry?.outcome, 'denied');
    assert.equal((await fx.lifecycle.showRetention(LOCAL_OPERATOR, 'acme', CLI_CONTEXT)).recording.days, 14);
  });

  it('answers another tenant’s principal as not found', async () => {
    await fx.vault.subjects.ensureTenant('globex');
    await assert.rejects(fx.lifecycle.setRetention(officer, { tenantId: 'globex', dataClass: 'recording', days: 1 }, CLI_CONTEXT), code('NOT_FOUND'));
  });

  for (const [what, change] of [
    ['an unknown data class', { dataClass: 'voicemail', days: 10 }],
    ['zero days', { dataClass: 'recording', days: 0 }],
    ['a fraction of a day', { dataClass: 'recording', days: 1.5 }],
    ['more than 100 years', { dataClass: 'recording', days: 36_501 }],
  ] as const) {
    it(`refuses ${what} with RETENTION_INVALID`, async () => {
      await assert.rejects(fx.lifecycle.setRetention(LOCAL_OPERATOR, { tenantId: 'acme', ...change }, CLI_CONTEXT), code('RETENTION_INVALID'));
    });
  }

  it('refuses an unknown tenant with NOT_FOUND instead of creating it', async () => {
    await assert.rejects(fx.lifecycle.setRetention(LOCAL_OPERATOR, { tenantId: 'nobody', dataClass: 'recording', days: 3 }, CLI_CONTEXT), code('NOT_FOUND'));
    assert.equal(await fx.store.tenants.get('nobody'), undefined);
  });
});
