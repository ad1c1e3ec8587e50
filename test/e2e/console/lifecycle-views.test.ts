// The console's lifecycle views in a real browser (headless Chromium, playwright-core), signed in
// as a compliance officer (retention.manage, call.delete, call.export): shorten a retention period
// through its confirmation and see the API report it; place and release a legal hold; export a
// subject sealed to a passphrase and open the downloaded bundle with it; erase the subject after
// the irreversible-action confirmation and check the certificate the page verified and let us
// download. A supervisor sees none of these sections and is refused crafted requests (403).
// SOTTO_SCREENSHOTS=1 also writes docs/console-retention.png and docs/console-erasures.png.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { verifyCertificate } from '../../../src/lifecycle/index.js';
import { decryptExport, unpack } from '../../../src/lifecycle/fixtures/subject-export-helpers.js';
import { createPerson, type Person } from '../../support/api-fixture.js';
import { browserUnavailable, launchBrowser, newConsoleContext } from '../../support/browser.js';
import { startConsoleFixture, TENANT, type ConsoleFixture } from './console-fixture.js';

const skip = browserUnavailable();
const screenshots = process.env['SOTTO_SCREENSHOTS'] === '1';
/** The fixture call's data subject (console-fixture.ts): one call, a recording and two transcripts. */
const SUBJECT = 'console-fixture-caller-subject';
const PASSPHRASE = 'correct horse battery staple 42';

/** What the page's own fetch (session cookie, same origin) gets back. */
async function fetchInPage(page: Page, path: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: string }> {
  return page.evaluate(async ({ path, method, json }) => {
    const res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: json === undefined ? {} : { 'content-type': 'application/json' },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    return { status: res.status, body: await res.text() };
  }, { path, method: init.method ?? 'GET', json: init.json });
}

