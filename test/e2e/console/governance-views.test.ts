// The console's governance views in a real browser (headless Chromium, playwright-core, real
// server): incidents opened, listed with their deadlines (overdue flagged), contained and
// closed; the subprocessor policy changed and persisted; a person created with the TOTP URI
// shown once; the posture dashboard's nine items; and a role without these permissions sees
// none of them and is refused crafted requests (403, audited). SOTTO_SCREENSHOTS=1 also writes
// docs/console-incidents.png, docs/console-posture.png and docs/console-users.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createPerson, type Person } from '../../support/api-fixture.js';
import { browserUnavailable, launchBrowser } from '../../support/browser.js';
import { startConsoleFixture, TENANT, type ConsoleFixture } from './console-fixture.js';
import { craftedStatuses, localInput, signIn } from './console-sign-in.js';

const skip = browserUnavailable();
const screenshots = process.env['SOTTO_SCREENSHOTS'] === '1';
const HOUR = 3_600_000;

describe('the console’s governance views in Chromium', { skip }, () => {
  let fx: ConsoleFixture;
  let browser: Browser;
  /** One compliance officer per test: each sign-in spends a TOTP step (RFC 6238 §5.2). */
  const officers: Person[] = [];
  const nextOfficer = (): Person => officers.shift() ?? assert.fail('no officer left');
  let owner: Person;
  let auditor: Person;
  before(async () => {
    fx = await startConsoleFixture();
    browser = await launchBrowser();
    // policies/default.yaml: the compliance officer holds incident.manage, subprocessors.manage
    // and audit.read but not users.manage; the owner holds users.manage; the auditor audit.read only.
    for (let i = 0; i < 4; i++) officers.push(await createPerson(fx.runtime, TENANT, 'compliance_officer', `officer${i}`));
    owner = await createPerson(fx.runtime, TENANT, 'owner');
    auditor = await createPerson(fx.runtime, TENANT, 'auditor');
  });
  after(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('opens an incident, lists it with its deadlines (overdue flagged), contains and closes it, audited', async () => {
    const officer = nextOfficer();
    const page = await signIn(fx, browser, officer);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('heading', { name: 'Incidents', exact: true }).waitFor();
    // Free text that would be markup if it were ever put into the page as HTML.
    const title = 'Lost laptop <img src=x onerror="document.title=1">';
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Summary (optional)').fill('Found <b>unlocked</b> on a train.');
    await page.getByLabel('Severity').selectOption('high');
    // Detected four days ago: GDPR's 72 hours (Art. 33(1)) have passed.
    await page.getByLabel('Detected at').fill(localInput(new Date(Date.now() - 96 * HOUR)));
    await page.getByLabel('Window start').fill(localInput(new Date(Date.now() - 120 * HOUR)));
    await page.getByLabel('HIPAA').check();
    const mark = await fx.auditMark();
    await page.getByRole('button', { name: 'Open incident' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Lost laptop' });
    await row.waitFor();
    assert.match(await row.innerText(), /1 overdue[\s\S]*GDPR → authority[\s\S]*GDPR Art\. 33\(1\)/);
    await page.getByRole('status').filter({ hasText: /^1 incident$/ }).waitFor();

    await row.getByRole('link').click();
    await page.waitForURL(/\/console\/incidents\/inc_/);
    const heading = page.getByRole('heading', { level: 1 });
    assert.equal(await heading.innerText(), title);
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.locator('main b').count(), 0);
    const deadlines = page.getByRole('table');
    await deadlines.getByRole('cell', { name: 'GDPR Art. 33(1)' }).waitFor();
    await deadlines.getByRole('cell', { name: '45 CFR 164.404(b)' }).waitFor();
    assert.equal(await deadlines.getByRole('row').filter({ hasText: 'GDPR Art. 33(1)' }).locator('.badge.overdue').innerText(), 'OVERDUE');
    await page.getByRole('heading', { name: 'Impact (from the audit log)' }).waitFor();
    await page.getByText('Break-glass uses').waitFor();
    if (screenshots) await page.screenshot({ path: 'docs/console-incidents.png' });

    await page.getByRole('button', { name: 'Mark contained' }).click();
    await page.getByRole('status').filter({ hasText: 'the incident is contained' }).waitFor();
    await page.getByRole('button', { name: 'Close incident' }).click();
    await page.getByRole('status').filter({ hasText: 'the incident is closed' }).waitFor();
    await page.getByRole('button', { name: 'Reopen incident' }).waitFor();

    const id = page.url().split('/').pop() ?? '';
    const stored = JSON.parse(await page.evaluate(async (path) => (await fetch(path)).text(), `/v1/incidents/${id}`)) as { status: string; title: string };
    assert.deepEqual([stored.status, stored.title], ['closed', title]);
    const actions = (await fx.auditSince(mark)).map((e) => e.entry).filter((e) => e.principal.id === officer.id && e.outcome === 'allowed').map((e) => e.action);
    for (const action of ['incident.open', 'incident.update', 'incident.close']) assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
    // Closed incidents leave the default list.
    await page.getByRole('link', { name: '← All incidents' }).click();
    await page.getByRole('status').filter({ hasText: /^0 incidents$/ }).waitFor();
    await page.getByLabel('Include closed incidents').check();
    await page.getByRole('status').filter({ hasText: /^1 incident$/ }).waitFor();
    await page.context().close();
  });

  it('changes the tenant’s subprocessor policy in the page and the API then answers the new policy', async () => {
    const officer = nextOfficer();
    const page = await signIn(fx, browser, officer);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Subprocessors' }).click();
    await page.getByRole('heading', { name: 'Registry' }).waitFor();
    await page.getByRole('heading', { name: 'What the saved policy admits' }).waitFor();
    const health = page.getByRole('group', { name: 'Health data only to providers with' });
    assert.equal(await health.getByLabel('HIPAA BAA').isChecked(), true);
    await health.getByLabel('SOC 2 Type II').check();
    await page.getByLabel(/Only providers that process data in the tenant’s region/).uncheck();
    const mark = await fx.auditMark();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('status').filter({ hasText: 'Policy saved.' }).waitFor();
    const viaApi = JSON.parse(await page.evaluate(async () => (await fetch('/v1/subprocessors/policy')).text())) as { source: string; policy: { healthDataRequires: string[]; sameRegionOnly: boolean } };
    assert.deepEqual([viaApi.source, viaApi.policy.healthDataRequires, viaApi.policy.sameRegionOnly], ['tenant', ['hipaa_baa', 'soc2_type2'], false]);
    const set = (await fx.auditSince(mark)).map((e) => e.entry).filter((e) => e.action === 'subprocessors.policy.set');
    assert.equal(set.length, 1);
    assert.equal(set[0]?.principal.id, officer.id);
    // After a reload the form shows what was stored, not what was typed.
    await page.reload();
    await health.getByLabel('SOC 2 Type II').waitFor();
    assert.equal(await health.getByLabel('SOC 2 Type II').isChecked(), true);
    await page.context().close();
  });

  it('shows the posture report’s nine items as cards with a status and evidence', async () => {
    const page = await signIn(fx, browser, nextOfficer());
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Posture' }).click();
    await page.getByRole('heading', { name: 'Security posture' }).waitFor();
    const cards = page.locator('.posture-cards > li');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 9);
    for (let i = 0; i < 9; i++) {
      const text = await cards.nth(i).innerText();
      assert.match(text, /\n(In place|Attention|Not in place)\n/, text);
    }
    await page.getByRole('status').filter({ hasText: /in place · \d+ need attention · \d+ not in place/ }).waitFor();
    // The incident opened above shows up in the incident-response evidence.
    const incidentCard = cards.filter({ has: page.getByRole('heading', { name: /incident/i }) });
    await incidentCard.getByText('Evidence').click();
    await incidentCard.getByText('open incidents').waitFor();
    if (screenshots) await page.screenshot({ path: 'docs/console-posture.png' });
    await page.context().close();
  });

  it('creates a person and shows the TOTP enrolment URI once; the role matrix shows each grant’s why', async () => {
    const page = await signIn(fx, browser, owner);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users & roles' }).click();
    await page.getByRole('heading', { name: 'Users & roles' }).waitFor();
    const supervisorRow = page.getByRole('row').filter({ hasText: fx.people.supervisor.email });
    assert.match(await supervisorRow.innerText(), /supervisor\s+enrolled/);
    // The matrix: the analyst reads transcripts but may not listen, and says why.
    const listen = page.locator('.role-matrix tr').filter({ hasText: 'recording.listen' });
    assert.deepEqual(await listen.locator('td').allInnerTexts(), ['yes', '—', 'yes', 'yes', '—', '—', '—']);
    await page.getByText('analyst — 2 grants').click();
    await page.getByText(/a voice identifies a person by itself/).waitFor();
    // GET /v1/roles: every role with each grant's why, and not the policy file's path on the server.
    const policy = JSON.parse(await page.evaluate(async () => (await fetch('/v1/roles')).text())) as Record<string, unknown> & { roles: { grants: { why: string }[] }[] };
    assert.equal(policy.roles.length, 7);
    assert.ok(policy.roles.every((r) => r.grants.every((g) => g.why.length > 0)));
    assert.equal('source' in policy, false);

    const email = 'new.analyst.acme@example.com';
    await page.getByLabel('Email').fill(email);
    await page.getByRole('combobox', { name: 'Role' }).selectOption('analyst');
    await page.getByRole('button', { name: 'Create user' }).click();
    const once = page.getByRole('region', { name: 'New user’s credentials' });
    const uri = await once.locator('code.totp-uri').innerText();
    assert.match(uri, /^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
    await page.getByRole('row').filter({ hasText: email }).waitFor();
    if (screenshots) {
      await page.getByRole('heading', { name: 'Users & roles' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'docs/console-users.png' });
    }
    await page.getByRole('button', { name: /hide them/ }).click();
    assert.equal(await page.getByText(uri).count(), 0);
    // Nothing serves it again: not the list, not the page after a reload.
    const users = await page.evaluate(async () => (await fetch('/v1/users')).text());
    assert.ok(!users.includes('otpauth') && !users.includes('secret'));
    const created = (JSON.parse(users) as { users: { email: string; role: string; totpEnabled: boolean }[] }).users.find((u) => u.email === email);
    assert.deepEqual(created && [created.role, created.totpEnabled], ['analyst', true]);
    await page.reload();
    await page.getByRole('row').filter({ hasText: email }).waitFor();
    assert.equal(await page.getByText('otpauth://').count(), 0);
    await page.context().close();
  });

  it('hides these sections from a supervisor and refuses its crafted requests 403, audited', async () => {
    const page = await signIn(fx, browser, fx.people.supervisor);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'Calls' }).waitFor();
    for (const name of ['Subprocessors', 'Incidents', 'Users & roles', 'Posture']) assert.equal(await nav.getByRole('link', { name }).count(), 0, name);
    // A typed-in address does not render the view either.
    await page.goto(`${fx.url}/console/incidents`);
    await page.getByRole('heading', { name: 'Calls' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Incidents' }).count(), 0);
    const mark = await fx.auditMark();
    const statuses = await craftedStatuses(page, [
      { method: 'GET', path: '/v1/incidents' },
      { method: 'POST', path: '/v1/incidents', json: { title: 'x', severity: 'low', detectedAt: new Date().toISOString(), windowStart: new Date().toISOString() } },
      { method: 'GET', path: '/v1/subprocessors/policy' },
      { method: 'PUT', path: '/v1/subprocessors/policy', json: { healthDataRequires: [], cardDataRequires: [], sameRegionOnly: false, allowedProviders: null } },
      { method: 'GET', path: '/v1/users' },
      { method: 'POST', path: '/v1/users', json: { email: 'mallory.acme@example.com', role: 'owner' } },
      { method: 'GET', path: '/v1/roles' },
      { method: 'GET', path: '/v1/posture' },
    ]);
    assert.deepEqual(statuses, [403, 403, 403, 403, 403, 403, 403, 403]);
    const denied = (await fx.auditSince(mark)).map((e) => e.entry).filter((e) => e.principal.id === fx.people.supervisor.id && e.outcome === 'denied');
    assert.deepEqual(new Set(denied.map((e) => e.action)), new Set(['incident.manage', 'subprocessors.manage', 'users.manage', 'audit.read']));
    assert.equal(denied.length, 8);
    await page.context().close();
  });

  it('shows an auditor the registry but not the tenant’s policy, and a compliance officer no users section', async () => {
    const page = await signIn(fx, browser, auditor);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Subprocessors' }).click();
    await page.getByRole('heading', { name: 'Registry' }).waitFor();
    await page.getByText(/Processed on this deployment’s own hosts/).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'This tenant’s policy' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Save policy' }).count(), 0);
    assert.deepEqual(await craftedStatuses(page, [{ method: 'GET', path: '/v1/subprocessors/policy' }, { method: 'GET', path: '/v1/roles' }]), [403, 403]);
    await page.context().close();

    const officerPage = await signIn(fx, browser, nextOfficer());
    assert.equal(await officerPage.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users & roles' }).count(), 0);
    assert.deepEqual(await craftedStatuses(officerPage, [{ method: 'GET', path: '/v1/roles' }, { method: 'GET', path: '/v1/users' }]), [403, 403]);
    await officerPage.context().close();
  });
});
