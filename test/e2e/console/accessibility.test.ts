// Accessibility of every console view, checked in a real browser with axe-core (Deque's rules
// engine, WCAG 2.0/2.1/2.2 A and AA rules, colour contrast included): the sign-in page, then each
// section an owner sees (every section) and a call's detail page. And the console works from the
// keyboard alone: sign in, reach the sections, open one, all without a mouse.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createPerson, type Person } from '../../support/api-fixture.js';
import { browserUnavailable, launchBrowser, newConsoleContext } from '../../support/browser.js';
import { startConsoleFixture, TENANT, type ConsoleFixture } from './console-fixture.js';
import { signIn } from './console-sign-in.js';

const skip = browserUnavailable();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** axe-core's findings for the page as it is now. Evaluated over DevTools, so the console's CSP does not apply to it. */
async function violations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, WCAG_AA);
}

function describeViolations(where: string, found: AxeViolation[]): string {
  return `${where}:\n${found.map((v) => `  ${v.id} (${v.impact ?? '?'}): ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`).join('\n')}`;
}

describe('console accessibility (axe-core WCAG 2.2 AA rules, keyboard only) in Chromium', { skip }, () => {
  let fx: ConsoleFixture;
  let browser: Browser;
  let owner: Person;
  before(async () => {
    fx = await startConsoleFixture();
    owner = await createPerson(fx.runtime, TENANT, 'owner');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('the sign-in page has no WCAG A/AA violations', async () => {
    const page = await (await newConsoleContext(browser)).newPage();
    await page.goto(`${fx.url}/console/`);
    await page.getByLabel('Email').waitFor();
    const found = await violations(page);
    assert.deepEqual(found, [], describeViolations('sign-in', found));
    // The checker is live: a control planted without a label and low-contrast text are found.
    await page.evaluate(() => {
      type El = { style: Record<string, string>; textContent: string; append(child: unknown): void };
      const doc = (globalThis as unknown as { document: { body: El; createElement(tag: string): El } }).document;
      doc.body.append(doc.createElement('input'));
      // Styled through the CSSOM: the CSP refuses style attributes in markup.
      const faint = doc.createElement('p');
      faint.textContent = 'faint';
      faint.style['color'] = '#bbb';
      doc.body.append(faint);
    });
    const planted = (await violations(page)).map((v) => v.id);
    assert.ok(planted.includes('label') && planted.includes('color-contrast'), planted.join(', '));
    await page.context().close();
  });

  it('every section and a call detail have no WCAG A/AA violations', async () => {
    const page = await signIn(fx, browser, owner);
    const links = page.getByRole('navigation', { name: 'Sections' }).getByRole('link');
    const sections = await links.evaluateAll((els) => els.map((el) => (el as unknown as { getAttribute(n: string): string }).getAttribute('href')));
    assert.ok(sections.length >= 10, `an owner sees every section (${sections.join(', ')})`);
    const report: string[] = [];
    for (const href of [...sections, `/console/calls/${fx.callId}`]) {
      await page.goto(`${fx.url}${href}`);
      await page.locator('main').waitFor();
      // Each view loads its data after the first paint; let it settle before judging.
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('[aria-busy="true"]'), undefined, { timeout: 10_000 });
      const found = await violations(page);
      if (found.length > 0) report.push(describeViolations(href, found));
    }
    assert.deepEqual(report, [], report.join('\n'));
    await page.context().close();
  });

  it('works from the keyboard alone: sign in, reach the sections, open one', async () => {
    const page = await (await newConsoleContext(browser)).newPage();
    await page.goto(`${fx.url}/console/`);
    await page.getByLabel('Organisation').focus();
    await page.keyboard.type(owner.tenant);
    await page.keyboard.press('Tab');
    await page.keyboard.type(owner.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(owner.password);
    await page.keyboard.press('Tab');
    await page.keyboard.type(await fx.totp(owner));
    await page.keyboard.press('Enter');
    const audit = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit' });
    await audit.waitFor();
    // Tab from the top of the page until the Audit link has focus; then Enter opens it.
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await audit.evaluate((el) => (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement === el);
    }
    assert.ok(reached, 'the Audit link is reachable with Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/audit$/);
    assert.equal(await audit.getAttribute('aria-current'), 'page');
    await page.context().close();
  });
});
