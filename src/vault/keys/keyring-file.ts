// Durable, atomic file writes for key material, and the in-process lock that serializes them.
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomId } from '../../crypto/index.js';
import { syncDirectory } from '../../store/fs-sync.js';

/** Owner-only: key files are never readable by the group or others. */
export const SECRET_FILE_MODE = 0o600;
export const SECRET_DIR_MODE = 0o700;

/** Reads a file, or returns undefined if it does not exist (other errors propagate). */
export async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Identity of one version of a file: every atomic write renames a new inode into place, so a
 * changed identity means another writer (maybe another process) replaced it.
 */
export type FileVersion = string;

export interface FileSnapshot {
  bytes: Buffer;
  version: FileVersion;
}

/** Reads a file and its identity from one open handle, so the two always match. */
export async function readSnapshot(path: string): Promise<FileSnapshot | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const info = await handle.stat();
    return { bytes: await handle.readFile(), version: `${info.ino}:${info.size}:${info.mtimeMs}` };
  } finally {
    await handle.close();
  }
}

/** The current identity of a file without reading it; undefined if it is gone. */
export async function currentVersion(path: string): Promise<FileVersion | undefined> {
  try {
    const info = await stat(path);
    return `${info.ino}:${info.size}:${info.mtimeMs}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function ensureSecretDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: SECRET_DIR_MODE });
}

/**
 * Replace `path` atomically: write a temp file in the same directory, fsync it, rename over
 * the target, then fsync the directory so the rename itself survives a crash. Readers see the
 * old file or the new one, never a mix.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomId('tmp')}`);
  const handle = await open(temp, 'wx', SECRET_FILE_MODE);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/** Create a new file that must not exist yet ('wx'), durably. */
export async function writeNewFile(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx', SECRET_FILE_MODE);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(dirname(path));
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `task` after every earlier task for the same path in this process has settled.
 * Keyed by path (not by provider instance) so two providers on one data dir also take turns.
 * It does not lock across processes: see LocalKeyProvider for what that means.
 */
export function serializeOn<T>(path: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve();
  const run = previous.then(task); // previous never rejects: see `settled`
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(path, settled);
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return run;
}