describe('the lifecycle views in Chromium', { skip }, () => {
  let fx: ConsoleFixture;
  let browser: Browser;
  let officer: Person;
  let page: Page;

  async function signIn(person: Person): Promise<Page> {
    const p = await (await newConsoleContext(browser)).newPage();
    await p.goto(`${fx.url}/console/`);
    await p.getByLabel('Organisation').fill(person.tenant);
    await p.getByLabel('Email').fill(person.email);
    await p.getByLabel('Password').fill(person.password);
    await p.getByLabel('Authenticator code').fill(await fx.totp(person));
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { name: 'Calls' }).waitFor();
    return p;
  }

  before(async () => {
    fx = await startConsoleFixture();
    browser = await launchBrowser();
    officer = await createPerson(fx.runtime, TENANT, 'compliance_officer');
    page = await signIn(officer);
  });
  after(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('shortens a retention period only after confirming, and the API reports the override', async () => {
    await page.getByRole('link', { name: 'Retention & holds' }).click();
    const row = page.getByRole('row', { name: /^Recordings/ });
    await row.getByRole('cell', { name: '30 days' }).first().waitFor();
    await row.getByLabel('Days to keep recordings').fill('14');
    await row.getByRole('button', { name: 'Save' }).click();
    // Shortening deletes older records at the next sweep: nothing is sent before the confirmation.
    await page.getByRole('heading', { name: 'Shorten recordings retention?' }).waitFor();
    const before = JSON.parse((await fetchInPage(page, '/v1/retention')).body) as { retention: { recording: { days: number } } };
    assert.equal(before.retention.recording.days, 30);
    const mark = await fx.auditMark();
    await page.getByRole('button', { name: 'Shorten to 14 days' }).click();
    await page.getByRole('status').filter({ hasText: 'Recordings: kept 14 days (was 30).' }).waitFor();

    const shown = JSON.parse((await fetchInPage(page, '/v1/retention')).body) as { retention: Record<string, { days: number; defaultDays: number; source: string }> };
    assert.deepEqual(shown.retention['recording'], { ...shown.retention['recording'], days: 14, defaultDays: 30, source: 'tenant' });
    assert.ok((await fx.auditSince(mark)).some(({ entry }) => entry.action === 'retention.set' && entry.reason === 'recording: 30 -> 14 days'));
    await page.reload();
    const again = page.getByRole('row', { name: /^Recordings/ });
    await again.getByRole('cell', { name: /^Override/ }).waitFor();
    assert.equal(await again.getByLabel('Days to keep recordings').inputValue(), '14');
    // Lengthening deletes nothing, so it needs no confirmation.
    await again.getByLabel('Days to keep recordings').fill('45');
    await again.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Recordings: kept 45 days (was 14).' }).waitFor();
  });

  it('places a legal hold on a call after confirming, and releases it', async () => {
    await page.getByLabel('Hold on').selectOption('call');
    await page.getByLabel('Call id').fill(fx.callId);
    await page.getByLabel('Reason or case reference').fill('matter 2026-014');
    await page.getByRole('button', { name: 'Review hold' }).click();
    await page.getByRole('button', { name: 'Place hold' }).click();
    const placed = page.getByRole('status').filter({ hasText: /^Hold hold_\S+ placed\.$/ });
    await placed.waitFor();
    const holdId = /Hold (\S+) placed/.exec(await placed.innerText())?.[1] ?? '';
    const holdRow = page.getByRole('row', { name: new RegExp(holdId) });
    await holdRow.getByText('matter 2026-014').waitFor();
    await holdRow.getByText('Active').waitFor();
    if (screenshots) {
      await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
      await page.screenshot({ path: 'docs/console-retention.png', fullPage: false });
    }
    const active = JSON.parse((await fetchInPage(page, '/v1/legal-holds')).body) as { holds: { id: string; scope: string; target: string }[] };
    assert.deepEqual(active.holds.map((h) => [h.id, h.scope, h.target]), [[holdId, 'call', fx.callId]]);

    await page.getByRole('button', { name: `Release hold ${holdId}` }).click();
    await page.getByRole('heading', { name: `Release hold ${holdId}?` }).waitFor();
    await page.getByRole('button', { name: 'Release hold', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `Hold ${holdId} released.` }).waitFor();
    await page.getByText('No active legal holds.').waitFor();
    const all = JSON.parse((await fetchInPage(page, '/v1/legal-holds?all=true')).body) as { holds: { id: string; releasedBy: string | null }[] };
    assert.deepEqual(all.holds.map((h) => [h.id, h.releasedBy]), [[holdId, officer.id]]);
  });

  it('exports the subject sealed to a passphrase, forgets the passphrase, and downloads a bundle that opens with it', async () => {
    await page.getByRole('link', { name: 'Exports' }).click();
    await page.getByText('No stored exports.').waitFor();
    const mark = await fx.auditMark();
    await page.getByLabel('Subject identifier').fill(SUBJECT);
    await page.getByLabel(/^Passphrase/).fill(PASSPHRASE);
    await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create export' }).click();
    const ready = page.getByRole('status').filter({ hasText: /Export art_\S+ ready/ });
    await ready.waitFor({ timeout: 30_000 });
    assert.match(await ready.innerText(), /1 call record, 1 transcript, 1 recording/);
    assert.equal(await page.getByLabel(/^Passphrase/).inputValue(), '');
    assert.equal(await page.getByLabel('Repeat the passphrase').inputValue(), '');
    const exportId = /Export (art_\S+) ready/.exec(await ready.innerText())?.[1] ?? '';
    await page.getByRole('row', { name: new RegExp(exportId) }).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download sealed bundle' }).click();
    const path = await (await download).path();
    const files = await unpack(await decryptExport(await readFile(path), { passphrase: PASSPHRASE }));
    assert.ok(files.has(`calls/${fx.callId}/call.json`) && files.has(`calls/${fx.callId}/transcript.json`), [...files.keys()].join(', '));
    for (const { entry } of await fx.auditSince(mark)) assert.ok(!JSON.stringify(entry).includes(PASSPHRASE) && !JSON.stringify(entry).includes(SUBJECT));
  });

  it('erases the subject only after the irreversible-action confirmation, and shows a certificate that verifies', async () => {
    await page.getByRole('link', { name: 'Erasures' }).click();
    await page.getByText('No erasures in this tenant yet.').waitFor();
    await page.getByLabel(/^Subject identifier/).fill(SUBJECT);
    await page.getByRole('button', { name: 'Review erasure' }).click();
    await page.getByText('This cannot be undone.').waitFor();
    const erase = page.getByRole('button', { name: 'Erase permanently' });
    assert.equal(await erase.isDisabled(), true);
    assert.equal((await fx.runtime.calls.get(fx.callId)) !== undefined, true);
    await page.getByLabel('I understand this cannot be undone').check();
    await erase.click();
    await page.getByRole('status').filter({ hasText: /^Erased\. 1 recording, 2 transcripts, 1 export, 1 call record\./ }).waitFor();
    await page.getByText('Verified: signed by this installation’s deletion-certificate key.').waitFor();
    assert.equal(await fx.runtime.calls.get(fx.callId), undefined);
    if (screenshots) await page.screenshot({ path: 'docs/console-erasures.png', fullPage: false });

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download certificate (JSON)' }).click();
    const text = await readFile(await (await download).path(), 'utf8');
    const certificate = verifyCertificate(text, await fx.runtime.lifecycle.certificateVerifierKey());
    assert.deepEqual(certificate.counts, { recording: 1, transcript: 2, export: 1, call_record: 1 });

    // The past-erasures list names it, and its certificate opens (and verifies) from there too.
    await page.reload();
    await page.getByRole('button', { name: `Show the certificate of ${certificate.erasureId}` }).click();
    await page.getByRole('heading', { name: `Deletion certificate ${certificate.erasureId}` }).waitFor();
    await page.getByText('Verified: signed by this installation’s deletion-certificate key.').waitFor();
  });

  it('shows a supervisor none of the lifecycle sections, and refuses crafted requests 403', async () => {
    const supervisor = await signIn(fx.people.supervisor);
    const nav = supervisor.getByRole('navigation', { name: 'Sections' });
    for (const name of ['Retention & holds', 'Erasures', 'Exports']) assert.equal(await nav.getByRole('link', { name }).count(), 0, name);
    await supervisor.goto(`${fx.url}/console/erasures`);
    await supervisor.getByRole('heading', { name: 'Calls' }).waitFor();
    assert.equal(await supervisor.getByRole('heading', { name: 'Erasures' }).count(), 0);

    const crafted: [string, string, unknown][] = [
      ['GET', '/v1/retention', undefined],
      ['PUT', '/v1/retention/recording', { days: 1 }],
      ['GET', '/v1/legal-holds', undefined],
      ['POST', '/v1/legal-holds', { target: 'tenant', note: 'crafted' }],
      ['GET', '/v1/erasures', undefined],
      ['POST', '/v1/erasures', { subject: 'someone-else' }],
      ['GET', '/v1/subject-exports', undefined],
      ['POST', '/v1/subject-exports', { subject: 'someone-else', passphrase: PASSPHRASE }],
    ];
    const mark = await fx.auditMark();
    for (const [method, path, json] of crafted) {
      const answer = await fetchInPage(supervisor, path, { method, json });
      assert.equal(answer.status, 403, `${method} ${path}: ${answer.body}`);
      assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'ACCESS_DENIED');
    }
    const denied = (await fx.auditSince(mark)).filter(({ entry }) => entry.outcome === 'denied' && entry.principal.id === fx.people.supervisor.id);
    assert.equal(denied.length, crafted.length);
    await supervisor.context().close();
  });
});
