import { link, lstat, mkdir, open, readdir, realpath, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

import { randomBytes } from '../../crypto/index.js';
import { SottoError, isSottoError } from '../../errors/index.js';
import { isValidBlobKey, type BlobStore, type ByteRange } from './blob-store.js';
import { assertRangeInside, assertWellFormedRange } from './byte-range.js';
import { syncDirectory } from '../fs-sync.js';

/**
 * Temporary files are named `.tmp~<random>`. `~` is outside the blob key alphabet, so no blob
 * can ever be named like a temporary file, and the sweep can never remove a blob.
 */
const READ_CHUNK_BYTES = 1024 * 1024;

export const TEMPORARY_FILE_PREFIX = '.tmp~';

/** An active writer's file is never this old: every write updates its mtime. */
const DEFAULT_SWEEP_AGE_MS = 60 * 60 * 1000;

export interface FilesystemBlobStoreOptions {
  root: string;
  /** Temporary files left by a crashed writer are removed at open once older than this. */
  sweepTemporaryFilesOlderThanMs?: number;
}

export async function openFilesystemBlobStore(options: FilesystemBlobStoreOptions): Promise<FilesystemBlobStore> {
  const requested = resolve(options.root);
  let root: string;
  try {
    await mkdir(requested, { recursive: true, mode: 0o700 });
    // Resolve symlinks once, so the containment check below compares real paths.
    root = await realpath(requested);
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    throw new SottoError('BLOB_STORE_UNAVAILABLE', `Blob root ${requested} cannot be created or opened.`, { cause: err });
  }
  const store = new FilesystemBlobStore(root);
  await store.sweepTemporaryFiles(options.sweepTemporaryFilesOlderThanMs ?? DEFAULT_SWEEP_AGE_MS);
  return store;
}

/**
 * Blobs as files under one root (mode 0700 directories, 0600 files). A put writes a temporary
 * file beside the final path, fsyncs it, and links it into place with link(2), which fails
 * with EEXIST instead of replacing: publishing is atomic and never overwrites, and a reader
 * sees the whole blob or no blob.
 */
export class FilesystemBlobStore implements BlobStore {
  readonly name = 'fs';
  private closed = false;

  constructor(readonly root: string) {}

  async put(key: string, body: AsyncIterable<Uint8Array>): Promise<{ size: number }> {
    const path = this.pathOf(key);
    const dir = dirname(path);
    const temporary = join(dir, `${TEMPORARY_FILE_PREFIX}${randomBytes(16).toString('hex')}`);
    let file: FileHandle | undefined;
    let published = false;
    try {
      const firstCreated = await mkdir(dir, { recursive: true, mode: 0o700 });
      // 'wx' is O_CREAT|O_EXCL: never reuse or follow something already at that name.
      file = await open(temporary, 'wx', 0o600);
      let size = 0;
      for await (const chunk of body) {
        await writeFully(file, chunk);
        size += chunk.byteLength;
      }
      await file.sync();
      await file.close();
      file = undefined;
      await publish(temporary, path, key);
      published = true;
      // The link is already durable-or-not with the directory; the extra name is garbage.
      await unlink(temporary).catch(() => undefined);
      for (const d of directoriesToSync(dir, firstCreated)) await syncDirectory(d);
      return { size };
    } catch (err) {
      await file?.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
      // BLOB_WRITE_FAILED promises nothing was stored, so take back a link that is not durable.
      if (published) await unlink(path).catch(() => undefined);
      // A coded error from the body (e.g. a vault encryption failure) reaches the caller as is.
      if (isSottoError(err)) throw err;
      throw new SottoError('BLOB_WRITE_FAILED', `Blob ${key} could not be written under ${this.root}.`, { cause: err });
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    if (range) assertWellFormedRange(range);
    let file: FileHandle;
    try {
      file = await open(path, 'r');
    } catch (err) {
      throw this.readFailure(err, key);
    }
    try {
      // fstat on the open handle: the size belongs to the very file that is streamed.
      const info = await file.stat();
      if (!info.isFile()) throw new SottoError('BLOB_NOT_FOUND', `No blob is stored under ${key}.`);
      if (range) assertRangeInside(range, info.size);
      // 1 MiB reads: vault segments are 256 KiB by default, and 64 KiB reads cost throughput.
      const highWaterMark = READ_CHUNK_BYTES;
      return file.createReadStream(range ? { start: range.start, end: range.end, highWaterMark } : { highWaterMark });
    } catch (err) {
      await file.close().catch(() => undefined);
      throw this.readFailure(err, key);
    }
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      return info.isFile() ? { size: info.size } : undefined;
    } catch (err) {
      if (isAbsent(err)) return undefined;
      throw this.readFailure(err, key);
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (err) {
      // Absent, or the name is a directory of other blobs: either way no blob `key` exists.
      if (isAbsent(err) || errorCode(err) === 'EISDIR') return;
      throw new SottoError('BLOB_WRITE_FAILED', `Blob ${key} could not be deleted.`, { cause: err });
    }
    // Erasure must survive a crash too: make the unlink durable before reporting it done.
    await syncDirectory(dirname(path)).catch((err: unknown) => {
      throw new SottoError('BLOB_WRITE_FAILED', `Deletion of blob ${key} could not be made durable.`, { cause: err });
    });
  }

  /**
   * Remove temporary files left by writers that crashed or were killed. They hold only
   * ciphertext, but are garbage. Returns how many were removed.
   */
  async sweepTemporaryFiles(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => {
        if (isAbsent(err)) return [];
        throw err;
      });
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile() && entry.name.startsWith(TEMPORARY_FILE_PREFIX)) {
          const info = await lstat(path).catch(() => undefined);
          if (info && info.mtimeMs <= cutoff && (await unlink(path).then(() => true, () => false))) removed += 1;
        }
      }
    };
    try {
      await walk(this.root);
    } catch (err) {
      throw new SottoError('BLOB_STORE_UNAVAILABLE', `Blob root ${this.root} could not be swept.`, { cause: err });
    }
    return removed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private pathOf(key: string): string {
    if (this.closed) throw new SottoError('BLOB_STORE_UNAVAILABLE', 'The blob store is closed.');
    // The key is not echoed: an invalid key may be hostile input.
    if (!isValidBlobKey(key)) throw new SottoError('BLOB_KEY_INVALID');
    const path = resolve(this.root, ...key.split('/'));
    // Valid keys cannot escape the root; checked again because a key is a path here.
    const rel = relative(this.root, path);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new SottoError('BLOB_KEY_INVALID');
    }
    return path;
  }

  private readFailure(err: unknown, key: string): SottoError {
    if (isSottoError(err)) return err;
    if (isAbsent(err)) return new SottoError('BLOB_NOT_FOUND', `No blob is stored under ${key}.`, { cause: err });
    return new SottoError('BLOB_STORE_UNAVAILABLE', `Blob ${key} could not be read under ${this.root}.`, { cause: err });
  }
}

/** link(2) is the atomic "create if absent": EEXIST means another blob holds the key. */
async function publish(temporary: string, path: string, key: string): Promise<void> {
  try {
    await link(temporary, path);
  } catch (err) {
    if (errorCode(err) === 'EEXIST') {
      throw new SottoError('STORE_CONFLICT', `A blob is already stored under ${key}.`, { cause: err });
    }
    throw err;
  }
}

async function writeFully(file: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

/** The blob's directory, plus every directory mkdir created and the one that holds them. */
function directoriesToSync(dir: string, firstCreated: string | undefined): string[] {
  const dirs = [dir];
  if (firstCreated === undefined) return dirs;
  const top = dirname(firstCreated);
  for (let d = dir; d !== top && dirname(d) !== d; ) {
    d = dirname(d);
    dirs.push(d);
  }
  return dirs;
}

function errorCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function isAbsent(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
