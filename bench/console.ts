// npm run bench -- console
//
// The operator console's size and speed, in headless Debian Chromium (playwright-core) against a
// real Sotto server (test/e2e/console/console-fixture.ts: SQLite, local keyring, HTTPS on 127.0.0.1).
//
// Figures.
// - js_gzip_kb: the JavaScript web/dist/index.html loads initially (its module scripts and
//   modulepreload links), each gzipped at zlib's default level 6, summed, in KiB. Goal ≤ 250.
// - calls_list_10k_render_ms: with 10,001 call records stored, a signed-in operator loads
//   /console/; ms from the document's navigation start (performance.timeOrigin) to the first
//   animation frame in which the list's first data row is in the DOM (first page of 500 fetched
//   through the API, access-checked and audited). Goal ≤ 500.
// - calls_list_10k_scroll_to_end_ms: from that frame, the list's scroller set to its bottom on
//   every frame until the last (10,001st) row is in the DOM: 21 pages fetched by cursor as the
//   operator reaches the end of what is loaded, virtualized rendering throughout.
// - webrtc_setup_ms: bench/console/webrtc-setup.ts's measureWebrtcSetupMs() when that file
//   exists (another engineer's), else null.
// Both list figures are the median of RUNS page loads; each run's figures are printed.
// Last line: one JSON object.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DEFAULT_CONSOLE_DIST } from '../src/server/console.js';
import { browserUnavailable, launchBrowser, newConsoleContext } from '../test/support/browser.js';
import { startConsoleFixture } from '../test/e2e/console/console-fixture.js';

const SEEDED = 10_000;
const RUNS = 3;

// Always a fresh build: the figures are for the console as the sources are now.
const built = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
if (built.status !== 0) throw new Error('npm run build:web failed');
const unavailable = browserUnavailable();
if (unavailable) throw new Error(`bench console needs the browser: ${unavailable}`);

function initialJsGzipKb(): { kb: number; files: string[] } {
  const html = readFileSync(join(DEFAULT_CONSOLE_DIST, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) if (m[1]) files.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) if (m[1]) files.add(m[1]);
  let bytes = 0;
  for (const url of files) bytes += gzipSync(readFileSync(join(DEFAULT_CONSOLE_DIST, url.replace(/^\/console\//, '')))).length;
  return { kb: Math.round((bytes / 1024) * 10) / 10, files: [...files] };
}

async function webrtcSetupMs(): Promise<number | null> {
  const file = join(import.meta.dirname, 'console', 'webrtc-setup.ts');
  if (!existsSync(file)) return null;
  const mod = (await import(pathToFileURL(file).href)) as { measureWebrtcSetupMs: () => Promise<number> };
  return mod.measureWebrtcSetupMs();
}

// Page code as source text: tsx's esbuild wraps named functions in a `__name` helper that does
// not exist in the page. Each waits with requestAnimationFrame, so a figure ends on the frame in
// which the row is in the DOM.
const FIRST_ROW_AT = `new Promise((resolve) => {
  const check = () => document.querySelector('[role="row"][data-index="0"]') ? resolve(performance.now()) : requestAnimationFrame(check);
  check();
})`;
const scrollToRow = (lastIndex: number): string => `new Promise((resolve, reject) => {
  const start = performance.now();
  const step = () => {
    if (document.querySelector('[role="row"][data-index="${lastIndex}"]')) return resolve(performance.now() - start);
    if (performance.now() - start > 120000) return reject(new Error('the last row never rendered'));
    const scroller = document.querySelector('.calls-scroll');
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
    requestAnimationFrame(step);
  };
  step();
})`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const js = initialJsGzipKb();
console.log(`initial JS: ${js.files.join(', ')} → ${js.kb} KiB gzipped`);

const fx = await startConsoleFixture();
const browser = await launchBrowser();
const renders: number[] = [];
const scrolls: number[] = [];
try {
  const seedStart = performance.now();
  await fx.seedCalls(SEEDED);
  console.log(`seeded ${SEEDED} call records in ${Math.round(performance.now() - seedStart)} ms (${SEEDED + 1} in the list)`);
  const context = await newConsoleContext(browser);
  const page = await context.newPage();
  await page.goto(`${fx.url}/console/`);
  const person = fx.people.supervisor;
  await page.getByLabel('Organisation').fill(person.tenant);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByLabel('Authenticator code').fill(await fx.totp(person));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Calls' }).waitFor();
  for (let run = 0; run < RUNS; run++) {
    await page.goto(`${fx.url}/console/`, { waitUntil: 'domcontentloaded' });
    const firstRowMs = await page.evaluate<number>(FIRST_ROW_AT);
    const scrollMs = await page.evaluate<number>(scrollToRow(SEEDED));
    renders.push(firstRowMs);
    scrolls.push(scrollMs);
    if (run === 0 && process.env['SOTTO_CONSOLE_SCREENSHOTS'] === '1') await page.screenshot({ path: 'docs/console-calls.png' });
    console.log(`run ${run + 1}: first rows ${Math.round(firstRowMs)} ms after navigation start; last row ${Math.round(scrollMs)} ms later`);
  }
  await context.close();
} finally {
  await browser.close();
  await fx.close();
}

console.log(JSON.stringify({
  js_gzip_kb: js.kb,
  calls_list_10k_render_ms: Math.round(median(renders)),
  calls_list_10k_scroll_to_end_ms: Math.round(median(scrolls)),
  webrtc_setup_ms: await webrtcSetupMs(),
  rows: SEEDED + 1,
  runs: RUNS,
  goals: { js_gzip_kb: 250, calls_list_10k_render_ms: 500 },
}));
