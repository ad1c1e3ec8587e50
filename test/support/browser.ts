// Headless Chromium from Debian (`apt-get install chromium`, /usr/bin/chromium) driven by
// playwright-core, for the console's browser tests and bench. Without the browser (or without a
// console build) the tests skip — unless SOTTO_REQUIRE_BROWSER=1 (set in CI), when they fail.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { DEFAULT_CONSOLE_DIST } from '../../src/server/console.js';

export const CHROMIUM_PATH = process.env['SOTTO_CHROMIUM'] ?? '/usr/bin/chromium';
/**
 * The console build the browser tests serve: web/dist, or SOTTO_TEST_CONSOLE_DIST so that two
 * people working at once can each build into their own directory (vite build web --outDir DIR).
 */
export const CONSOLE_DIST = process.env['SOTTO_TEST_CONSOLE_DIST'] ?? DEFAULT_CONSOLE_DIST;
const CONSOLE_SRC = join(DEFAULT_CONSOLE_DIST, '..', 'src');

/** Why the browser tests cannot run here, or false when they can. Throws in CI (required). */
export function browserUnavailable(): string | false {
  let reason: string | false = false;
  if (!existsSync(CHROMIUM_PATH)) reason = `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`;
  else if (!existsSync(`${CONSOLE_DIST}/index.html`)) reason = 'the console is not built (npm run build:web)';
  else if (newestMtimeMs(CONSOLE_SRC) > statSync(`${CONSOLE_DIST}/index.html`).mtimeMs) {
    // A stale build would test yesterday's console.
    reason = 'the console build is older than web/src (npm run build:web)';
  }
  if (reason && process.env['SOTTO_REQUIRE_BROWSER'] === '1') throw new Error(`SOTTO_REQUIRE_BROWSER=1 but ${reason}`);
  return reason;
}

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start. Audio plays without a
    // user gesture and without a sound card (muted output still advances the media clock).
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--mute-audio', '--disable-dev-shm-usage'],
  });
}

/** A context that trusts the fixture's self-signed certificate (test-only) and fits a laptop screen. */
export async function newConsoleContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1366, height: 768 } });
}

/**
 * The few browser globals that functions run in the page (page.evaluate) use: the root tsconfig
 * is for Node code and has no DOM lib, so page functions cast globalThis to this.
 */
export interface PageGlobals {
  document: { querySelector(selector: string): PageElement | null };
  requestAnimationFrame(callback: () => void): number;
}

export interface PageElement {
  scrollTop: number;
  scrollHeight: number;
  currentTime: number;
  play(): Promise<void>;
}
