// The Audit section in a real browser against a real server: an auditor browses the tenant's
// entries newest first (the fixture's own activity among them), filters narrow them, the latest
// checkpoint shows with its signature valid and the last `sotto audit verify`, "Check now"
// verifies signature and consistency in the browser (and fails on a forged checkpoint), and a
// downloaded inclusion proof verifies in Node with src/audit against the checkpoint shown. An
// analyst has no Audit link and is refused the API. SOTTO_SCREENSHOTS=1 writes docs/console-audit.png.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openSignedNote, parseCheckpointBody, parseVerifierKey } from '../../../src/audit/checkpoint/index.js';
import { readProofFile, verifyProofFile, type InclusionProofFile } from '../../../src/audit/proof-file/index.js';
import { verifyAuditLog } from '../../../src/posture/index.js';
import { browserUnavailable, launchBrowser } from '../../support/browser.js';
import { createPerson, type Person } from '../../support/api-fixture.js';
import { startConsoleFixture, TENANT, type ConsoleFixture } from './console-fixture.js';
import { signIn as signInAs } from './console-sign-in.js';

const skip = browserUnavailable();
const screenshots = process.env['SOTTO_SCREENSHOTS'] === '1';
/** What the fixture's data subject is called before hashing: it must never reach the page. */
const SUBJECT_ID = 'console-fixture-caller-subject';

