// Where the local keyring's master secret comes from, in order:
//   1. env SOTTO_MASTER_SECRET       the secret itself
//   2. env SOTTO_MASTER_SECRET_FILE  a file holding it (e.g. a mounted Kubernetes/Docker secret)
//   3. <dataDir>/keys/master.secret  a file created on first start for development
// An explicitly configured source that is unusable is an error, never a fall-through: silently
// using another secret would open (or create) a different keyring.
import { stat as statPath } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import { SECRET_FILE_MODE, ensureSecretDir, readIfExists, writeNewFile } from './keyring-file.js';

/** Long enough that scrypt is not the only thing between an attacker and the keyring. */
export const MIN_SECRET_CHARS = 32;
/** A secret file is a line of text; refuse to slurp something that clearly is not one. */
const MAX_SECRET_FILE_BYTES = 4096;

export interface MasterSecret {
  secret: Buffer;
  /** Where it came from, for messages: an env var name or a path, never the value. */
  origin: string;
}

export function defaultSecretPath(dataDir: string): string {
  return join(dataDir, 'keys', 'master.secret');
}

export async function findMasterSecret(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  onWarning: (message: string) => void,
): Promise<MasterSecret | undefined> {
  const fromEnv = env['SOTTO_MASTER_SECRET'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return { secret: checkedSecret(fromEnv, 'SOTTO_MASTER_SECRET'), origin: 'env SOTTO_MASTER_SECRET' };
  }
  const secretFile = env['SOTTO_MASTER_SECRET_FILE'];
  if (secretFile !== undefined && secretFile !== '') {
    const found = await readSecretFile(secretFile, onWarning);
    if (!found) {
      throw new SottoError('KEYRING_SECRET_MISSING', `SOTTO_MASTER_SECRET_FILE names ${secretFile}, which does not exist`);
    }
    return found;
  }
  return readSecretFile(defaultSecretPath(dataDir), onWarning);
}

/** Creates `<dataDir>/keys/master.secret` with 256 random bits; fails if it already exists. */
export async function createMasterSecretFile(dataDir: string): Promise<MasterSecret> {
  const path = defaultSecretPath(dataDir);
  await ensureSecretDir(join(dataDir, 'keys'));
  const text = randomBytes(32).toString('base64url');
  await writeNewFile(path, Buffer.from(`${text}\n`, 'utf8'));
  return { secret: Buffer.from(text, 'utf8'), origin: path };
}

async function readSecretFile(path: string, onWarning: (message: string) => void): Promise<MasterSecret | undefined> {
  // stat, not lstat: mounted secrets (Kubernetes, Docker) are symlinks to the real file.
  const stat = await statIfExists(path);
  if (!stat) return undefined;
  if (!stat.isFile()) throw new SottoError('KEYRING_SECRET_MISSING', `the master secret path ${path} is not a regular file`);
  if (stat.size > MAX_SECRET_FILE_BYTES) throw new SottoError('KEYRING_SECRET_WEAK', `the master secret file ${path} is too large to be a secret`);
  if ((stat.mode & 0o077) !== 0) {
    onWarning(`master secret file ${path} is readable by other users; restrict it with chmod ${SECRET_FILE_MODE.toString(8)}`);
  }
  const bytes = await readIfExists(path);
  if (!bytes) return undefined;
  // Trailing newlines are how editors and `echo` save a line; they are not part of the secret.
  const text = bytes.toString('utf8').replace(/[\r\n]+$/, '');
  bytes.fill(0);
  return { secret: checkedSecret(text, path), origin: path };
}

function checkedSecret(text: string, origin: string): Buffer {
  if ([...text].length < MIN_SECRET_CHARS) {
    throw new SottoError('KEYRING_SECRET_WEAK', `the master secret from ${origin} is shorter than ${MIN_SECRET_CHARS} characters`);
  }
  return Buffer.from(text, 'utf8');
}

async function statIfExists(path: string) {
  try {
    return await statPath(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
