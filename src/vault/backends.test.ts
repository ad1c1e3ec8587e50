// The vault and the access gateway end to end on the deployment backends: PostgreSQL metadata,
// S3 blobs and KEKs on a PKCS#11 token. The same suite runs on SQLite metadata, so the S3 and
// PKCS#11 paths are exercised even where no PostgreSQL server is reachable.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessGateway, CLI_CONTEXT, LOCAL_OPERATOR } from '../access/index.js';
import { operatorOnlyAuthorizer } from '../access/operator-authorizer.js';
import { randomBytes, sha256 } from '../crypto/index.js';
import { isSottoError, type ErrorCode } from '../errors/index.js';
import { openBackendsFixture, type BackendsFixture, type MetadataBackend } from '../../test/support/backends-fixture.js';
import { postgresSkipReason } from '../../test/support/postgres.js';
import { bytes, drain } from '../../test/support/vault-fixture.js';
import { HEADER_BYTES, TAG_BYTES, ciphertextSizeFor } from './format/index.js';
import { Vault } from './index.js';

const SEGMENT_SIZE = 4096;
const MARKER = 'caller: my card number is 4111 1111 1111 1111, expiry 12/29. ';
const SUBJECT = '+15551234567';
/** ~50 KB of transcript: 13 segments of 4 KiB, the last one partial. */
const transcript = (size = 50_000): Buffer => Buffer.from(MARKER.repeat(Math.ceil(size / MARKER.length))).subarray(0, size);

const code = (expected: ErrorCode) => (err: unknown) => {
  assert.ok(isSottoError(err, expected), `expected SottoError ${expected}, got ${String(err)}`);
  return true;
};

const vaultError = (err: unknown) => {
  assert.ok(isSottoError(err) && err.code.startsWith('VAULT_'), `expected a VAULT_* error, got ${String(err)}`);
  return true;
};

/** Read through the gateway, keeping what was released before a failure. */
async function readReleased(f: { gateway: AccessGateway }, id: string, range?: { start: number; end: number }) {
  const released: Buffer[] = [];
  try {
    for await (const chunk of (await f.gateway.readArtifact(LOCAL_OPERATOR, undefined, id, CLI_CONTEXT, { range: range })).body) released.push(Buffer.from(chunk));
    return { released: Buffer.concat(released), error: undefined };
  } catch (error) {
    return { released: Buffer.concat(released), error };
  }
}

async function readAll(f: { gateway: AccessGateway }, id: string): Promise<Buffer> {
  return drain((await f.gateway.readArtifact(LOCAL_OPERATOR, undefined, id, CLI_CONTEXT)).body);
}

async function blobKeyOf(f: BackendsFixture, id: string): Promise<string> {
  const record = await f.store.artifacts.get(id);
  assert.ok(record, `no record for ${id}`);
  return record.blobKey;
}

/** A body that notes whether anyone started reading it. */
function watchedBody(data: Buffer): { body: AsyncIterable<Buffer>; started: () => boolean } {
  let started = false;
  return {
    body: {
      [Symbol.asyncIterator]() {
        started = true;
        return bytes(data)[Symbol.asyncIterator]();
      },
    },
    started: () => started,
  };
}

