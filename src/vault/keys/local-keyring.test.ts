import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from '../../crypto/index.js';
import { isSottoError } from '../../errors/index.js';
import { deriveSealingKey, openKeyring } from './keyring-seal.js';
import { LocalKeyProvider, type LocalKeyProviderOptions } from './local-keyring.js';
import { describeKeyProviderContract, rejectsWithCode } from './provider-contract.js';

const context = { tenant: 't1', subject: 's1' };
const secretA = 'correct horse battery staple, long enough';
const secretB = 'another secret that is also long enough!!';

let root: string;
let dirCount = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sotto-keyring-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function freshDataDir(): string {
  return join(root, `data-${++dirCount}`);
}

/** Opens with an explicit env so the developer's own SOTTO_MASTER_SECRET never leaks in. */
function open(dataDir: string, options: Partial<LocalKeyProviderOptions> = {}) {
  return LocalKeyProvider.open({ dataDir, env: {}, ...options });
}

/** The raw KEK bytes of a keyring, read the way an attacker holding the secret would. */
async function rawKeks(dataDir: string, secret: string): Promise<Buffer[]> {
  const file = await readFile(join(dataDir, 'keys', 'keyring.sealed'));
  const { keyring } = await openKeyring(file, (kdf, salt) => deriveSealingKey(Buffer.from(secret), kdf, salt));
  return [...keyring.values()].flatMap((e) => e.versions.flatMap((v) => (v.key ? [v.key] : [])));
}

