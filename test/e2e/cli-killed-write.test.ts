// A `vault put` killed (SIGKILL) in the middle of its input leaves no plaintext anywhere on disk,
// no artifact record, and a data dir the next command opens normally (DESIGN.md invariants 1, 4).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { assertNoFileContains, assertSuccess, createSandbox, filesUnder, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

const PATTERN = 'SECRET-CARD-4111111111111111 ';
const CHUNK = Buffer.from(PATTERN.repeat(Math.ceil((64 * 1024) / PATTERN.length)));
const MiB = 1024 * 1024;
/** Kill once this much has been sent and the blob being written has grown past KILL_AFTER_BLOB_BYTES. */
const KILL_AFTER_SENT_BYTES = 3 * MiB;
const KILL_AFTER_BLOB_BYTES = 1 * MiB;
const GIVE_UP_AFTER_SENT_BYTES = 64 * MiB;
const VAULT_MAGIC = Buffer.from('SOTTOVLT', 'ascii');

async function largestFileSize(dir: string): Promise<number> {
  const files = await filesUnder(dir).catch(() => []);
  const sizes = await Promise.all(files.map(async (f) => (await stat(f).catch(() => undefined))?.size ?? 0));
  return Math.max(0, ...sizes);
}

describe('when vault put is killed while it is writing', () => {
  let box: Sandbox;
  let sent = 0;
  let exit: { code: number | null; signal: NodeJS.Signals | null; stdout: string };

  before(async () => {
    box = await createSandbox();
    // No `keys init`: the put creates the keyring and the tenant key itself, before reading input.
    const child = box.spawn(['--data', box.data, 'vault', 'put', '--tenant', 'acme', '--subject', '+15551234567', '--kind', 'recording', '--in', '-']);
    const stdout: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.resume();
    child.stdin.on('error', () => undefined); // EPIPE once the child is gone
    const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
    let gone = false;
    void closed.then(() => (gone = true));
    const blobs = join(box.data, 'blobs');
    // Slowly: a chunk, a pause, until the child is provably mid-write (its blob on disk is growing).
    while (!gone && sent < GIVE_UP_AFTER_SENT_BYTES) {
      if (!child.stdin.write(CHUNK)) await Promise.race([once(child.stdin, 'drain').catch(() => undefined), closed]);
      sent += CHUNK.length;
      await sleep(5);
      if (sent >= KILL_AFTER_SENT_BYTES && (await largestFileSize(blobs)) >= KILL_AFTER_BLOB_BYTES) break;
    }
    child.kill('SIGKILL');
    const [code, signal] = await closed;
    exit = { code, signal, stdout: Buffer.concat(stdout).toString('utf8') };
  }, { timeout: RUN_TIMEOUT_MS * 2 });
  after(async () => {
    await box.remove();
  });

  it('the child died by SIGKILL before finishing, having printed no id', async (t) => {
    t.diagnostic(`killed after ${sent} bytes sent; largest file under blobs/: ${await largestFileSize(join(box.data, 'blobs'))} bytes`);
    assert.equal(exit.signal, 'SIGKILL', `the put ended on its own (${JSON.stringify(exit)}) after ${sent} bytes`);
    assert.equal(exit.stdout, '');
    assert.ok(sent >= KILL_AFTER_SENT_BYTES);
  });

  it('no file under the data dir (temporary files, database, WAL) holds the plaintext or the subject id', async () => {
    await assertNoFileContains(box.data, ['SECRET-CARD', '4111111111111111', '15551234567']);
  });

  it('every file left under blobs/ is vault ciphertext (vault header, incompressible)', async () => {
    const files = await filesUnder(join(box.data, 'blobs'));
    assert.ok(files.length > 0, 'the interrupted write left its temporary blob');
    for (const file of files) {
      const content = await readFile(file);
      if (content.length === 0) continue;
      assert.ok(content.subarray(0, VAULT_MAGIC.length).equals(VAULT_MAGIC), `${file} does not start with the vault header`);
      // The repeated plaintext would deflate ~100:1; AES-GCM output does not deflate at all.
      assert.ok(deflateRawSync(content).length > content.length * 0.99, `${file} compresses like plaintext`);
    }
  });

  it('the metadata store has no artifact record', () => {
    const db = new Database(join(box.data, 'sotto.db'), { readonly: true, fileMustExist: true });
    try {
      assert.deepEqual(db.prepare('SELECT count(*) AS n FROM artifacts').get(), { n: 0 });
    } finally {
      db.close();
    }
  });

  it('a later command opens the data dir normally', { timeout: RUN_TIMEOUT_MS }, async () => {
    const run = await box.sotto(['keys', 'status', '--tenant', 'acme']);
    assertSuccess(run);
    assert.match(run.stdout.toString('utf8'), /acme: v1 primary/);
  });
});
