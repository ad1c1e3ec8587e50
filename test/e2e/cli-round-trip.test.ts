// keys init → vault put (file and stdin) → get (file and stdout) → verify → rotate → retire,
// with real processes on one data dir; afterwards no file under it holds the content or the
// subject id (DESIGN.md invariant 1).
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertNoFileContains, assertSuccess, createSandbox, jsonLine, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

const timeout = RUN_TIMEOUT_MS;
const SUBJECT = '+15551234567';
// More than two 256 KiB segments, so reads cross segment boundaries.
const TRANSCRIPT = Buffer.from('caller: my card is 4111 1111 1111 1111, expiry 09/29, code 737. TRANSCRIPT-MARKER\n'.repeat(8000));
const STDIN_TRANSCRIPT = Buffer.from('caller: my social is 078-05-1120. STDIN-MARKER\n'.repeat(50));
const NEEDLES = ['4111 1111 1111 1111', 'TRANSCRIPT-MARKER', '078-05-1120', 'STDIN-MARKER', '15551234567'];

interface KeyJson {
  primaryVersion: number;
  versions: { version: number; state: string }[];
}

describe('when an operator stores and reads artifacts through the CLI', () => {
  let box: Sandbox;
  let fromFile = '';
  let fromStdin = '';
  const put = (extra: string[]) => ['vault', 'put', '--tenant', 'acme', '--subject', SUBJECT, '--kind', 'transcript', ...extra];

  before(async () => {
    box = await createSandbox();
    await writeFile(join(box.root, 'transcript.txt'), TRANSCRIPT);
  });
  after(async () => {
    await box.remove();
  });

  it('keys init creates the tenant key, version 1', { timeout }, async () => {
    const run = await box.sotto(['keys', 'init', '--tenant', 'acme']);
    assertSuccess(run);
    assert.match(run.stdout.toString('utf8'), /tenant acme key version 1\n$/);
  });

  it('vault put --in FILE prints only the artifact id', { timeout }, async () => {
    const run = await box.sotto(put(['--in', join(box.root, 'transcript.txt')]));
    assertSuccess(run);
    assert.match(run.stdout.toString('utf8'), /^art_[A-Za-z0-9_-]{22}\n$/);
    fromFile = run.stdout.toString('utf8').trim();
  });

  it('vault put --in - reads the content from stdin', { timeout }, async () => {
    const run = await box.sotto([...put(['--in', '-']), '--json'], { input: STDIN_TRANSCRIPT });
    assertSuccess(run);
    const stored = jsonLine<{ id: string; tenantId: string; kind: string; plaintextSize: number }>(run);
    assert.match(stored.id, /^art_/);
    assert.notEqual(stored.id, fromFile);
    assert.deepEqual([stored.tenantId, stored.kind, stored.plaintextSize], ['acme', 'transcript', STDIN_TRANSCRIPT.length]);
    fromStdin = stored.id;
  });

  it('vault get --out FILE writes exactly the stored bytes', { timeout }, async () => {
    const out = join(box.root, 'read-back.txt');
    const run = await box.sotto(['vault', 'get', fromFile, '--out', out, '--json']);
    assertSuccess(run);
    assert.deepEqual(jsonLine(run), { id: fromFile, kind: 'transcript', bytes: TRANSCRIPT.length });
    assert.ok((await readFile(out)).equals(TRANSCRIPT));
    assert.deepEqual((await readdir(box.root)).sort(), ['data', 'read-back.txt', 'transcript.txt'], 'no temporary file left beside the output');
  });

  it('vault get --out - writes exactly the stored bytes to stdout and nothing else', { timeout }, async () => {
    const run = await box.sotto(['vault', 'get', fromStdin, '--out', '-']);
    assertSuccess(run);
    assert.ok(run.stdout.equals(STDIN_TRANSCRIPT));
  });

  it('vault verify authenticates the artifact and exits 0', { timeout }, async () => {
    const run = await box.sotto(['vault', 'verify', fromFile, '--json']);
    assertSuccess(run);
    assert.deepEqual(jsonLine(run), { id: fromFile, plaintextSize: TRANSCRIPT.length, ok: true });
  });

  it('keys rotate makes version 2 primary and re-wraps the subject key', { timeout }, async () => {
    const run = await box.sotto(['keys', 'rotate', '--tenant', 'acme', '--json']);
    assertSuccess(run);
    const result = jsonLine<{ primaryVersion: number; rewrapped: number }>(run);
    assert.equal(result.primaryVersion, 2);
    assert.ok(result.rewrapped >= 1, `rewrapped ${result.rewrapped}`);
  });

  // `--version` here is the subcommand's option, not the root's (which once printed 0.1.0 instead).
  it('keys retire --version 1 retires version 1 once nothing is wrapped under it', { timeout }, async () => {
    const run = await box.sotto(['keys', 'retire', '--tenant', 'acme', '--version', '1', '--json']);
    assertSuccess(run);
    const { key } = jsonLine<{ key: KeyJson }>(run);
    assert.equal(key.versions.find((v) => v.version === 1)?.state, 'retired');
  });

  it('vault get still returns the bytes after rotation and retirement (blobs were never rewritten)', { timeout }, async () => {
    const run = await box.sotto(['vault', 'get', fromFile, '--out', '-']);
    assertSuccess(run);
    assert.ok(run.stdout.equals(TRANSCRIPT));
  });

  it('keys status --json shows version 1 retired and version 2 primary with the subject key', { timeout }, async () => {
    const run = await box.sotto(['keys', 'status', '--json']);
    assertSuccess(run);
    const status = jsonLine<{ tenants: { tenant: string; key: KeyJson; subjectKeysByVersion: Record<string, number> }[] }>(run);
    const acme = status.tenants.find((t) => t.tenant === 'acme');
    assert.ok(acme);
    assert.deepEqual(
      acme.key.versions.map((v) => [v.version, v.state]),
      [
        [1, 'retired'],
        [2, 'primary'],
      ],
    );
    assert.deepEqual(acme.subjectKeysByVersion, { '2': 1 });
  });

  it('leaves no file under the data dir (database, WAL, blobs, keys) holding the content or the subject id', async () => {
    await assertNoFileContains(box.data, NEEDLES);
  });
});
