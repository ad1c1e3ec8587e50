// Every failure is closed and reported by code (DESIGN.md invariant 4): a wrong master secret,
// an altered keyring, an altered or truncated blob, bad ids, kinds and configuration.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertFailure, assertSuccess, createSandbox, filesUnder, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

const timeout = RUN_TIMEOUT_MS;
// Three 256 KiB segments and a bit: a fault in the last one is found after plaintext has flowed.
const RECORDING = Buffer.from('RECORDING-PLAINTEXT-0123456789 '.repeat(28_000));

async function flipByte(path: string, offset: number): Promise<void> {
  const file = await readFile(path);
  const at = offset < 0 ? file.length + offset : offset;
  file[at] = (file[at] ?? 0) ^ 0x01;
  await writeFile(path, file);
}

let box: Sandbox;
let id = '';
let blob = '';
before(async () => {
  box = await createSandbox();
  await writeFile(join(box.root, 'recording.raw'), RECORDING);
  // The put creates the keyring, sealed with a generated data/keys/master.secret.
  const put = await box.sotto(['vault', 'put', '--tenant', 'acme', '--subject', 'caller-1', '--kind', 'recording', '--in', join(box.root, 'recording.raw')]);
  assertSuccess(put);
  id = put.stdout.toString('utf8').trim();
  const blobs = (await filesUnder(join(box.data, 'blobs'))).filter((f) => f.endsWith(id));
  assert.equal(blobs.length, 1);
  blob = blobs[0] ?? '';
  await copyFile(blob, join(box.root, 'blob.orig'));
});
after(async () => {
  await box.remove();
});

describe('when the master secret in $SOTTO_MASTER_SECRET is not the one that sealed the keyring', () => {
  // The keyring was sealed with the generated data/keys/master.secret; the env secret takes precedence.
  it('a command exits 1 with KEYRING_SECRET_WRONG and does not echo the secret', { timeout }, async () => {
    const secret = 'a-different-master-secret-of-40-chars!!!';
    assert.equal(secret.length, 40);
    const line = assertFailure(await box.sotto(['vault', 'verify', id], { env: { SOTTO_MASTER_SECRET: secret } }), 1);
    assert.match(line, /^sotto: KEYRING_SECRET_WRONG: /);
    assert.equal(line.includes(secret), false);
  });
});

describe('when a blob has been altered on disk', () => {
  before(async () => {
    await flipByte(blob, -20);
  });
  after(async () => {
    await copyFile(join(box.root, 'blob.orig'), blob);
  });

  it('vault verify exits 1 with a VAULT_* code', { timeout }, async () => {
    assert.match(assertFailure(await box.sotto(['vault', 'verify', id]), 1), /^sotto: VAULT_[A-Z_]+: /);
  });

  it('vault get --out FILE exits 1 and leaves neither the file nor a temporary file beside it', { timeout }, async () => {
    const outDir = join(box.root, 'out');
    await mkdir(outDir);
    const line = assertFailure(await box.sotto(['vault', 'get', id, '--out', join(outDir, 'recording.raw')]), 1);
    assert.match(line, /^sotto: VAULT_[A-Z_]+: /);
    assert.deepEqual(await readdir(outDir), []);
  });
});

describe('when a blob has been truncated', () => {
  before(async () => {
    await truncate(blob, Math.floor(RECORDING.length / 2));
  });
  after(async () => {
    await copyFile(join(box.root, 'blob.orig'), blob);
  });

  it('vault verify exits 1 with VAULT_TRUNCATED', { timeout }, async () => {
    assert.match(assertFailure(await box.sotto(['vault', 'verify', id]), 1), /^sotto: VAULT_TRUNCATED: /);
  });
});

describe('when the input names nothing valid', { concurrency: true }, () => {
  it('a malformed artifact id exits 1 with ARTIFACT_NOT_FOUND', { timeout }, async () => {
    assert.match(assertFailure(await box.sotto(['vault', 'verify', '../../etc/passwd']), 1), /^sotto: ARTIFACT_NOT_FOUND: /);
  });

  // A kind outside the fixed list is a usage error, rejected before any input is read.
  it('an unknown --kind exits 2 with one line listing the allowed kinds', { timeout }, async () => {
    const run = await box.sotto(['vault', 'put', '--tenant', 'acme', '--subject', 'caller-1', '--kind', 'video', '--in', '-'], { input: 'x' });
    const line = assertFailure(run, 2);
    assert.match(line, /--kind/);
    assert.match(line, /recording, transcript, export/);
  });

  it('a --config file with an unknown key exits 1 with CONFIG_INVALID naming the field', { timeout }, async () => {
    const config = join(box.root, 'bad-config.json');
    await writeFile(config, JSON.stringify({ server: { host: '127.0.0.1', prot: 8443 } }));
    const line = assertFailure(await box.sotto(['--config', config, 'keys', 'status']), 1);
    assert.match(line, /^sotto: CONFIG_INVALID: /);
    assert.match(line, /server/);
    assert.match(line, /"prot"/);
  });
});

// Last: it breaks the keyring for good.
describe('when the keyring file has a flipped byte', () => {
  before(async () => {
    await flipByte(join(box.data, 'keys', 'keyring.sealed'), 100);
  });

  it('a command exits 1 with a KEYRING_* code', { timeout }, async () => {
    assert.match(assertFailure(await box.sotto(['keys', 'status']), 1), /^sotto: KEYRING_[A-Z_]+: /);
  });
});
