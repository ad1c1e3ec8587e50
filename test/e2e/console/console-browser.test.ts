// The operator console in a real browser (headless Debian Chromium, playwright-core): sign in
// with TOTP, play the redacted recording (the media clock advances, Range requests reach the
// server, the audit log gains recording.listen), and an analyst finds no player and is refused
// the recording even by a request crafted in the page. SOTTO_CONSOLE_SCREENSHOTS=1 also writes
// docs/console-call.png (bench/console.ts writes docs/console-calls.png).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserUnavailable, launchBrowser, newConsoleContext, type PageElement, type PageGlobals } from '../../support/browser.js';
import type { Person } from '../../support/api-fixture.js';
import { startConsoleFixture, type ConsoleFixture } from './console-fixture.js';
import { signIn as signInAs } from './console-sign-in.js';

const skip = browserUnavailable();
const screenshots = process.env['SOTTO_CONSOLE_SCREENSHOTS'] === '1';

describe('the operator console in Chromium', { skip }, () => {
  let fx: ConsoleFixture;
  let browser: Browser;
  before(async () => {
    fx = await startConsoleFixture();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await fx?.close();
  });

  const signIn = (person: Person): Promise<Page> => signInAs(fx, browser, person, { heading: 'Calls' });

  it('announces a wrong TOTP code to screen readers and stays on sign-in', async () => {
    const page = await (await newConsoleContext(browser)).newPage();
    await page.goto(`${fx.url}/console/`);
    await page.getByLabel('Organisation').fill('acme');
    await page.getByLabel('Email').fill(fx.people.analyst.email);
    await page.getByLabel('Password').fill(fx.people.analyst.password);
    await page.getByLabel('Authenticator code').fill('000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not right' }).waitFor();
    await page.context().close();
  });

  it('signs a supervisor in with TOTP and plays the redacted recording through Range requests, audited', async () => {
    const page = await signIn(fx.people.supervisor);
    // The console's CSP (self only, nothing inline) must not block any part of the console itself.
    const cspErrors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
    });
    // Before the call opens: the player's first request (preload) may already fetch it all.
    const mark = await fx.auditMark();
    fx.rangeRequests.length = 0;
    await page.getByRole('row').nth(1).getByRole('link').click();
    const audio = page.locator('audio');
    await audio.waitFor();
    await page.locator('.badge.entity', { hasText: 'CREDIT_CARD' }).waitFor();
    await page.getByRole('img', { name: /1 muted span: 1\.0–1\.8 s/ }).waitFor();
    await audio.evaluate((el) => (el as unknown as PageElement).play());
    await page.waitForFunction(() => ((globalThis as unknown as PageGlobals).document.querySelector('audio')?.currentTime ?? 0) > 0.5, undefined, { timeout: 10_000 });
    assert.ok(fx.rangeRequests.some((r) => r.startsWith('bytes=')), `range requests: ${fx.rangeRequests.join(', ')}`);
    const listens = (await fx.auditSince(mark)).map((e) => e.entry).filter((e) => e.action === 'recording.listen');
    assert.ok(listens.some((e) => e.outcome === 'allowed' && e.principal.id === fx.people.supervisor.id && e.resource.id === fx.callId));
    if (screenshots) await page.screenshot({ path: 'docs/console-call.png', fullPage: true });
    assert.deepEqual(cspErrors, []);
    // Session ended elsewhere (revoked, expired): the next API answer is 401 and the console says so.
    await fx.runtime.identity.sessions.logoutEverywhere(fx.people.supervisor.id);
    await page.getByRole('link', { name: '← All calls' }).click();
    await page.getByRole('status').filter({ hasText: 'Your session has ended' }).waitFor();
    await page.context().close();
  });

  it('shows an analyst the transcript but no player, and refuses a crafted recording fetch 403, audited', async () => {
    const page = await signIn(fx.people.analyst);
    // Filters reach the API: no call of this tenant had a phone number in it.
    await page.getByLabel('Entity type').selectOption('PHONE_NUMBER');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('status').filter({ hasText: /^0 calls$/ }).waitFor();
    await page.getByLabel('Entity type').selectOption('CREDIT_CARD');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('status').filter({ hasText: /^1 call$/ }).waitFor();
    // Keyboard: the row's link takes focus and Enter opens the call.
    await page.getByRole('row').nth(1).getByRole('link').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Redacted transcript' }).waitFor();
    assert.equal(await page.locator('audio').count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'Redacted recording' }).count(), 0);
    const mark = await fx.auditMark();
    const statuses = await page.evaluate(async (id) => {
      const recording = await fetch(`/v1/calls/${id}/recording`, { headers: { range: 'bytes=0-' } });
      const unredacted = await fetch(`/v1/calls/${id}/transcript?view=unredacted`);
      return [recording.status, unredacted.status];
    }, fx.callId);
    assert.deepEqual(statuses, [403, 403]);
    const denied = (await fx.auditSince(mark)).map((e) => e.entry).filter((e) => e.outcome === 'denied' && e.principal.id === fx.people.analyst.id);
    assert.ok(denied.some((e) => e.action === 'recording.listen'));
    assert.ok(denied.some((e) => e.action === 'transcript.view_unredacted'));
    // Sign out everywhere: the cookie is gone and the API refuses the page's next call.
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('heading', { name: 'Sign in to Sotto' }).waitFor();
    assert.equal(await page.evaluate(async () => (await fetch('/v1/me')).status), 401);
    await page.context().close();
  });
});
