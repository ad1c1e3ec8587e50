// Runs the real `sotto` command as a child process in a throwaway directory. The child's cwd is
// that directory, so a missing --data can only ever touch ./data there.
//
// The command is bin/sotto.js (the sources through tsx), or, when the test runner has built them
// (scripts/run-tests.mjs sets SOTTO_TEST_CLI), dist/cli/main.js: the same sources transpiled by
// the same esbuild ahead of time, which starts ~0.5–1 s faster per process than loading a
// TypeScript loader into each. cli-entry.test.ts runs bin/sotto.js itself.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const SOTTO_TS_BIN = new URL('../../../bin/sotto.js', import.meta.url).pathname;
export const SOTTO_BIN = process.env.SOTTO_TEST_CLI || SOTTO_TS_BIN;

/** Generous: one start is ~1 s, but the suite runs several files at once on small machines. */
export const RUN_TIMEOUT_MS = 30_000;

export interface SottoRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  /** Added to the child's environment (after every inherited SOTTO_* variable is removed). */
  env?: Record<string, string>;
  /** Written to the child's stdin, which is then closed. */
  input?: string | Buffer;
}

/**
 * The developer's own SOTTO_* settings (a master secret, a data dir) must not leak into a
 * test; logs are off unless a test asks for them.
 */
export function sottoEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('SOTTO_')) env[key] = value;
  return { ...env, SOTTO_LOG_LEVEL: 'silent', ...extra };
}

export interface Sandbox {
  /** The temporary directory: the child's cwd, and a place for input and output files. */
  root: string;
  /** `<root>/data`, passed as --data by `sotto()`. */
  data: string;
  /** Start sotto with exactly these arguments. */
  spawn(args: readonly string[], options?: Pick<RunOptions, 'env'>): ChildProcessWithoutNullStreams;
  /** Run sotto with exactly these arguments and collect its output. */
  run(args: readonly string[], options?: RunOptions): Promise<SottoRun>;
  /** Run sotto with `--data <data>` before the arguments. */
  sotto(args: readonly string[], options?: RunOptions): Promise<SottoRun>;
  remove(): Promise<void>;
}

export async function createSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'sotto-e2e-'));
  const data = join(root, 'data');
  const spawnSotto = (args: readonly string[], options: Pick<RunOptions, 'env'> = {}): ChildProcessWithoutNullStreams =>
    spawn(process.execPath, [SOTTO_BIN, ...args], { cwd: root, env: sottoEnv(options.env), stdio: 'pipe' });
  const run = async (args: readonly string[], options: RunOptions = {}): Promise<SottoRun> => {
    const child = spawnSotto(args, options);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A command that fails before reading its stdin closes the pipe: that is not a test error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    try {
      const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
      return { code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') };
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    root,
    data,
    spawn: spawnSotto,
    run,
    sotto: (args, options) => run(['--data', data, ...args], options),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

function describeRun(run: SottoRun): string {
  return `exit ${run.code ?? run.signal}; stderr: ${JSON.stringify(run.stderr)}; stdout: ${JSON.stringify(run.stdout.toString('utf8').slice(0, 500))}`;
}

/** Exit 0 with nothing on stderr (logs are silent in these tests). */
export function assertSuccess(run: SottoRun): void {
  assert.equal(run.code, 0, describeRun(run));
  assert.equal(run.stderr, '', describeRun(run));
}

/**
 * The CLI contract for a failure: the exit code, nothing on stdout, and exactly one line on
 * stderr, which is returned (without its newline).
 */
export function assertFailure(run: SottoRun, code: 1 | 2): string {
  assert.equal(run.code, code, describeRun(run));
  assert.equal(run.stdout.length, 0, describeRun(run));
  assert.match(run.stderr, /^[^\n]+\n$/, `exactly one line on stderr: ${describeRun(run)}`);
  return run.stderr.slice(0, -1);
}

/** stdout is exactly one line of JSON; returns it parsed. */
export function jsonLine<T = Record<string, unknown>>(run: SottoRun): T {
  const text = run.stdout.toString('utf8');
  assert.match(text, /^[^\n]+\n$/, `exactly one line on stdout: ${describeRun(run)}`);
  return JSON.parse(text) as T;
}

/** Every regular file under dir, at any depth (temporary and hidden files included). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Reads every file under dir (SQLite database, WAL, blobs, keys) and fails if any holds a needle. */
export async function assertNoFileContains(dir: string, needles: readonly (string | Buffer)[]): Promise<void> {
  const files = await filesUnder(dir);
  assert.ok(files.length > 0, `no files under ${dir}`);
  for (const file of files) {
    const content = await readFile(file);
    for (const needle of needles) {
      assert.equal(content.includes(needle), false, `${String(needle)} found in ${file}`);
    }
  }
}