void describe('LocalKeyProvider', () => {
  const contractDir = join(tmpdir(), `sotto-keyring-contract-${randomBytes(6).toString('hex')}`);
  after(async () => {
    await rm(contractDir, { recursive: true, force: true });
  });
  describeKeyProviderContract('local', () => open(contractDir, { createIfMissing: true }));

  void describe('on first start with no secret anywhere', () => {
    void it('creates master.secret with mode 0600 in a 0700 directory and warns once', async () => {
      const dataDir = freshDataDir();
      const warnings: string[] = [];
      const provider = await open(dataDir, { createIfMissing: true, onWarning: (m) => warnings.push(m) });
      await provider.close();
      const secretPath = join(dataDir, 'keys', 'master.secret');
      assert.equal((await stat(secretPath)).mode & 0o777, 0o600);
      assert.equal((await stat(join(dataDir, 'keys'))).mode & 0o777, 0o700);
      assert.equal((await stat(join(dataDir, 'keys', 'keyring.sealed'))).mode & 0o777, 0o600);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? '', new RegExp(`${secretPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*SOTTO_MASTER_SECRET`));
      assert.doesNotMatch(warnings[0] ?? '', /\n/);
    });
  });

  void describe('when the secret comes from SOTTO_MASTER_SECRET', () => {
    void it('creates no master.secret file and emits no warning', async () => {
      const dataDir = freshDataDir();
      const warnings: string[] = [];
      const env = { SOTTO_MASTER_SECRET: secretA };
      await (await open(dataDir, { env, createIfMissing: true, onWarning: (m) => warnings.push(m) })).close();
      await assert.rejects(stat(join(dataDir, 'keys', 'master.secret')), { code: 'ENOENT' });
      assert.deepEqual(warnings, []);
    });
    void it('refuses a secret shorter than 32 characters with KEYRING_SECRET_WEAK', async () => {
      await rejectsWithCode(open(freshDataDir(), { env: { SOTTO_MASTER_SECRET: 'short' }, createIfMissing: true }), 'KEYRING_SECRET_WEAK');
    });
  });

  void describe('when the provider is reopened with the same secret', () => {
    void it('finds the keys and unwraps what it wrapped before', async () => {
      const dataDir = freshDataDir();
      const env = { SOTTO_MASTER_SECRET: secretA };
      const first = await open(dataDir, { env, createIfMissing: true });
      await first.ensureKey('k');
      await first.rotate('k');
      const plaintext = randomBytes(32);
      const wrapped = await first.wrap('k', plaintext, context);
      await first.close();

      const second = await open(dataDir, { env });
      assert.equal((await second.describe('k'))?.primaryVersion, 2);
      assert.deepEqual(await second.unwrap(wrapped, context), plaintext);
      await second.close();
    });
  });

  void describe('when SOTTO_MASTER_SECRET_FILE names the secret file', () => {
    void it('reads the secret from it (trailing newline ignored)', async () => {
      const dataDir = freshDataDir();
      const secretFile = join(root, `secret-${dirCount}`);
      await writeFile(secretFile, `${secretA}\n`, { mode: 0o600 });
      await (await open(dataDir, { env: { SOTTO_MASTER_SECRET_FILE: secretFile }, createIfMissing: true })).close();
      await (await open(dataDir, { env: { SOTTO_MASTER_SECRET: secretA } })).close();
    });
    void it('fails KEYRING_SECRET_MISSING when that file does not exist', async () => {
      const env = { SOTTO_MASTER_SECRET_FILE: join(root, 'no-such-secret') };
      await rejectsWithCode(open(freshDataDir(), { env, createIfMissing: true }), 'KEYRING_SECRET_MISSING');
    });
    void it('warns when the file is readable by others', async () => {
      const secretFile = join(root, `loose-secret-${dirCount}`);
      await writeFile(secretFile, secretA);
      await chmod(secretFile, 0o644);
      const warnings: string[] = [];
      const env = { SOTTO_MASTER_SECRET_FILE: secretFile };
      await (await open(freshDataDir(), { env, createIfMissing: true, onWarning: (m) => warnings.push(m) })).close();
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? '', /readable by other users/);
    });
  });

  void describe('when the master secret is wrong', () => {
    void it('fails KEYRING_SECRET_WRONG without revealing either secret', async () => {
      const dataDir = freshDataDir();
      await (await open(dataDir, { env: { SOTTO_MASTER_SECRET: secretA }, createIfMissing: true })).close();
      await assert.rejects(open(dataDir, { env: { SOTTO_MASTER_SECRET: secretB } }), (err: unknown) => {
        assert.ok(isSottoError(err, 'KEYRING_SECRET_WRONG'), String(err));
        assert.ok(!err.message.includes(secretA) && !err.message.includes(secretB));
        return true;
      });
    });
  });

  void describe('when there is no secret', () => {
    void it('fails KEYRING_SECRET_MISSING and creates nothing if createIfMissing is false', async () => {
      const dataDir = freshDataDir();
      await rejectsWithCode(open(dataDir), 'KEYRING_SECRET_MISSING');
      await assert.rejects(stat(dataDir), { code: 'ENOENT' });
    });
    void it('fails KEYRING_SECRET_MISSING when a keyring exists but its secret is gone', async () => {
      const dataDir = freshDataDir();
      await (await open(dataDir, { env: { SOTTO_MASTER_SECRET: secretA }, createIfMissing: true })).close();
      await rejectsWithCode(open(dataDir, { createIfMissing: true }), 'KEYRING_SECRET_MISSING');
    });
  });

  void describe('when the keyring file is altered', () => {
    // Offsets: magic 0-7, format/kdf 8-13, salt 14-45, check 46-61, nonce 62-73, body 74…
    const cases = [
      ['magic', 0, ['KEYRING_CORRUPT']],
      ['kdf parameters', 10, ['KEYRING_CORRUPT', 'KEYRING_SECRET_WRONG']],
      ['salt', 20, ['KEYRING_SECRET_WRONG']],
      ['nonce', 65, ['KEYRING_CORRUPT']],
      ['body', 90, ['KEYRING_CORRUPT']],
      ['tag', -1, ['KEYRING_CORRUPT']],
    ] as const;
    for (const [where, offset, codes] of cases) {
      void it(`fails with a keyring error code for a flipped byte in the ${where}`, async () => {
        const dataDir = freshDataDir();
        const env = { SOTTO_MASTER_SECRET: secretA };
        const provider = await open(dataDir, { env, createIfMissing: true });
        await provider.ensureKey('k');
        await provider.close();
        const path = join(dataDir, 'keys', 'keyring.sealed');
        const file = await readFile(path);
        const at = offset < 0 ? file.length + offset : offset;
        file[at] = (file[at] ?? 0) ^ 0x40;
        await writeFile(path, file);
        await assert.rejects(open(dataDir, { env }), (err: unknown) => {
          assert.ok(isSottoError(err) && (codes as readonly string[]).includes(err.code), String(err));
          return true;
        });
      });
    }
  });

  void describe('when the keyring file is truncated', () => {
    for (const keep of [0, 7, 40, 73, 89, -1]) {
      void it(`fails KEYRING_CORRUPT (kept ${keep < 0 ? 'all but the last byte' : `${keep} bytes`})`, async () => {
        const dataDir = freshDataDir();
        const env = { SOTTO_MASTER_SECRET: secretA };
        const provider = await open(dataDir, { env, createIfMissing: true });
        await provider.ensureKey('k');
        await provider.close();
        const path = join(dataDir, 'keys', 'keyring.sealed');
        const file = await readFile(path);
        await writeFile(path, file.subarray(0, keep < 0 ? file.length + keep : keep));
        await rejectsWithCode(open(dataDir, { env }), 'KEYRING_CORRUPT');
      });
    }
  });

  void describe('when the keyring file is inspected on disk', () => {
    void it('contains neither the key bytes nor the master secret in plaintext', async () => {
      const dataDir = freshDataDir();
      const env = { SOTTO_MASTER_SECRET: secretA };
      const provider = await open(dataDir, { env, createIfMissing: true });
      for (const id of ['a', 'b', 'c']) await provider.ensureKey(id);
      await provider.rotate('a');
      await provider.close();
      const file = await readFile(join(dataDir, 'keys', 'keyring.sealed'));
      const keks = await rawKeks(dataDir, secretA);
      assert.equal(keks.length, 4);
      for (const kek of keks) {
        assert.equal(file.includes(kek), false);
        assert.equal(file.includes(kek.subarray(0, 8)), false);
        assert.equal(file.includes(kek.toString('base64')), false);
        assert.equal(file.includes(kek.toString('hex')), false);
      }
      assert.equal(file.includes(secretA), false);
    });
    void it('no longer holds a retired version’s key bytes, even sealed', async () => {
      const dataDir = freshDataDir();
      const env = { SOTTO_MASTER_SECRET: secretA };
      const provider = await open(dataDir, { env, createIfMissing: true });
      await provider.ensureKey('k');
      const [v1] = await rawKeks(dataDir, secretA);
      await provider.rotate('k');
      await provider.retire('k', 1);
      await provider.close();
      const remaining = await rawKeks(dataDir, secretA);
      assert.equal(remaining.length, 1);
      assert.ok(v1 && !remaining.some((k) => k.equals(v1)));
    });
  });

  void describe('when two providers share a data dir', () => {
    void it('each sees the other’s rotations and concurrent mutations are not lost', async () => {
      const dataDir = freshDataDir();
      const env = { SOTTO_MASTER_SECRET: secretA };
      const a = await open(dataDir, { env, createIfMissing: true });
      const b = await open(dataDir, { env });
      await a.ensureKey('k');
      await b.rotate('k');
      const plaintext = randomBytes(32);
      const wrapped = await b.wrap('k', plaintext, context);
      assert.deepEqual(await a.unwrap(wrapped, context), plaintext);
      await Promise.all([a.rotate('k'), b.rotate('k'), a.rotate('k'), b.ensureKey('other')]);
      assert.equal((await a.describe('k'))?.primaryVersion, 5);
      assert.deepEqual(await b.listKeys(), ['k', 'other']);
      await a.close();
      await b.close();
    });
    it('refuses a version on its next call once the other retires it', async () => {
      const dataDir = freshDataDir();
      const env = { SOTTO_MASTER_SECRET: secretA };
      const a = await open(dataDir, { env, createIfMissing: true });
      await a.ensureKey('k');
      const wrapped = await a.wrap('k', randomBytes(32), context);
      const b = await open(dataDir, { env });
      await b.rotate('k');
      await b.retire('k', 1);
      await rejectsWithCode(a.unwrap(wrapped, context), 'KEY_RETIRED');
      assert.equal((await a.wrap('k', randomBytes(32), context)).version, 2);
      await a.close();
      await b.close();
    });
  });
});
