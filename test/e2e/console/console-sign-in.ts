// Signing a person in to the console in a fresh browser context (not a test file), shared by
// the console's browser tests.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Person } from '../../support/api-fixture.js';
import { newConsoleContext } from '../../support/browser.js';
import type { ConsoleFixture } from './console-fixture.js';

/**
 * Signs `person` in with password and TOTP; resolves once the console shows its sections (and,
 * with `heading`, that heading too — e.g. 'Calls', the home page of roles that may view calls).
 */
export async function signIn(fx: Pick<ConsoleFixture, 'url' | 'totp'>, browser: Browser, person: Person, options: { context?: BrowserContext; heading?: string } = {}): Promise<Page> {
  const page = await (options.context ?? (await newConsoleContext(browser))).newPage();
  await page.goto(`${fx.url}/console/`);
  await page.getByLabel('Organisation').fill(person.tenant);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByLabel('Authenticator code').fill(await fx.totp(person));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  if (options.heading !== undefined) await page.getByRole('heading', { name: options.heading }).waitFor();
  return page;
}

/** What `<input type="datetime-local">` takes: local time (the browser's zone is this process's). */
export function localInput(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Status codes of requests crafted in the page, with the page's session cookie. */
export async function craftedStatuses(page: Page, requests: { method: string; path: string; json?: unknown }[]): Promise<number[]> {
  return page.evaluate(async (list) => {
    const out: number[] = [];
    for (const r of list) {
      const init: RequestInit = { method: r.method };
      if (r.json !== undefined) {
        init.headers = { 'content-type': 'application/json' };
        init.body = JSON.stringify(r.json);
      }
      out.push((await fetch(r.path, init)).status);
    }
    return out;
  }, requests);
}
