// Subject key generations in the metadata store (issue 6, returning callers), on SQLite and
// PostgreSQL: renewing is a compare-and-set on a tombstone, and an artifact is only written
// under a live generation. The vault and erasure built on these: src/lifecycle/returning-caller.test.ts.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestSchema, postgresSkipReason } from '../../../test/support/postgres.js';
import { randomBytes, randomId } from '../../crypto/index.js';
import type { ArtifactRecord, MetadataStore } from './metadata-store.js';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';

const wrapped = (version = 1) => ({ provider: 'local', keyId: 'k', version, ciphertext: randomBytes(60) });
const AT = '2026-01-01T00:00:00.000Z';

function describeGenerations(backend: string, open: () => Promise<{ store: MetadataStore; cleanup(): Promise<void> }>, skip: string | false = false): void {
  describe(`subject key generations on ${backend}`, { skip }, () => {
    let store: MetadataStore;
    let cleanup: () => Promise<void>;
    const tenantId = 'acme';
    before(async () => {
      ({ store, cleanup } = await open());
      await store.migrate();
      await store.tenants.create({ id: tenantId, createdAt: AT, pseudonymKey: wrapped() });
    });
    after(async () => cleanup?.());

    const newKey = async () => {
      const subjectRef = randomId('sub');
      await store.subjectKeys.create({ tenantId, subjectRef, wrapped: wrapped(), generation: 0, createdAt: AT, destroyedAt: undefined });
      return subjectRef;
    };
    const artifact = (subjectRef: string): ArtifactRecord => {
      const id = randomId('art');
      return { id, tenantId, subjectRef, kind: 'recording', blobKey: `${tenantId}/recording/${id}`, wrappedDataKey: randomBytes(60), plaintextSize: 1, ciphertextSize: 2, createdAt: AT, deletedAt: undefined };
    };

    it('a new key is generation 0', async () => {
      assert.equal((await store.subjectKeys.get(tenantId, await newKey()))?.generation, 0);
    });

    it('renew turns the tombstone of that generation into a live key of the next, once', async () => {
      const subjectRef = await newKey();
      assert.equal(await store.subjectKeys.renew(tenantId, subjectRef, 0, wrapped(), AT), false, 'a live key is never replaced');
      await store.subjectKeys.destroy(tenantId, subjectRef, AT);
      const [first, second] = await Promise.all([
        store.subjectKeys.renew(tenantId, subjectRef, 0, wrapped(), AT),
        store.subjectKeys.renew(tenantId, subjectRef, 0, wrapped(), AT),
      ]);
      assert.equal(Number(first) + Number(second), 1);
      const key = await store.subjectKeys.get(tenantId, subjectRef);
      assert.equal(key?.generation, 1);
      assert.ok(key?.wrapped);
      assert.equal(key?.destroyedAt, undefined);
    });

    it('createUnderLiveKey writes only under the live generation', async () => {
      const subjectRef = await newKey();
      const live = artifact(subjectRef);
      assert.equal(await store.artifacts.createUnderLiveKey(live, 0), true);
      assert.ok(await store.artifacts.get(live.id));
      const wrongGeneration = artifact(subjectRef);
      assert.equal(await store.artifacts.createUnderLiveKey(wrongGeneration, 1), false);
      await store.subjectKeys.destroy(tenantId, subjectRef, AT);
      const afterDestroy = artifact(subjectRef);
      assert.equal(await store.artifacts.createUnderLiveKey(afterDestroy, 0), false);
      assert.equal(await store.artifacts.get(afterDestroy.id), undefined);
      assert.equal(await store.artifacts.get(wrongGeneration.id), undefined);
    });

    it('a rewrap expecting another generation changes nothing', async () => {
      const subjectRef = await newKey();
      await store.subjectKeys.destroy(tenantId, subjectRef, AT);
      await store.subjectKeys.renew(tenantId, subjectRef, 0, wrapped(1), AT);
      assert.equal(await store.subjectKeys.rewrap(tenantId, subjectRef, 1, wrapped(2), 0), false);
      assert.equal(await store.subjectKeys.rewrap(tenantId, subjectRef, 1, wrapped(2), 1), true);
    });
  });
}

describeGenerations('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sotto-generations-'));
  const store = await openSqliteStore({ path: join(dir, 'sotto.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeGenerations(
  'PostgreSQL',
  async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore({ url: schema.url, schema: schema.name });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await schema.drop();
      },
    };
  },
  await postgresSkipReason(),
);
