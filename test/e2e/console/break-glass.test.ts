// Break-glass in the call detail view, in a real browser against a real server: a compliance
// officer states a reason, opens a one-minute grant for one call, and reads the break-glass
// transcript under a flagged banner whose countdown ticks; expiry (page.clock fast-forwarded)
// removes the content, and the server's own check refuses the grant from its real expiry on.
// Ending the grant early or leaving the call closes it server-side. An analyst sees no control
// and is refused crafted requests, audited. SOTTO_SCREENSHOTS=1 writes docs/console-break-glass.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Principal } from '../../../src/access/index.js';
import type { AuditEntry } from '../../../src/audit/entry.js';
import { browserUnavailable, launchBrowser, newConsoleContext, type PageElement, type PageGlobals } from '../../support/browser.js';
import { createPerson, type Person } from '../../support/api-fixture.js';
import { REVEALED_NAME, seedBreakGlassCall } from './break-glass-call.js';
import { startConsoleFixture, TENANT, type ConsoleFixture } from './console-fixture.js';
import { signIn as signInAs } from './console-sign-in.js';

const skip = browserUnavailable();
const screenshots = process.env['SOTTO_SCREENSHOTS'] === '1';
const REASON = 'Ticket CMP-2291: disputed payment review';
const UNREDACTED = 'transcript.view_unredacted';

const activeId = (page: Page): Promise<string> =>
  page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? '');