function describeVaultOnBackends(metadata: MetadataBackend, skip: string | false): void {
  const title = `vault on ${metadata === 'postgres' ? 'PostgreSQL' : 'SQLite'} metadata, S3 blobs (s3rver) and PKCS#11 KEKs (SoftHSM2)`;
  void describe(title, { skip }, () => {
    let f: BackendsFixture;
    before(async () => {
      f = await openBackendsFixture({ metadata, segmentSize: SEGMENT_SIZE });
    });
    after(async () => {
      await f?.close();
    });

    void describe('when a multi-segment artifact is stored and read back through the gateway', () => {
      const plain = transcript();
      let id: string;
      before(async () => {
        ({ id } = await f.vault.put({ tenantId: 'acme', subjectId: SUBJECT, kind: 'transcript', body: bytes(plain) }));
      });

      void it('stores one S3 object of the expected segmented size', async () => {
        const stored = await f.store.artifacts.get(id);
        assert.ok(stored);
        assert.equal(stored.plaintextSize, plain.length);
        assert.equal(stored.ciphertextSize, ciphertextSizeFor(plain.length, SEGMENT_SIZE));
        assert.ok(Math.ceil(plain.length / SEGMENT_SIZE) > 10, 'the artifact spans many segments');
        const object = await f.s3.getObject(stored.blobKey);
        assert.equal(object.length, stored.ciphertextSize);
        assert.ok((await f.s3.listKeys()).includes(`${f.s3.prefix}/${stored.blobKey}`));
      });

      void it('returns the same bytes, and records one allowed access', async () => {
        const before = f.events.length;
        assert.deepEqual(await readAll(f, id), plain);
        assert.equal(f.events.length, before + 1);
        assert.equal(f.events.at(-1)?.outcome, 'allowed');
        assert.equal(f.events.at(-1)?.resource.id, id);
      });

      void it('serves byte ranges equal to the slices, across segment boundaries and at the end', async () => {
        for (const [start, end] of [
          [5_000, 17_000],
          [SEGMENT_SIZE - 1, SEGMENT_SIZE],
          [0, 0],
          [plain.length - 1, plain.length - 1],
          [0, plain.length - 1],
        ] as const) {
          const read = await f.gateway.readArtifact(LOCAL_OPERATOR, undefined, id, CLI_CONTEXT, { range: { start, end } });
          assert.deepEqual(await drain(read.body), plain.subarray(start, end + 1), `range ${start}-${end}`);
        }
        const pastTheEnd = await readReleased(f, id, { start: 0, end: plain.length });
        assert.ok(code('VAULT_RANGE_INVALID')(pastTheEnd.error));
        assert.equal(pastTheEnd.released.length, 0);
      });

      void it('verifies every segment without returning content', async () => {
        assert.deepEqual(await f.gateway.verifyArtifact(LOCAL_OPERATOR, id, CLI_CONTEXT), { id, plaintextSize: plain.length });
      });

      void it('leaves no plaintext and no subject identifier in the s3rver directory or the metadata rows (invariant 1)', async () => {
        const files = await f.s3.files();
        assert.ok(files.length > 0);
        for (const { path, content } of files) {
          assert.equal(content.includes(Buffer.from('4111 1111')), false, `plaintext in ${path}`);
          assert.equal(content.includes(Buffer.from('15551234567')), false, `subject id in ${path}`);
        }
        for (const table of ['tenants', 'subject_keys', 'artifacts'] as const) {
          for (const row of await f.rows(table)) {
            assert.doesNotMatch(row, /15551234567|4111/, `${table} row`);
          }
        }
      });
    });

    void describe('when the tenant key is rotated on the token', () => {
      void it('re-wraps subject keys without touching an S3 object; artifacts still read, also after v1 is retired', async () => {
        const plain = transcript(20_000);
        const one = await f.vault.put({ tenantId: 'rot', subjectId: 'cust-1', kind: 'transcript', body: bytes(plain) });
        const two = await f.vault.put({ tenantId: 'rot', subjectId: 'cust-2', kind: 'recording', body: bytes(plain) });
        const digests = async () =>
          Promise.all([one.id, two.id].map(async (id) => sha256(await f.s3.getObject(await blobKeyOf(f, id))).toString('hex')));
        const before = await digests();
        assert.deepEqual((await f.vault.keyStatus('rot')).subjectKeysByVersion, { '1': 2 });
        await assert.rejects(f.vault.retireTenantKeyVersion('rot', 1), code('KEY_IN_USE'));

        const { key, rewrapped } = await f.vault.rotateTenantKey('rot');
        assert.equal(key.provider, 'pkcs11');
        assert.equal(key.primaryVersion, 2);
        assert.equal(rewrapped, 2);
        assert.deepEqual(await digests(), before);
        assert.deepEqual((await f.vault.keyStatus('rot')).subjectKeysByVersion, { '2': 2 });
        assert.deepEqual(await readAll(f, one.id), plain);

        const retired = await f.vault.retireTenantKeyVersion('rot', 1);
        assert.deepEqual(
          retired.versions.map((v) => [v.version, v.state]),
          [
            [1, 'retired'],
            [2, 'primary'],
          ],
        );
        assert.deepEqual(await readAll(f, one.id), plain);
        assert.deepEqual(await readAll(f, two.id), plain);
        const after = await f.vault.put({ tenantId: 'rot', subjectId: 'cust-1', kind: 'export', body: bytes(plain) });
        assert.deepEqual(await readAll(f, after.id), plain);
      });
    });

    void describe('when a subject is crypto-shredded', () => {
      void it('makes every artifact of that subject ARTIFACT_SHREDDED, and another subject’s still reads', async () => {
        const plain = transcript(9_000);
        const a1 = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-A', kind: 'recording', body: bytes(plain) });
        const a2 = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-A', kind: 'transcript', body: bytes(plain) });
        const b = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-B', kind: 'transcript', body: bytes(plain) });
        const { subjectRef } = await f.vault.shredSubject('acme', 'cust-A');

        for (const id of [a1.id, a2.id]) {
          await assert.rejects(readAll(f, id), code('ARTIFACT_SHREDDED'));
          await assert.rejects(f.gateway.readArtifact(LOCAL_OPERATOR, undefined, id, CLI_CONTEXT, { range: { start: 0, end: 10 } }), code('ARTIFACT_SHREDDED'));
          await assert.rejects(f.gateway.verifyArtifact(LOCAL_OPERATOR, id, CLI_CONTEXT), code('ARTIFACT_SHREDDED'));
          // The ciphertext is still in the bucket (as in any backup of it): only the key is gone.
          assert.ok((await f.s3.getObject(await blobKeyOf(f, id))).length > 0);
        }
        const tombstone = await f.store.subjectKeys.get('acme', subjectRef);
        assert.equal(tombstone?.wrapped, undefined);
        assert.ok(tombstone?.destroyedAt);
        assert.deepEqual(await readAll(f, b.id), plain);
        // Erasure must be re-runnable.
        await f.vault.shredSubject('acme', 'cust-A');
        assert.deepEqual(await readAll(f, b.id), plain);
      });
    });

    void describe('when a byte of the S3 object is flipped', () => {
      const plain = transcript();
      let id: string;
      let blobKey: string;
      let original: Buffer;
      before(async () => {
        ({ id } = await f.vault.put({ tenantId: 'acme', subjectId: 'cust-F', kind: 'recording', body: bytes(plain) }));
        blobKey = await blobKeyOf(f, id);
        original = await f.s3.getObject(blobKey);
      });
      after(async () => {
        await f.s3.putObject(blobKey, original);
      });

      const flipAt = async (offset: number) => {
        const damaged = Buffer.from(original);
        damaged[offset] = (damaged[offset] as number) ^ 0x01;
        await f.s3.putObject(blobKey, damaged);
      };

      void it('in the header → a VAULT_* error and no plaintext released', async () => {
        for (const offset of [20, HEADER_BYTES - 1]) {
          await flipAt(offset);
          const { released, error } = await readReleased(f, id);
          assert.ok(vaultError(error));
          assert.equal(released.length, 0);
          await assert.rejects(f.gateway.readArtifact(LOCAL_OPERATOR, undefined, id, CLI_CONTEXT, { range: { start: 30_000, end: 30_010 } }).then((r) => drain(r.body)), vaultError);
        }
      });

      void it('in the first segment → VAULT_SEGMENT_AUTH_FAILED and no plaintext released, by a read, a range read or a verify', async () => {
        await flipAt(HEADER_BYTES + 100);
        const { released, error } = await readReleased(f, id);
        assert.ok(code('VAULT_SEGMENT_AUTH_FAILED')(error));
        assert.equal(released.length, 0);
        const ranged = await readReleased(f, id, { start: 50, end: 5_000 });
        assert.ok(code('VAULT_SEGMENT_AUTH_FAILED')(ranged.error));
        assert.equal(ranged.released.length, 0);
        await assert.rejects(f.gateway.verifyArtifact(LOCAL_OPERATOR, id, CLI_CONTEXT), code('VAULT_SEGMENT_AUTH_FAILED'));
      });

      void it('in a later segment → VAULT_SEGMENT_AUTH_FAILED, and nothing from the damaged segment on is released', async () => {
        const damagedSegment = 6;
        await flipAt(HEADER_BYTES + damagedSegment * (SEGMENT_SIZE + TAG_BYTES) + 7);
        const { released, error } = await readReleased(f, id);
        assert.ok(code('VAULT_SEGMENT_AUTH_FAILED')(error));
        // Segments before the damage verified and may have streamed; not one byte after.
        assert.ok(released.length <= damagedSegment * SEGMENT_SIZE, `${released.length} bytes released`);
        assert.deepEqual(released, plain.subarray(0, released.length));
        // A range that does not touch the damaged segment still reads; one that does, does not.
        const clean = await readReleased(f, id, { start: 0, end: damagedSegment * SEGMENT_SIZE - 1 });
        assert.equal(clean.error, undefined);
        assert.deepEqual(clean.released, plain.subarray(0, damagedSegment * SEGMENT_SIZE));
        const touching = await readReleased(f, id, { start: damagedSegment * SEGMENT_SIZE + 10, end: damagedSegment * SEGMENT_SIZE + 20 });
        assert.ok(code('VAULT_SEGMENT_AUTH_FAILED')(touching.error));
        assert.equal(touching.released.length, 0);
      });

      void it('once the original object is restored, the artifact reads again', async () => {
        await f.s3.putObject(blobKey, original);
        assert.deepEqual(await readAll(f, id), plain);
      });
    });

    void describe('when the key provider is closed mid-life', () => {
      void it('put fails with KEY_PROVIDER_UNAVAILABLE and stores nothing: no row, no S3 object, the body not even read', async () => {
        const provider = await f.openKeyProvider();
        const vault = new Vault({ store: f.store, blobs: f.blobs, keys: provider, segmentSize: SEGMENT_SIZE });
        const gateway = new AccessGateway({ reader: { store: f.store, blobs: f.blobs, subjects: vault.subjects }, audit: f.audit, authorizer: operatorOnlyAuthorizer });
        try {
          // The tenant exists and its pseudonym key is cached: the failure must come from the provider.
          const first = watchedBody(transcript(10_000));
          const stored = await vault.put({ tenantId: 'kp', subjectId: 'cust-1', kind: 'recording', body: first.body });
          assert.equal(first.started(), true);
          const snapshot = async () => ({
            tenants: (await f.rows('tenants')).sort(),
            subjectKeys: (await f.rows('subject_keys')).sort(),
            artifacts: (await f.rows('artifacts')).sort(),
            objects: await f.s3.listKeys(),
          });
          const before = await snapshot();
          await provider.close();

          for (const [tenantId, subjectId] of [
            ['kp', 'cust-1'], // existing subject key: unwrap fails
            ['kp', 'cust-2'], // new subject key: wrap fails
            ['kp-new', 'cust-1'], // new tenant: creating its KEK fails
          ]) {
            const body = watchedBody(transcript(10_000));
            await assert.rejects(
              vault.put({ tenantId: tenantId as string, subjectId: subjectId as string, kind: 'recording', body: body.body }),
              code('KEY_PROVIDER_UNAVAILABLE'),
              `${tenantId}/${subjectId}`,
            );
            assert.equal(body.started(), false, 'plaintext was read although nothing could be stored');
          }
          assert.deepEqual(await snapshot(), before);
          // Reads fail closed too.
          await assert.rejects(gateway.readArtifact(LOCAL_OPERATOR, undefined, stored.id, CLI_CONTEXT), code('KEY_PROVIDER_UNAVAILABLE'));
          // Another provider on the same token is unaffected: closing one did not log the token out.
          const other = await f.vault.put({ tenantId: 'kp', subjectId: 'cust-1', kind: 'transcript', body: bytes(Buffer.from(MARKER)) });
          assert.deepEqual(await readAll(f, other.id), Buffer.from(MARKER));
          assert.deepEqual(await readAll(f, stored.id), transcript(10_000));
        } finally {
          vault.close();
        }
      });
    });

    void describe('when artifacts are read concurrently', () => {
      void it('every reader gets its own bytes (one PKCS#11 session serves them all)', async () => {
        const bodies = Array.from({ length: 6 }, () => randomBytes(12_000));
        const put = async (body: Buffer, i: number) =>
          (await f.vault.put({ tenantId: 'acme', subjectId: `cust-C${i % 3}`, kind: 'recording', body: bytes(body) })).id;
        const ids = await Promise.all(bodies.map(put));
        const read = await Promise.all(ids.map((id) => readAll(f, id)));
        read.forEach((got, i) => assert.deepEqual(got, bodies[i]));
      });
    });
  });
}

describeVaultOnBackends('postgres', await postgresSkipReason());
describeVaultOnBackends('sqlite', false);
