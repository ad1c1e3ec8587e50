// The behaviour every MetadataStore backend owes the vault, as one suite that each backend's
// test file runs against its own database. Not a test file itself: it only registers tests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { randomBytes, randomId } from '../../crypto/index.js';
import { isSottoError, type ErrorCode } from '../../errors/index.js';
import type { WrappedKey } from '../../vault/keys/provider.js';
import type { ArtifactRecord, MetadataStore, SubjectKeyRecord, TenantRecord } from './metadata-store.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite.js';

// Both backends carry the same list (migrations.test.ts checks it); the contract expects all of it.
const ALL = SQLITE_MIGRATIONS;
const LATEST = ALL.at(-1)?.version ?? 0;

export interface MetadataStoreUnderTest {
  /** A store over a database with no tables yet (not migrated). */
  store: MetadataStore;
  /** Rows of schema_migrations, read around the store. */
  recordedMigrations(): Promise<{ version: number; name: string }[]>;
  cleanup(): Promise<void>;
}

export async function rejectsWithCode(work: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(isSottoError(err), `expected a SottoError ${code}, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

/** Starts and ends with a zero byte, and holds 0xff: bytes a text conversion would mangle. */
function wrappedKey(version: number): WrappedKey {
  const ciphertext = Buffer.concat([Buffer.from([0x00, 0xff, 0x80]), randomBytes(57), Buffer.from([0x00])]);
  return { provider: 'local', keyId: 'tenant-kek', version, ciphertext };
}

const at = (second: number): string => new Date(Date.UTC(2025, 0, 2, 3, 4, second, 567)).toISOString();
const FIVE_GIB = 5 * 2 ** 30;

export function describeMetadataStoreContract(backend: string, open: () => Promise<MetadataStoreUnderTest>): void {
  void describe(`${backend} metadata store contract`, () => {
    let subject: MetadataStoreUnderTest;
    let store: MetadataStore;
    let firstMigration: { applied: string[]; current: number };

    before(async () => {
      subject = await open();
      store = subject.store;
      firstMigration = await store.migrate();
    });
    after(async () => {
      await subject?.cleanup();
    });

    async function newTenant(): Promise<TenantRecord> {
      const tenant = { id: randomId('ten'), createdAt: at(0), pseudonymKey: wrappedKey(1) };
      await store.tenants.create(tenant);
      return tenant;
    }

    async function newSubjectKey(tenantId: string, version = 1): Promise<SubjectKeyRecord> {
      const key = {
        tenantId,
        subjectRef: randomId('sub'),
        wrapped: wrappedKey(version),
        generation: 0,
        createdAt: at(1),
        destroyedAt: undefined,
      };
      await store.subjectKeys.create(key);
      return key;
    }

    function artifactFor(key: SubjectKeyRecord): ArtifactRecord {
      const id = randomId('art');
      return {
        id,
        tenantId: key.tenantId,
        subjectRef: key.subjectRef,
        kind: 'recording',
        blobKey: `${key.tenantId}/${id}`,
        wrappedDataKey: Buffer.concat([Buffer.from([0]), randomBytes(59), Buffer.from([0xff])]),
        plaintextSize: FIVE_GIB,
        ciphertextSize: Number.MAX_SAFE_INTEGER,
        createdAt: at(2),
        deletedAt: undefined,
      };
    }

    void describe('when migrations run', () => {
      void it('applies every migration once and records its version', async () => {
        assert.deepEqual(firstMigration, { applied: ALL.map((m) => m.name), current: LATEST });
        assert.deepEqual(await subject.recordedMigrations(), ALL.map(({ version, name }) => ({ version, name })));
      });

      void it('applies nothing when run again', async () => {
        assert.deepEqual(await store.migrate(), { applied: [], current: LATEST });
        assert.deepEqual(await subject.recordedMigrations(), ALL.map(({ version, name }) => ({ version, name })));
      });
    });

    void describe('when a tenant is created', () => {
      void it('reads it back with the pseudonym key byte-exact', async () => {
        const tenant = await newTenant();
        assert.deepEqual(await store.tenants.get(tenant.id), tenant);
        assert.ok((await store.tenants.list()).some((t) => t.id === tenant.id));
      });

      void it('throws STORE_CONFLICT for an id that exists', async () => {
        const tenant = await newTenant();
        await rejectsWithCode(store.tenants.create({ ...tenant, pseudonymKey: wrappedKey(2) }), 'STORE_CONFLICT');
      });

      void it('returns undefined for an unknown id', async () => {
        assert.equal(await store.tenants.get(randomId('ten')), undefined);
      });

      void it('rewraps the pseudonym key only under the expected version', async () => {
        const tenant = await newTenant();
        const next = wrappedKey(2);
        assert.equal(await store.tenants.rewrapPseudonymKey(tenant.id, 7, next), false);
        assert.deepEqual(await store.tenants.get(tenant.id), tenant);
        assert.equal(await store.tenants.rewrapPseudonymKey(tenant.id, 1, next), true);
        assert.deepEqual((await store.tenants.get(tenant.id))?.pseudonymKey, next);
      });
    });

    void describe('when a tenant is pinned to a region (docs/residency.md)', () => {
      void it('reads the region back', async () => {
        const tenant = { id: randomId('ten'), createdAt: at(0), pseudonymKey: wrappedKey(1), region: 'eu-west' };
        await store.tenants.create(tenant);
        assert.deepEqual(await store.tenants.get(tenant.id), tenant);
      });

      void it('pins unplaced tenants to the given region and leaves placed ones alone', async () => {
        const unplaced = await newTenant();
        const placed = { id: randomId('ten'), createdAt: at(0), pseudonymKey: wrappedKey(1), region: 'us-east' };
        await store.tenants.create(placed);
        assert.ok((await store.tenants.pinUnplaced('local')) >= 1);
        assert.equal((await store.tenants.get(unplaced.id))?.region, 'local');
        assert.equal((await store.tenants.get(placed.id))?.region, 'us-east');
        assert.equal(await store.tenants.pinUnplaced('local'), 0);
      });

      void it('refuses to change a region in place, even by direct SQL', async () => {
        const tenant = { id: randomId('ten'), createdAt: at(0), pseudonymKey: wrappedKey(1), region: 'eu-west' };
        await store.tenants.create(tenant);
        await assert.rejects(store.sql.run('UPDATE tenants SET region = ? WHERE id = ?', ['us-east', tenant.id]));
        await assert.rejects(store.sql.run('UPDATE tenants SET region = NULL WHERE id = ?', [tenant.id]));
        assert.equal((await store.tenants.get(tenant.id))?.region, 'eu-west');
      });

      void it('refuses a region name outside the safe alphabet', async () => {
        const tenant = { id: randomId('ten'), createdAt: at(0), pseudonymKey: wrappedKey(1), region: 'EU/../x' };
        await assert.rejects(store.tenants.create(tenant));
        assert.equal(await store.tenants.get(tenant.id), undefined);
      });
    });

    void describe('when a subject key is created', () => {
      void it('reads it back byte-exact', async () => {
        const key = await newSubjectKey((await newTenant()).id);
        assert.deepEqual(await store.subjectKeys.get(key.tenantId, key.subjectRef), key);
      });

      void it('throws STORE_CONFLICT when the subject already has a key', async () => {
        const key = await newSubjectKey((await newTenant()).id);
        await rejectsWithCode(store.subjectKeys.create({ ...key, wrapped: wrappedKey(1) }), 'STORE_CONFLICT');
      });

      void it('throws NOT_FOUND for a tenant that does not exist', async () => {
        const orphan = { tenantId: randomId('ten'), subjectRef: 'sub', wrapped: wrappedKey(1), generation: 0, createdAt: at(1) };
        await rejectsWithCode(store.subjectKeys.create({ ...orphan, destroyedAt: undefined }), 'NOT_FOUND');
      });
    });

    void describe('when a subject key is rewrapped', () => {
      void it('returns false and changes nothing if the expected version is wrong', async () => {
        const key = await newSubjectKey((await newTenant()).id);
        assert.equal(await store.subjectKeys.rewrap(key.tenantId, key.subjectRef, 2, wrappedKey(3)), false);
        assert.deepEqual(await store.subjectKeys.get(key.tenantId, key.subjectRef), key);
      });

      void it('replaces the wrapping if the expected version matches', async () => {
        const key = await newSubjectKey((await newTenant()).id);
        const next = wrappedKey(2);
        assert.equal(await store.subjectKeys.rewrap(key.tenantId, key.subjectRef, 1, next), true);
        assert.deepEqual((await store.subjectKeys.get(key.tenantId, key.subjectRef))?.wrapped, next);
      });
    });

    void describe('when keys of one tenant sit under several KEK versions', () => {
      void it('lists and counts only live keys not yet under the given version', async () => {
        const tenant = await newTenant();
        const old = [
          await newSubjectKey(tenant.id, 1),
          await newSubjectKey(tenant.id, 1),
          await newSubjectKey(tenant.id, 2),
        ];
        await newSubjectKey(tenant.id, 3);
        const destroyed = await newSubjectKey(tenant.id, 1);
        await store.subjectKeys.destroy(tenant.id, destroyed.subjectRef, at(9));
        await newSubjectKey((await newTenant()).id, 1); // another tenant's key

        const listed = await store.subjectKeys.listWrappedNotUnder(tenant.id, 3, 100);
        assert.deepEqual(listed.map((k) => k.subjectRef).sort(), old.map((k) => k.subjectRef).sort());
        assert.equal((await store.subjectKeys.listWrappedNotUnder(tenant.id, 3, 2)).length, 2);
        assert.deepEqual(await store.subjectKeys.countByKekVersion(tenant.id), new Map([[1, 2], [2, 1], [3, 1]]));
      });
    });

    void describe('when a subject key is destroyed', () => {
      void it('erases the wrapped bytes and keeps a tombstone', async () => {
        const key = await newSubjectKey((await newTenant()).id);
        await store.subjectKeys.destroy(key.tenantId, key.subjectRef, at(30));
        const tombstone = await store.subjectKeys.get(key.tenantId, key.subjectRef);
        assert.deepEqual(tombstone, { ...key, wrapped: undefined, destroyedAt: at(30) });
      });

      void it('changes nothing when destroyed again, keeping the first time', async () => {
        const key = await newSubjectKey((await newTenant()).id);
        await store.subjectKeys.destroy(key.tenantId, key.subjectRef, at(30));
        await store.subjectKeys.destroy(key.tenantId, key.subjectRef, at(40));
        assert.equal((await store.subjectKeys.get(key.tenantId, key.subjectRef))?.destroyedAt, at(30));
      });

      void it('can no longer be rewrapped back to life', async () => {
        const key = await newSubjectKey((await newTenant()).id);
        await store.subjectKeys.destroy(key.tenantId, key.subjectRef, at(30));
        assert.equal(await store.subjectKeys.rewrap(key.tenantId, key.subjectRef, 1, wrappedKey(2)), false);
        assert.equal((await store.subjectKeys.get(key.tenantId, key.subjectRef))?.wrapped, undefined);
      });
    });

    void describe('when an artifact is created', () => {
      void it('reads it back byte-exact, with sizes beyond 2^32 intact', async () => {
        const artifact = artifactFor(await newSubjectKey((await newTenant()).id));
        await store.artifacts.create(artifact);
        const read = await store.artifacts.get(artifact.id);
        assert.deepEqual(read, artifact);
        assert.equal(typeof read?.plaintextSize, 'number');
      });

      void it('throws STORE_CONFLICT for an id or a blob key that exists', async () => {
        const key = await newSubjectKey((await newTenant()).id);
        const artifact = artifactFor(key);
        await store.artifacts.create(artifact);
        await rejectsWithCode(store.artifacts.create({ ...artifact, blobKey: 'other' }), 'STORE_CONFLICT');
        await rejectsWithCode(store.artifacts.create({ ...artifactFor(key), blobKey: artifact.blobKey }), 'STORE_CONFLICT');
      });

      void it('throws ARTIFACT_KIND_INVALID for an unknown kind', async () => {
        const artifact = { ...artifactFor(await newSubjectKey((await newTenant()).id)), kind: 'diary' };
        await rejectsWithCode(store.artifacts.create(artifact as ArtifactRecord), 'ARTIFACT_KIND_INVALID');
      });

      void it('throws NOT_FOUND when the subject has no key', async () => {
        const artifact = { ...artifactFor(await newSubjectKey((await newTenant()).id)), subjectRef: randomId('sub') };
        await rejectsWithCode(store.artifacts.create(artifact), 'NOT_FOUND');
      });

      void it('returns undefined for an unknown id', async () => {
        assert.equal(await store.artifacts.get(randomId('art')), undefined);
      });
    });

    void describe('when two tenants use the same subject reference', () => {
      void it('lists only the asking tenant’s artifacts', async () => {
        const mine = await newSubjectKey((await newTenant()).id);
        const theirs = { ...mine, tenantId: (await newTenant()).id };
        await store.subjectKeys.create(theirs);
        const a = artifactFor(mine);
        const b = { ...artifactFor(mine), createdAt: at(3) };
        await store.artifacts.create(a);
        await store.artifacts.create(b);
        await store.artifacts.create(artifactFor(theirs));
        assert.deepEqual(await store.artifacts.listBySubject(mine.tenantId, mine.subjectRef), [a, b]);
      });
    });

    void describe('when an artifact is marked deleted', () => {
      void it('records the first deletion time and keeps it on a re-run', async () => {
        const artifact = artifactFor(await newSubjectKey((await newTenant()).id));
        await store.artifacts.create(artifact);
        await store.artifacts.markDeleted(artifact.id, at(50));
        await store.artifacts.markDeleted(artifact.id, at(55));
        assert.deepEqual(await store.artifacts.get(artifact.id), { ...artifact, deletedAt: at(50) });
      });

      void it('throws ARTIFACT_NOT_FOUND for an unknown id', async () => {
        await rejectsWithCode(store.artifacts.markDeleted(randomId('art'), at(50)), 'ARTIFACT_NOT_FOUND');
      });
    });

    void describe('when a timestamp has no zone', () => {
      void it('throws USAGE instead of guessing the host’s zone', async () => {
        const tenant = { id: randomId('ten'), createdAt: '2025-01-02T03:04:05', pseudonymKey: wrappedKey(1) };
        await rejectsWithCode(store.tenants.create(tenant), 'USAGE');
      });

      void it('stores zoned timestamps as UTC', async () => {
        const tenant = { id: randomId('ten'), createdAt: '2025-01-02T05:04:05+02:00', pseudonymKey: wrappedKey(1) };
        await store.tenants.create(tenant);
        assert.equal((await store.tenants.get(tenant.id))?.createdAt, '2025-01-02T03:04:05.000Z');
      });
    });
  });
}