/** Polls a server-side condition the page brings about without waiting for it (fire-and-forget requests). */
async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    assert.ok(Date.now() < deadline, what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('break-glass in the call detail view', { skip }, () => {
  let fx: ConsoleFixture;
  let browser: Browser;
  let officer: Person;
  let callId: string;
  before(async () => {
    fx = await startConsoleFixture();
    browser = await launchBrowser();
    officer = await createPerson(fx.runtime, TENANT, 'compliance_officer');
    callId = await seedBreakGlassCall(fx.runtime);
  });
  after(async () => {
    await browser?.close();
    await fx?.close();
  });

  const signIn = (person: Person, context?: BrowserContext): Promise<Page> => signInAs(fx, browser, person, { heading: 'Calls', ...(context ? { context } : {}) });

  async function openCall(page: Page): Promise<void> {
    await page.locator(`a[href="/console/calls/${callId}"]`).click();
    await page.getByRole('heading', { name: 'Redacted transcript' }).waitFor();
  }

  async function breakGlass(page: Page, reason: string, minutes: string): Promise<void> {
    await page.getByRole('button', { name: 'View unredacted' }).click();
    await page.getByLabel('Reason (required)').fill(reason);
    await page.getByLabel('Access for').selectOption(minutes);
    await page.getByRole('button', { name: 'Open break-glass grant' }).click();
  }

  const officerPrincipal = (): Principal => ({ id: officer.id, kind: 'user', tenantId: TENANT, roles: ['compliance_officer'] });
  const entriesSince = async (mark: number): Promise<AuditEntry[]> => (await fx.auditSince(mark)).map((e) => e.entry);

  describe('when a compliance officer breaks glass with a reason', () => {
    let context: BrowserContext;
    let page: Page;
    before(async () => {
      context = await newConsoleContext(browser);
      // The page's clock is Playwright's, so the test can jump past the grant's minute.
      await context.clock.install();
      page = await signIn(officer, context);
    });
    after(async () => {
      await context?.close();
    });

    it('refuses a submission without a reason, announced, and a too-short one from the server, audited', async () => {
      await openCall(page);
      const mark = await fx.auditMark();
      await page.getByRole('button', { name: 'View unredacted' }).click();
      assert.equal(await activeId(page), 'break-glass-reason');
      await page.getByRole('button', { name: 'Open break-glass grant' }).click();
      await page.getByRole('alert').filter({ hasText: 'A reason is required' }).waitFor();
      assert.equal(await page.getByLabel('Reason (required)').getAttribute('aria-invalid'), 'true');
      assert.deepEqual((await entriesSince(mark)).filter((e) => e.action === 'break_glass.open'), [], 'nothing was sent');
      await page.getByLabel('Reason (required)').fill('urgent');
      await page.getByRole('button', { name: 'Open break-glass grant' }).click();
      await page.getByRole('alert').filter({ hasText: 'at least 10 characters' }).waitFor();
      const denied = (await entriesSince(mark)).filter((e) => e.action === 'break_glass.open');
      assert.deepEqual(denied.map((e) => [e.outcome, e.reason]), [['denied', 'BREAK_GLASS_REASON_REQUIRED']]);
      await page.getByRole('button', { name: 'Cancel' }).click();
    });

    it('shows the unredacted transcript under the flagged banner with a ticking countdown, audited without the reason', async () => {
      const mark = await fx.auditMark();
      const asked = Date.now();
      await breakGlass(page, REASON, '1');
      await page.getByRole('heading', { name: 'Break-glass: unredacted — every view audited' }).waitFor();
      await page.getByText(REVEALED_NAME).waitFor();
      assert.equal(await activeId(page), 'break-glass-title', 'focus moves to the banner that replaced the form');
      // Numeric secrets stay masked even under break-glass; the redacted view steps aside.
      await page.locator('.break-glass-open .badge.entity', { hasText: 'CREDIT_CARD' }).waitFor();
      assert.equal(await page.getByRole('heading', { name: 'Redacted transcript' }).count(), 0);
      const timer = page.getByRole('timer');
      const first = await timer.textContent();
      assert.match(first ?? '', /^(1:00|0:[0-5]\d)$/);
      await page.waitForFunction((before) => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('[role=timer]')?.textContent !== before, first);
      // Only the page's memory holds it: nothing in storage, nothing in the URL.
      assert.equal(await page.evaluate(() => { const g = globalThis as unknown as { localStorage: { length: number }; sessionStorage: { length: number } }; return g.localStorage.length + g.sessionStorage.length; }), 0);
      assert.doesNotMatch(page.url(), /unredacted|Dana/);
      if (screenshots) await page.screenshot({ path: 'docs/console-break-glass.png' });

      const entries = await entriesSince(mark);
      const opened = entries.find((e) => e.action === 'break_glass.open');
      assert.ok(opened && opened.outcome === 'allowed' && opened.principal.id === officer.id && /^bg_/.test(opened.resource.id ?? ''), JSON.stringify(entries));
      const read = entries.find((e) => e.action === UNREDACTED);
      assert.ok(read && read.outcome === 'allowed' && read.resource.id === callId);
      assert.equal(read.breakGlass?.grantId, opened.resource.id, 'the read is flagged with the grant');
      // The reason may name a person: it stays with the grant, never in the log; nor does content.
      const logged = JSON.stringify(entries);
      assert.ok(!logged.includes('CMP-2291') && !logged.includes('disputed') && !logged.includes(REVEALED_NAME), logged);

      // The server's grant: this call only, one minute, and refused from its expiry on.
      const grant = await fx.runtime.breakGlass.active(officerPrincipal(), UNREDACTED, TENANT, callId, new Date());
      assert.ok(grant && grant.grantId === opened.resource.id && grant.resourceId === callId);
      const expiresAt = Date.parse(grant.expiresAt);
      assert.ok(expiresAt > asked + 55_000 && expiresAt <= Date.now() + 60_000, grant.expiresAt);
      assert.equal(await fx.runtime.breakGlass.active(officerPrincipal(), UNREDACTED, TENANT, callId, new Date(expiresAt)), undefined);
      const resource = { type: 'call' as const, id: callId, tenantId: TENANT };
      assert.equal(fx.runtime.authorizer.authorize({ principal: officerPrincipal(), permission: UNREDACTED, resource, context: { now: new Date(expiresAt), breakGlassGrant: grant } }).allowed, false);
      assert.equal(fx.runtime.authorizer.authorize({ principal: officerPrincipal(), permission: UNREDACTED, resource, context: { now: new Date(expiresAt - 1), breakGlassGrant: grant } }).allowed, true);
    });

    it('removes the unredacted content at expiry and brings the redacted view back', async () => {
      await page.clock.fastForward('01:01');
      await page.getByRole('status').filter({ hasText: 'grant expired' }).waitFor();
      assert.equal(await page.getByText(REVEALED_NAME).count(), 0);
      assert.equal(await page.getByRole('heading', { name: /^Break-glass/ }).count(), 0);
      await page.getByRole('heading', { name: 'Redacted transcript' }).waitFor();
      assert.ok(!(await page.content()).includes(REVEALED_NAME));
      // The page's clock ran ahead of the server's: the console closed the grant there too.
      await waitFor(async () => (await fx.runtime.breakGlass.active(officerPrincipal(), UNREDACTED, TENANT, callId, new Date())) === undefined, 'the grant is closed');
    });

    it('ends the grant early on request: the content goes and the server refuses at once, audited', async () => {
      await breakGlass(page, REASON, '5');
      await page.getByText(REVEALED_NAME).waitFor();
      const mark = await fx.auditMark();
      await page.getByRole('button', { name: 'End access now' }).click();
      await page.getByRole('status').filter({ hasText: 'You ended the break-glass grant' }).waitFor();
      assert.ok(!(await page.content()).includes(REVEALED_NAME));
      const status = await page.evaluate(async (id) => (await fetch(`/v1/calls/${id}/transcript?view=unredacted`)).status, callId);
      assert.equal(status, 403);
      const entries = await entriesSince(mark);
      assert.ok(entries.some((e) => e.action === 'break_glass.close' && e.outcome === 'allowed' && e.principal.id === officer.id));
      assert.ok(entries.some((e) => e.action === UNREDACTED && e.outcome === 'denied'));
    });

    it('ends the grant when the officer leaves the call', async () => {
      await breakGlass(page, REASON, '5');
      await page.getByText(REVEALED_NAME).waitFor();
      const mark = await fx.auditMark();
      await page.getByRole('link', { name: '← All calls' }).click();
      await page.getByRole('heading', { name: 'Calls' }).waitFor();
      assert.ok(!(await page.content()).includes(REVEALED_NAME));
      await waitFor(async () => (await entriesSince(mark)).some((e) => e.action === 'break_glass.close' && e.outcome === 'allowed'), 'leaving the call closes the grant');
      assert.equal(await fx.runtime.breakGlass.active(officerPrincipal(), UNREDACTED, TENANT, callId, new Date()), undefined);
    });
  });

  it('audits one recording.listen when a call opens (the waveform) and one more when it is played (the player)', async () => {
    const page = await signIn(fx.people.supervisor);
    const mark = await fx.auditMark();
    fx.rangeRequests.length = 0;
    const listens = async (): Promise<AuditEntry[]> => (await entriesSince(mark)).filter((e) => e.action === 'recording.listen');
    await page.locator(`a[href="/console/calls/${fx.callId}"]`).click();
    await page.getByRole('img', { name: /1 muted span: 1\.0–1\.8 s; caller turns with redacted data: 1\.0–1\.8 s \(CREDIT_CARD\)/ }).waitFor();
    // Time for a preloading player to ask, had it been going to.
    await new Promise((r) => setTimeout(r, 1_000));
    assert.deepEqual(fx.rangeRequests, ['(none)'], 'only the waveform fetched the recording');
    assert.equal((await listens()).length, 1);
    await page.locator('audio').evaluate((el) => (el as unknown as PageElement).play());
    await page.waitForFunction(() => ((globalThis as unknown as PageGlobals).document.querySelector('audio')?.currentTime ?? 0) > 0.5, undefined, { timeout: 10_000 });
    assert.ok(fx.rangeRequests.slice(1).every((r) => r.startsWith('bytes=')) && fx.rangeRequests.length >= 2, fx.rangeRequests.join(', '));
    const all = await listens();
    // One entry per request that returned bytes, never fewer (DESIGN.md invariant 2).
    assert.equal(all.length, fx.rangeRequests.length);
    assert.ok(all.every((e) => e.outcome === 'allowed' && e.principal.id === fx.people.supervisor.id && e.resource.id === fx.callId));
    await page.context().close();
  });

  it('shows an analyst no break-glass control, and refuses crafted grant and unredacted requests 403, audited', async () => {
    const page = await signIn(fx.people.analyst);
    await openCall(page);
    assert.equal(await page.getByRole('button', { name: 'View unredacted' }).count(), 0);
    const mark = await fx.auditMark();
    const answers = await page.evaluate(async (id) => {
      const me = (await (await fetch('/v1/me')).json()) as { breakGlassPermissions: string[] };
      const grant = await fetch('/v1/break-glass', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'crafted request from the page', callId: id, minutes: 1 }),
      });
      const unredacted = await fetch(`/v1/calls/${id}/transcript?view=unredacted`);
      return { breakGlass: me.breakGlassPermissions, statuses: [grant.status, unredacted.status] };
    }, callId);
    assert.deepEqual(answers, { breakGlass: [], statuses: [403, 403] });
    const denied = (await entriesSince(mark)).filter((e) => e.outcome === 'denied' && e.principal.id === fx.people.analyst.id);
    assert.ok(denied.some((e) => e.action === 'break_glass.open'), JSON.stringify(denied));
    assert.ok(denied.some((e) => e.action === UNREDACTED && e.resource.id === callId));
    assert.ok(!JSON.stringify(denied).includes('crafted request'));
    await page.context().close();
  });
});
