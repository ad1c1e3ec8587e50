import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { randomBytes } from '../../crypto/index.js';
import { chunksOf, describeBlobStoreContract, readAll, rejectsWithCode } from './blob-store-contract.js';
import { TEMPORARY_FILE_PREFIX, openFilesystemBlobStore, type FilesystemBlobStore } from './filesystem.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SLOW_WRITER = fileURLToPath(new URL('./fixtures/slow-writer.ts', import.meta.url));

async function temporaryRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sotto-blobs-'));
}

/** Every file under `root`, as paths relative to it. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

const isTemporary = (path: string): boolean => (path.split('/').at(-1) ?? '').startsWith(TEMPORARY_FILE_PREFIX);

describeBlobStoreContract('filesystem', async () => {
  const root = await temporaryRoot();
  const store = await openFilesystemBlobStore({ root: join(root, 'blobs') });
  return {
    store,
    leftovers: async () => (await filesUnder(store.root)).filter(isTemporary),
    cleanup: async () => {
      await store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});

void describe('filesystem blob store', () => {
  let root: string;
  let store: FilesystemBlobStore;
  before(async () => {
    root = await temporaryRoot();
    store = await openFilesystemBlobStore({ root: join(root, 'blobs') });
  });
  after(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  void describe('when a blob is written', () => {
    void it('is a file of mode 0600 in directories of mode 0700, under a root of mode 0700', async () => {
      await store.put('tenant-1/calls/rec-1', chunksOf(randomBytes(1000)));
      assert.equal((await stat(join(store.root, 'tenant-1/calls/rec-1'))).mode & 0o777, 0o600);
      assert.equal((await stat(join(store.root, 'tenant-1/calls'))).mode & 0o777, 0o700);
      assert.equal((await stat(join(store.root, 'tenant-1'))).mode & 0o777, 0o700);
      assert.equal((await stat(store.root)).mode & 0o777, 0o700);
    });
  });

  void describe('when a key names the directory that holds other blobs', () => {
    void it('is absent to stat, get and delete, and a put to it conflicts', async () => {
      await store.put('folder/inner', chunksOf(randomBytes(10)));
      assert.equal(await store.stat('folder'), undefined);
      await rejectsWithCode(store.get('folder'), 'BLOB_NOT_FOUND');
      await store.delete('folder');
      await rejectsWithCode(store.put('folder', chunksOf(randomBytes(10))), 'STORE_CONFLICT');
      assert.equal((await readAll(await store.get('folder/inner'))).byteLength, 10);
    });
  });

  void describe('when temporary files are swept', () => {
    void it('removes only temporary files older than the age given, never a blob', async () => {
      await store.put('sweep/blob', chunksOf(randomBytes(10)));
      await writeFile(join(store.root, 'sweep', `${TEMPORARY_FILE_PREFIX}abandoned`), 'ciphertext');
      assert.equal(await store.sweepTemporaryFiles(60_000), 0);
      assert.equal(await store.sweepTemporaryFiles(0), 1);
      assert.deepEqual(await readdir(join(store.root, 'sweep')), ['blob']);
    });
  });

  void describe('when the writer is killed with SIGKILL mid-write', () => {
    void it('leaves no blob, only a temporary file, which the next open sweeps', { timeout: 60_000 }, async () => {
      const key = 'calls/killed-mid-write';
      const writer = spawn(process.execPath, ['--import', 'tsx', SLOW_WRITER, store.root, key], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = once(writer, 'exit');
      for await (const line of createInterface({ input: writer.stdout })) if (line === 'writing') break;
      writer.kill('SIGKILL');
      const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      assert.equal(signal, 'SIGKILL');

      assert.equal(await store.stat(key), undefined);
      await rejectsWithCode(store.get(key), 'BLOB_NOT_FOUND');
      const left = await readdir(join(store.root, 'calls'));
      assert.equal(left.length, 1);
      assert.ok(isTemporary(left[0] ?? ''), `unexpected file ${String(left[0])}`);
      assert.ok((await stat(join(store.root, 'calls', left[0] ?? ''))).size > 0, 'killed before writing');

      await openFilesystemBlobStore({ root: store.root, sweepTemporaryFilesOlderThanMs: 0 });
      assert.deepEqual(await readdir(join(store.root, 'calls')), []);
    });
  });
});
