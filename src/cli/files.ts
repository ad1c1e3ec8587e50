import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomId } from '../crypto/index.js';

/**
 * Write to a temporary file beside the target and rename it into place only when every
 * segment has verified: a failed read leaves no partial plaintext behind.
 */
export async function writeAtomically(path: string, body: AsyncIterable<Buffer>): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomId('part')}`);
  try {
    await pipeline(Readable.from(body), createWriteStream(temp, { mode: 0o600, flags: 'wx' }));
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
