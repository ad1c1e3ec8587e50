// A throwaway SoftHSM2 token for one test file. SoftHSM reads SOFTHSM2_CONF when the module is
// initialised (C_Initialize), so create the token before opening any provider, and close every
// provider (which finalises the module) before creating another token in the same process.
//
// A missing SoftHSM is a failure, not a skip: CI installs the Debian package softhsm2, and a
// silently skipped HSM suite would hide a broken key provider.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = process.env['SOTTO_TEST_PKCS11_MODULE'] ?? '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmToken {
  modulePath: string;
  tokenLabel: string;
  pin: string;
  soPin: string;
  /** The temp dir holding softhsm2.conf and the token files. */
  dir: string;
  cleanup(): Promise<void>;
}

export async function createSoftHsmToken(label = 'sotto-test'): Promise<SoftHsmToken> {
  if (!existsSync(SOFTHSM_MODULE)) {
    throw new Error(
      `SoftHSM2 is not installed: ${SOFTHSM_MODULE} is missing. Install it (apt-get install softhsm2) ` +
        'or point SOTTO_TEST_PKCS11_MODULE at a PKCS#11 module.',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'sotto-softhsm-'));
  const tokens = join(dir, 'tokens');
  await mkdir(tokens, { mode: 0o700 });
  const conf = join(dir, 'softhsm2.conf');
  await writeFile(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);

  const previousConf = process.env['SOFTHSM2_CONF'];
  process.env['SOFTHSM2_CONF'] = conf;
  const pin = '4817-test-pin';
  const soPin = '9023-test-so-pin';
  try {
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', pin], {
      env: { ...process.env, SOFTHSM2_CONF: conf },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (err) {
    restoreConf(previousConf);
    await rm(dir, { recursive: true, force: true });
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'softhsm2-util is not on PATH: install the Debian package softhsm2'
        : `softhsm2-util --init-token failed: ${String((err as { stderr?: Buffer }).stderr ?? err)}`,
      { cause: err },
    );
  }

  return {
    modulePath: SOFTHSM_MODULE,
    tokenLabel: label,
    pin,
    soPin,
    dir,
    async cleanup() {
      restoreConf(previousConf);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function restoreConf(previous: string | undefined): void {
  if (previous === undefined) delete process.env['SOFTHSM2_CONF'];
  else process.env['SOFTHSM2_CONF'] = previous;
}
