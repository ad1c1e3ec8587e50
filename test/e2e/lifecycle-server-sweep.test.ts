// Issue 6: `sotto serve` runs the retention sweep by itself. A real server process with a
// one-second sweep interval deletes expired artifacts (blobs gone, one audit entry each as
// retention-sweeper), keeps fresh ones and held ones, logs counts only, and stops cleanly.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import Database from 'better-sqlite3';
import type { AuditEntry } from '../../src/audit/entry.js';
import { FIXTURE_MASTER_SECRET } from '../../src/lifecycle/fixtures/lifecycle-fixture.js';
import { assertSuccess, createSandbox, jsonLine, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

const timeout = 60_000;
const env = { SOTTO_MASTER_SECRET: FIXTURE_MASTER_SECRET };
const EXPIRED_SUBJECT = '+15550001111';
const HELD_SUBJECT = '+15550002222';
const DAY_MS = 86_400_000;

describe('when sotto serve runs with a short retention sweep interval', () => {
  let box: Sandbox;
  let child: ChildProcessWithoutNullStreams;
  let closed: Promise<[number | null, NodeJS.Signals | null]>;
  let stderr = '';
  const expired: string[] = [];
  const kept: string[] = [];
  const sotto = (args: string[], input?: string) => box.sotto(args, { env, ...(input === undefined ? {} : { input }) });
  const put = async (subject: string, kind: string): Promise<string> => {
    const run = await sotto(['vault', 'put', '--tenant', 'acme', '--subject', subject, '--kind', kind, '--in', '-'], `${kind} content`);
    assertSuccess(run);
    return run.stdout.toString('utf8').trim();
  };
  const db = (): Database.Database => new Database(join(box.data, 'sotto.db'), { readonly: true, fileMustExist: true });
  const blobNames = async (): Promise<Set<string | undefined>> => new Set((await readdir(join(box.data, 'blobs'), { recursive: true })).map((p) => p.split('/').at(-1)));

  before(
    async () => {
      box = await createSandbox();
      await mkdir(box.data, { recursive: true });
      await writeFile(join(box.data, 'sotto.json'), JSON.stringify({ lifecycle: { sweepIntervalMs: 1000 } }));
      assertSuccess(await sotto(['keys', 'init', '--tenant', 'acme']));
      for (let i = 0; i < 3; i++) expired.push(await put(EXPIRED_SUBJECT, 'recording'));
      const held = await put(HELD_SUBJECT, 'recording');
      kept.push(held, await put(EXPIRED_SUBJECT, 'transcript'));
      jsonLine(await sotto(['hold', 'set', '--tenant', 'acme', '--subject', '-', '--json'], `${HELD_SUBJECT}\n`));
      // Past their period (recording: 30 days) before the server starts; the transcript stays fresh.
      const rw = new Database(join(box.data, 'sotto.db'));
      try {
        const old = new Date(Date.now() - 40 * DAY_MS).toISOString();
        const update = rw.prepare('UPDATE artifacts SET created_at = ? WHERE id = ?');
        for (const id of [...expired, held]) assert.equal(update.run(old, id).changes, 1);
      } finally {
        rw.close();
      }
      child = box.spawn(['serve', '--port', '0', '--json', '--data', box.data], { env: { ...env, SOTTO_LOG_LEVEL: 'info' } });
      closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    },
    // Seven CLI runs before the server starts (~2 s each on a busy 2-core machine).
    { timeout: 4 * RUN_TIMEOUT_MS },
  );
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await box.remove();
  });

  it('deletes the expired artifacts on its own within a few seconds: blobs gone, deletions completed', { timeout }, async () => {
    const deadline = Date.now() + 20_000;
    let done = 0;
    while (Date.now() < deadline) {
      const conn = db();
      try {
        done = (conn.prepare('SELECT COUNT(*) AS n FROM deletions WHERE completed_at IS NOT NULL AND audit_index IS NOT NULL').get() as { n: number }).n;
      } finally {
        conn.close();
      }
      if (done >= expired.length) break;
      await sleep(100);
    }
    assert.equal(done, expired.length, `the server swept ${done} of ${expired.length}; server log: ${stderr}`);
    const blobs = await blobNames();
    for (const id of expired) assert.ok(!blobs.has(id), `the blob of ${id} is still there`);
    for (const id of kept) assert.ok(blobs.has(id), `the blob of ${id} (fresh or held) was deleted`);
  });

  it('logs the sweep with counts only, and stops on SIGTERM with exit 0', { timeout }, async () => {
    // The sweep logs its summary after its last deletion is committed: it may still be on its way.
    const summary = (): string[] => stderr.split('\n').filter((line) => line.includes('retention sweep'));
    for (const deadline = Date.now() + 10_000; summary().length === 0 && Date.now() < deadline; ) await sleep(100);
    const logged = summary();
    assert.ok(logged.length >= 1, stderr);
    assert.match(logged[0] ?? '', /"recording":3/);
    assert.doesNotMatch(stderr, /5550001111|5550002222/);
    child.kill('SIGTERM');
    const [code] = await closed;
    assert.equal(code, 0, stderr);
  });

  it('audited each deletion once as retention-sweeper, and the audit log verifies', { timeout }, async () => {
    const { entries } = jsonLine<{ entries: { entry: AuditEntry }[] }>(await sotto(['audit', 'tail', '-n', '200', '--json']));
    const deletions = entries.map((e) => e.entry).filter((e) => e.action === 'artifact.delete');
    assert.deepEqual(deletions.map((e) => e.resource.id).sort(), [...expired].sort());
    for (const e of deletions) {
      assert.equal(e.principal.id, 'retention-sweeper');
      assert.equal(e.reason, 'retention period of recording ended');
    }
    assertSuccess(await sotto(['audit', 'verify']));
  });
});
