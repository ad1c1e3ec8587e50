import assert from 'node:assert/strict';
import { copyFile, readFile, readdir, writeFile, truncate, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR, type Principal } from '../access/index.js';
import { randomBytes, sha256 } from '../crypto/index.js';
import { isSottoError, type ErrorCode } from '../errors/index.js';
import { bytes, drain, openVaultFixture, type VaultFixture } from '../../test/support/vault-fixture.js';

const CARD = Buffer.from('caller: my card number is 4111 1111 1111 1111, expiry 12/29. ');
const transcript = (n = 200): Buffer => Buffer.concat(Array.from({ length: n }, () => CARD));

const code = (expected: ErrorCode) => (err: unknown) => {
  assert.ok(isSottoError(err), `expected SottoError ${expected}, got ${String(err)}`);
  assert.equal(err.code, expected);
  return true;
};

async function readAll(f: VaultFixture, id: string, who: Principal = LOCAL_OPERATOR): Promise<Buffer> {
  return drain((await f.gateway.readArtifact(who, undefined, id, CLI_CONTEXT)).body);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('vault envelope encryption', () => {
  let f: VaultFixture;
  before(async () => {
    f = await openVaultFixture();
  });
  after(async () => f.close());

  describe('when an artifact is stored and read back through the gateway', () => {
    it('returns the same bytes, and records one allowed access', async () => {
      const plain = transcript();
      const stored = await f.vault.put({ tenantId: 'acme', subjectId: '+15551234567', kind: 'transcript', body: bytes(plain) });
      assert.equal(stored.plaintextSize, plain.length);
      const before = f.events.length;
      assert.deepEqual(await readAll(f, stored.id), plain);
      assert.equal(f.events.length, before + 1);
      assert.equal(f.events.at(-1)?.outcome, 'allowed');
      assert.equal(f.events.at(-1)?.resource.id, stored.id);
    });

    it('leaves no plaintext and no subject identifier in any file on disk (invariant 1)', async () => {
      await f.vault.put({ tenantId: 'acme', subjectId: '+15551234567', kind: 'recording', body: bytes(transcript(50)) });
      for (const file of await filesUnder(f.dir)) {
        const content = await readFile(file);
        assert.equal(content.includes(Buffer.from('4111 1111')), false, `plaintext in ${file}`);
        assert.equal(content.includes(Buffer.from('15551234567')), false, `subject id in ${file}`);
      }
    });

    it('serves a byte range by decrypting only the touched segments', async () => {
      const plain = randomBytes(50_000);
      const { id } = await f.vault.put({ tenantId: 'acme', subjectId: 's-range', kind: 'recording', body: bytes(plain) });
      const read = await f.gateway.readArtifact(LOCAL_OPERATOR, undefined, id, CLI_CONTEXT, { range: { start: 10_000, end: 20_000 } });
      assert.deepEqual(await drain(read.body), plain.subarray(10_000, 20_001));
    });
  });

  describe('when a subject key is destroyed (crypto-shredding)', () => {
    it('makes every artifact of that subject unreadable, backup copies of blobs included, and no other', async () => {
      const a1 = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-A', kind: 'recording', body: bytes(transcript(10)) });
      const a2 = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-A', kind: 'transcript', body: bytes(transcript(10)) });
      const b = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-B', kind: 'transcript', body: bytes(transcript(10)) });
      const record = await f.store.artifacts.get(a1.id);
      assert.ok(record);
      const blobPath = join(f.dir, 'blobs', record.blobKey);
      await copyFile(blobPath, `${blobPath}.backup`);

      await f.vault.shredSubject('acme', 'cust-A');
      await assert.rejects(readAll(f, a1.id), code('ARTIFACT_SHREDDED'));
      await assert.rejects(readAll(f, a2.id), code('ARTIFACT_SHREDDED'));
      // Restoring the blob from a backup does not bring the content back.
      await copyFile(`${blobPath}.backup`, blobPath);
      await assert.rejects(readAll(f, a1.id), code('ARTIFACT_SHREDDED'));
      assert.equal((await readAll(f, b.id)).length, transcript(10).length);
      // Shredding again is not an error (erasure must be re-runnable).
      await f.vault.shredSubject('acme', 'cust-A');
    });
  });

  describe('when the tenant key is rotated', () => {
    it('re-wraps subject keys without touching any blob, and old artifacts still read', async () => {
      const plain = transcript(20);
      const { id } = await f.vault.put({ tenantId: 'rot', subjectId: 'cust-1', kind: 'transcript', body: bytes(plain) });
      await f.vault.put({ tenantId: 'rot', subjectId: 'cust-2', kind: 'transcript', body: bytes(plain) });
      const blobDigests = async () => Promise.all((await filesUnder(join(f.dir, 'blobs', 'rot'))).map(async (p) => sha256(await readFile(p)).toString('hex')));
      const beforeBlobs = await blobDigests();

      await assert.rejects(f.vault.retireTenantKeyVersion('rot', 1), (err: unknown) => isSottoError(err) && ['KEY_IN_USE'].includes(err.code));
      const { key, rewrapped } = await f.vault.rotateTenantKey('rot');
      assert.equal(key.primaryVersion, 2);
      assert.equal(rewrapped, 2);
      assert.deepEqual(await blobDigests(), beforeBlobs);
      assert.deepEqual((await f.vault.keyStatus('rot')).subjectKeysByVersion, { '2': 2 });

      await f.vault.retireTenantKeyVersion('rot', 1);
      assert.deepEqual(await readAll(f, id), plain);
      const next = await f.vault.put({ tenantId: 'rot', subjectId: 'cust-1', kind: 'recording', body: bytes(plain) });
      assert.deepEqual(await readAll(f, next.id), plain);
    });
  });

  describe('when blobs are damaged or swapped', () => {
    it('a truncated blob → VAULT_TRUNCATED; an extended one → VAULT_TRAILING_DATA', async () => {
      const { id } = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-T', kind: 'recording', body: bytes(randomBytes(20_000)) });
      const record = await f.store.artifacts.get(id);
      assert.ok(record);
      const path = join(f.dir, 'blobs', record.blobKey);
      const original = await readFile(path);
      await truncate(path, original.length - 4112);
      await assert.rejects(readAll(f, id), code('VAULT_TRUNCATED'));
      await writeFile(path, original);
      await appendFile(path, 'x');
      await assert.rejects(readAll(f, id), code('VAULT_TRAILING_DATA'));
      await writeFile(path, original);
      assert.equal((await readAll(f, id)).length, 20_000);
    });

    it('a blob swapped with another artifact’s → VAULT_KEY_MISMATCH, nothing returned', async () => {
      const one = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-S', kind: 'recording', body: bytes(randomBytes(9000)) });
      const two = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-S', kind: 'recording', body: bytes(randomBytes(9000)) });
      const [r1, r2] = await Promise.all([f.store.artifacts.get(one.id), f.store.artifacts.get(two.id)]);
      assert.ok(r1 && r2);
      await copyFile(join(f.dir, 'blobs', r2.blobKey), join(f.dir, 'blobs', r1.blobKey));
      await assert.rejects(readAll(f, one.id), code('VAULT_KEY_MISMATCH'));
    });

    it('a flipped bit in the middle of a blob → VAULT_SEGMENT_AUTH_FAILED', async () => {
      const { id } = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-F', kind: 'recording', body: bytes(randomBytes(30_000)) });
      const record = await f.store.artifacts.get(id);
      assert.ok(record);
      const path = join(f.dir, 'blobs', record.blobKey);
      const blob = await readFile(path);
      blob[15_000] = (blob[15_000] as number) ^ 0x10;
      await writeFile(path, blob);
      await assert.rejects(readAll(f, id), code('VAULT_SEGMENT_AUTH_FAILED'));
    });
  });

  describe('when ids are unknown, malformed or another tenant’s', () => {
    it('unknown and malformed ids → ARTIFACT_NOT_FOUND, recorded as denied', async () => {
      await assert.rejects(readAll(f, 'art_AAAAAAAAAAAAAAAAAAAAAA'), code('ARTIFACT_NOT_FOUND'));
      await assert.rejects(readAll(f, '../../etc/passwd'), code('ARTIFACT_NOT_FOUND'));
      assert.equal(f.events.at(-1)?.outcome, 'denied');
      assert.equal(f.events.at(-1)?.resource.id, '(malformed)');
    });

    it('a principal of another tenant gets ARTIFACT_NOT_FOUND, and the denial is recorded', async () => {
      const { id } = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-X', kind: 'transcript', body: bytes(CARD) });
      const other: Principal = { id: 'user-1', kind: 'user', tenantId: 'globex', roles: ['owner'] };
      await assert.rejects(readAll(f, id, other), code('ARTIFACT_NOT_FOUND'));
      assert.equal(f.events.at(-1)?.outcome, 'denied');
      assert.equal(f.events.at(-1)?.reason, 'tenant mismatch');
    });

    it('a wrapped data key copied onto another artifact’s record → DATA_KEY_UNWRAP_FAILED', async () => {
      const a = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-K', kind: 'transcript', body: bytes(CARD) });
      const b = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-K', kind: 'transcript', body: bytes(CARD) });
      const ra = await f.store.artifacts.get(a.id);
      assert.ok(ra);
      // Re-create b's record with a's wrapped key: the data key is bound to its artifact id.
      const forged = { ...ra, id: b.id.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), blobKey: `${ra.blobKey}-forged` };
      await f.store.artifacts.create(forged);
      await assert.rejects(readAll(f, forged.id), code('DATA_KEY_UNWRAP_FAILED'));
    });
  });

  describe('when the access cannot be recorded', () => {
    it('refuses the read with AUDIT_WRITE_FAILED before decrypting anything (invariant 2)', async () => {
      const { id } = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-R', kind: 'transcript', body: bytes(CARD) });
      f.failRecording(true);
      try {
        await assert.rejects(f.gateway.readArtifact(LOCAL_OPERATOR, undefined, id, CLI_CONTEXT), code('AUDIT_WRITE_FAILED'));
      } finally {
        f.failRecording(false);
      }
    });
  });

  describe('when input is invalid', () => {
    it('rejects a bad tenant id, an unknown kind and an empty subject', async () => {
      await assert.rejects(f.vault.put({ tenantId: '../x', subjectId: 's', kind: 'recording', body: bytes(CARD) }), code('USAGE'));
      await assert.rejects(f.vault.put({ tenantId: 'acme', subjectId: 's', kind: 'video', body: bytes(CARD) }), code('ARTIFACT_KIND_INVALID'));
      await assert.rejects(f.vault.put({ tenantId: 'acme', subjectId: '', kind: 'recording', body: bytes(CARD) }), code('USAGE'));
    });
  });
});
