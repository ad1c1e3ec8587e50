import { open } from 'node:fs/promises';

/**
 * fsync a directory so that a rename, link or unlink in it survives a crash: POSIX makes the
 * file's data durable with fsync on the file, but its name only with fsync on the directory.
 */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