describe('the Audit section in Chromium', { skip }, () => {
  let fx: ConsoleFixture;
  let browser: Browser;
  let auditor: Person;
  before(async () => {
    fx = await startConsoleFixture();
    browser = await launchBrowser();
    auditor = await createPerson(fx.runtime, TENANT, 'auditor');
  });
  after(async () => {
    await browser?.close();
    await fx?.close();
  });

  const signIn = (person: Person): Promise<Page> => signInAs(fx, browser, person, { heading: 'Calls' });

  const entriesStatus = (page: Page) => page.getByRole('status').filter({ hasText: / entr(y|ies)$/ });
  const cellTexts = (page: Page, column: number) =>
    page.locator('.audit-scroll [role=row]').evaluateAll((rows, c) => rows.map((r) => r.querySelectorAll('[role=cell]')[c]?.textContent ?? ''), column);

  it('shows an analyst no Audit link and refuses the audit API (403), audited', async () => {
    const page = await signIn(fx.people.analyst);
    const mark = await fx.auditMark();
    assert.equal(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit' }).count(), 0);
    const statuses = await page.evaluate(async (id) => {
      const entries = await fetch('/v1/audit/entries');
      const checkpoint = await fetch('/v1/audit/checkpoint');
      const recording = await fetch(`/v1/calls/${id}/recording`);
      return [entries.status, checkpoint.status, recording.status];
    }, fx.callId);
    assert.deepEqual(statuses, [403, 403, 403]);
    const denied = (await fx.auditSince(mark)).map((e) => e.entry).filter((e) => e.outcome === 'denied' && e.principal.id === fx.people.analyst.id);
    assert.deepEqual(denied.map((e) => e.action).sort(), ['audit.read', 'audit.read', 'recording.listen']);
    await page.context().close();
  });

  it('lets an auditor browse and filter entries, see the checkpoint verified, check it in the browser, and download a proof that verifies', async () => {
    // Operational evidence as `sotto audit verify` records it; then a checkpoint covering the
    // analyst's refused listen above, as the server signs within its interval.
    await verifyAuditLog(fx.runtime.audit, fx.runtime.posture.sql, () => new Date());
    await fx.runtime.audit.checkpoint();
    const page = await signIn(auditor);
    const cspErrors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
    });
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();

    // The checkpoint, its signature checked by the server with the log's key, and the last verify.
    const panel = page.getByRole('region', { name: 'Latest signed checkpoint' });
    await panel.getByText('valid — checked by the server').waitFor();
    const verifierKey = parseVerifierKey(await fx.runtime.audit.verifierKey());
    await panel.getByText(`${verifierKey.name} (key ID ${verifierKey.keyId.toString('hex')})`).waitFor();
    const shownSize = Number((await panel.locator('dt:text-is("Tree size") + dd').textContent())?.replace(/\D/g, ''));
    const shownRoot = (await panel.locator('dt:text-is("Root hash") + dd').textContent()) ?? '';
    assert.ok(shownSize > 0 && shownRoot.length === 44, `${shownSize} ${shownRoot}`);
    assert.notEqual(await panel.locator('dt:text-is("Signed") + dd').textContent(), 'time not known');
    const verification = page.getByRole('region', { name: 'Verification' });
    await verification.getByText(/Last sotto audit verify: passed at .* entries and \d+ checkpoints verified/).waitFor();

    // Newest first: the fixture's activity is there, the most recent entry on top.
    await entriesStatus(page).filter({ hasNotText: 'loading' }).waitFor();
    const indexes = (await cellTexts(page, 0)).map((t) => Number(t.slice(1)));
    assert.ok(indexes.length > 5);
    assert.deepEqual(indexes, [...indexes].sort((a, b) => b - a));
    const actions = await cellTexts(page, 2);
    assert.ok(actions.includes('session.login'), actions.join(', '));

    // Filters narrow the list, server-side: denied entries only, then the refused listen of the call.
    await page.getByLabel('Outcome').selectOption('denied');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await entriesStatus(page).filter({ hasNotText: 'loading' }).waitFor();
    const outcomes = await cellTexts(page, 3);
    assert.ok(outcomes.length > 0 && outcomes.length < indexes.length, `${outcomes.length} of ${indexes.length}`);
    assert.ok(outcomes.every((o) => o === 'denied'), outcomes.join(', '));
    await page.getByLabel('Action').fill('recording.listen');
    await page.getByLabel('Resource or call id').fill(fx.callId);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await entriesStatus(page).filter({ hasText: /^1 entry$/ }).waitFor();
    const row = page.locator('.audit-scroll [role=row]');
    await row.getByText(fx.people.analyst.id).waitFor();
    const index = Number((await row.locator('[role=cell]').first().textContent())?.slice(1));
    assert.ok(index < shownSize, `entry ${index} is in checkpoint ${shownSize}`);

    // The entry's detail, linkable by index.
    await row.getByRole('link', { name: `Entry ${index} details` }).click();
    const detail = page.getByRole('region', { name: `Entry #${index}` });
    await detail.getByText('recording.listen', { exact: true }).waitFor();
    await detail.getByText(/^denied — /).waitFor();
    assert.match(page.url(), new RegExp(`/console/audit/${index}$`));
    await detail.getByText(`call ${fx.callId}`).waitFor();

    // Download the inclusion proof; it verifies offline with src/audit against the checkpoint shown.
    const download = page.waitForEvent('download');
    await row.getByRole('link', { name: `Download inclusion proof for entry ${index}` }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), `sotto-audit-inclusion-${index}.json`);
    const proof = readProofFile(await readFile(await file.path())) as InclusionProofFile;
    const checked = verifyProofFile(proof, verifierKey);
    assert.ok(checked.kind === 'inclusion');
    assert.equal(checked.index, index);
    assert.equal(checked.entry.action, 'recording.listen');
    assert.equal(checked.entry.outcome, 'denied');
    assert.equal(checked.size, shownSize);
    const proofRoot = parseCheckpointBody(openSignedNote(proof.checkpoint, [verifierKey]).body).rootHash.toString('base64');
    assert.equal(proofRoot, shownRoot);

    // Check now, in the browser: the first check pins the checkpoint; after the log grew and a
    // new checkpoint was signed, the second proves consistency from the pinned one.
    await verification.getByRole('button', { name: 'Check now' }).click();
    await verification.getByRole('status').filter({ hasText: /Check passed .*First check in this browser/ }).waitFor();
    const grown = parseCheckpointBody(openSignedNote(await fx.runtime.audit.checkpoint(), [verifierKey]).body).size;
    assert.ok(grown > shownSize);
    await verification.getByRole('button', { name: 'Check now' }).click();
    await verification.getByRole('status').filter({ hasText: new RegExp(`Check passed .*checkpoint ${grown}.*consistent with checkpoint \\d+ kept by this browser`) }).waitFor();

    // Nothing personal on the page: entries carry ids and keyed hashes only.
    const text = await page.locator('body').innerText();
    for (const person of [auditor, fx.people.analyst, fx.people.supervisor]) assert.ok(!text.includes(person.email), 'an email on the audit page');
    assert.ok(!text.includes(SUBJECT_ID));
    if (screenshots) {
      await page.getByRole('link', { name: 'Close entry' }).click();
      await page.getByRole('button', { name: 'Clear' }).click();
      await entriesStatus(page).filter({ hasNotText: 'loading' }).waitFor();
      await page.mouse.wheel(0, -10_000);
      await page.getByRole('link', { name: 'Audit', exact: true }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'docs/console-audit.png' });
    }
    assert.deepEqual(cspErrors, []);

    // A forged checkpoint (root changed, signature kept) fails the browser's check, loudly.
    await page.route('**/v1/audit/checkpoint', async (route) => {
      const answer = (await (await route.fetch()).json()) as { checkpoint: string };
      const lines = answer.checkpoint.split('\n');
      lines[2] = Buffer.alloc(32, 7).toString('base64');
      await route.fulfill({ json: { ...answer, checkpoint: lines.join('\n') } });
    });
    await verification.getByRole('button', { name: 'Check now' }).click();
    await verification.getByRole('status').filter({ hasText: /Check FAILED .*does not verify/ }).waitFor();
    await page.unrouteAll({ behavior: 'wait' });
    await page.context().close();
  });
});
