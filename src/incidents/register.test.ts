import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR, type Principal } from '../access/index.js';
import { isSottoError } from '../errors/index.js';
import { openLifecycleFixture, type LifecycleFixture } from '../lifecycle/fixtures/lifecycle-fixture.js';
import { IncidentRegister } from './register.js';

const code = (c: string) => (err: unknown) => isSottoError(err, c as never);
const officer: Principal = { id: 'usr_officer', kind: 'user', tenantId: 'acme', roles: ['compliance_officer'] };
const otherOfficer: Principal = { id: 'usr_other', kind: 'user', tenantId: 'globex', roles: ['compliance_officer'] };
const analyst: Principal = { id: 'usr_analyst', kind: 'user', tenantId: 'acme', roles: ['analyst'] };
const TITLE = 'Laptop of Jane Roe stolen with exports';
const SUMMARY = 'Jane Roe reported the theft at 09:10; contains call exports of +15557654321';

describe('the incident register', () => {
  let fx: LifecycleFixture;
  let register: IncidentRegister;
  const opening = {
    tenantId: 'acme',
    title: TITLE,
    summary: SUMMARY,
    severity: 'high',
    detectedAt: '2025-12-31T12:00:00.000Z',
    windowStart: '2025-12-30T00:00:00.000Z',
    windowEnd: '2025-12-31T11:00:00.000Z',
    regimes: ['gdpr', 'hipaa'],
  };
  before(async () => {
    fx = await openLifecycleFixture();
    await fx.vault.subjects.ensureTenant('acme');
    await fx.vault.subjects.ensureTenant('globex');
    register = new IncidentRegister({ store: fx.store, gateway: fx.gateway, audit: fx.audit, now: () => fx.clock.now });
  });
  after(() => fx.close());

  describe('when a compliance officer opens, contains, closes and reopens an incident', () => {
    let id = '';
    before(async () => {
      id = (await register.open(officer, opening, CLI_CONTEXT)).id;
    });

    it('it starts open with the deadlines of its regimes', async () => {
      const shown = await register.show(officer, id, CLI_CONTEXT);
      assert.equal(shown.status, 'open');
      assert.equal(shown.title, TITLE);
      const authority = shown.notifications.find((n) => n.regime === 'gdpr' && n.recipient === 'authority');
      assert.equal(authority?.due, '2026-01-03T12:00:00.000Z');
      assert.equal(authority?.status, 'pending');
    });

    it('moves open → contained → closed, refuses a second close, and reopens', async () => {
      assert.equal((await register.update(officer, id, { status: 'contained', severity: 'critical' }, CLI_CONTEXT)).status, 'contained');
      const closed = await register.close(officer, id, CLI_CONTEXT);
      assert.equal(closed.status, 'closed');
      assert.equal(closed.closedAt, fx.clock.now.toISOString());
      await assert.rejects(register.close(officer, id, CLI_CONTEXT), code('INCIDENT_TRANSITION_INVALID'));
      await assert.rejects(register.update(officer, id, { severity: 'low' }, CLI_CONTEXT), code('INCIDENT_TRANSITION_INVALID'));
      const reopened = await register.reopen(officer, id, CLI_CONTEXT);
      assert.equal(reopened.status, 'open');
      assert.equal(reopened.closedAt, undefined);
      await assert.rejects(register.reopen(officer, id, CLI_CONTEXT), code('INCIDENT_TRANSITION_INVALID'));
    });

    it('marking the authority notified is recorded with its time and who', async () => {
      const view = await register.notify(officer, id, { regime: 'gdpr', recipient: 'authority', at: '2026-01-01T00:00:00.000Z' }, CLI_CONTEXT);
      const authority = view.notifications.find((n) => n.regime === 'gdpr' && n.recipient === 'authority');
      assert.deepEqual([authority?.status, authority?.at, authority?.by], ['sent', '2026-01-01T00:00:00.000Z', 'usr_officer']);
      await assert.rejects(register.notify(officer, id, { regime: 'pci_dss', recipient: 'card_brands_acquirer' }, CLI_CONTEXT), code('INCIDENT_INVALID'));
      await assert.rejects(register.notify(officer, id, { regime: 'gdpr', recipient: 'the press' }, CLI_CONTEXT), code('INCIDENT_INVALID'));
    });

    it('every change is audited by incident id, and neither title nor summary reaches the audit log', async () => {
      const entries = (await fx.auditEntries()).map((e) => e.entry).filter((e) => e.resource.type === 'incident' && e.resource.id === id);
      const changes = entries.filter((e) => e.action !== 'incident.manage').map((e) => e.action);
      assert.deepEqual(changes, ['incident.open', 'incident.update', 'incident.close', 'incident.reopen', 'incident.notify']);
      assert.ok(entries.some((e) => e.action === 'incident.manage' && e.outcome === 'allowed'));
      const audit = JSON.stringify(await fx.auditEntries());
      assert.doesNotMatch(audit, /Jane|Roe|Laptop|5557654321|theft/);
      assert.match(audit, /changed severity,status/);
    });

    it('lists it for its tenant only', async () => {
      assert.deepEqual((await register.list(officer, { tenantId: 'acme' }, CLI_CONTEXT)).map((i) => i.id), [id]);
      assert.deepEqual((await register.list(otherOfficer, { tenantId: 'globex' }, CLI_CONTEXT)).map((i) => i.id), []);
    });
  });

  describe('when the principal may not manage incidents', () => {
    it('an analyst is refused and the refusal is audited', async () => {
      await assert.rejects(register.open(analyst, opening, CLI_CONTEXT), code('ACCESS_DENIED'));
      const last = (await fx.auditEntries()).at(-1)?.entry;
      assert.deepEqual([last?.action, last?.outcome, last?.principal.id], ['incident.manage', 'denied', 'usr_analyst']);
    });

    it('another tenant’s incident answers exactly like a missing one', async () => {
      const id = (await register.open(officer, opening, CLI_CONTEXT)).id;
      const foreign = await register.show(otherOfficer, id, CLI_CONTEXT).catch((e: unknown) => e);
      const missing = await register.show(otherOfficer, 'inc_AAAAAAAAAAAAAAAAAAAAAA', CLI_CONTEXT).catch((e: unknown) => e);
      const malformed = await register.show(otherOfficer, '../etc', CLI_CONTEXT).catch((e: unknown) => e);
      for (const err of [foreign, missing, malformed]) assert.ok(code('INCIDENT_NOT_FOUND')(err));
      assert.deepEqual([(foreign as Error).message, (foreign as Error).name], [(missing as Error).message, (missing as Error).name]);
      assert.equal((malformed as Error).message, (missing as Error).message);
      await assert.rejects(register.close(otherOfficer, id, CLI_CONTEXT), code('INCIDENT_NOT_FOUND'));
      await assert.rejects(register.open(otherOfficer, opening, CLI_CONTEXT), code('NOT_FOUND'));
      assert.equal((await register.show(officer, id, CLI_CONTEXT)).status, 'open');
    });

    it('a deployment-wide incident is for the local operator only', async () => {
      const wide = await register.open(LOCAL_OPERATOR, { ...opening, tenantId: null }, CLI_CONTEXT);
      assert.equal(wide.tenantId, null);
      await assert.rejects(register.show(officer, wide.id, CLI_CONTEXT), code('INCIDENT_NOT_FOUND'));
      await assert.rejects(register.open(officer, { ...opening, tenantId: null }, CLI_CONTEXT), code('NOT_FOUND'));
      assert.ok((await register.list(LOCAL_OPERATOR, {}, CLI_CONTEXT)).some((i) => i.id === wide.id));
    });
  });

  describe('when the fields are malformed', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['an empty title', { title: '  ' }],
      ['an unknown severity', { severity: 'apocalyptic' }],
      ['an unknown regime', { regimes: ['gdpr', 'mars'] }],
      ['a time without a zone', { detectedAt: '2025-12-31T12:00:00' }],
      ['a window ending before it starts', { windowEnd: '2025-12-29T00:00:00.000Z' }],
      ['a window starting after detection', { windowStart: '2026-01-01T00:00:00.000Z', windowEnd: undefined }],
      ['awareness in the future', { detectedAt: '2027-01-01T00:00:00.000Z' }],
      ['a negative affected count', { affectedIndividuals: -1 }],
    ];
    for (const [name, change] of cases) {
      it(`${name} is INCIDENT_INVALID and stores nothing`, async () => {
        const before = (await register.list(LOCAL_OPERATOR, {}, CLI_CONTEXT)).length;
        await assert.rejects(register.open(officer, { ...opening, ...change } as typeof opening, CLI_CONTEXT), code('INCIDENT_INVALID'));
        assert.equal((await register.list(LOCAL_OPERATOR, {}, CLI_CONTEXT)).length, before);
      });
    }
  });
});
