import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { isSottoError } from '../../errors/index.js';
import { createTestSchema, postgresSkipReason, type TestSchema } from '../../../test/support/postgres.js';
import { describeMetadataStoreContract, rejectsWithCode } from './metadata-contract.js';
import { describeTransactionContract } from './transaction-contract.js';
import { openPostgresStore } from './postgres.js';
import { POSTGRES_MIGRATIONS } from './migrations/postgres.js';

const skip = await postgresSkipReason();

void describe('PostgreSQL metadata store', { skip }, () => {
  describeMetadataStoreContract('PostgreSQL', async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore({ url: schema.url, schema: schema.name });
    return {
      store,
      recordedMigrations: () => schema.query('SELECT version, name FROM schema_migrations ORDER BY version'),
      cleanup: async () => {
        await store.close();
        await schema.drop();
      },
    };
  });

  describeTransactionContract('PostgreSQL', async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore({ url: schema.url, schema: schema.name });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await schema.drop();
      },
    };
  });

  void describe('when two processes migrate a new schema at once', () => {
    let schema: TestSchema;
    before(async () => {
      schema = await createTestSchema({ create: false });
    });
    after(async () => {
      await schema.drop();
    });

    void it('both succeed and the migrations are applied once', async () => {
      const stores = await Promise.all([1, 2].map(() => openPostgresStore({ url: schema.url, schema: schema.name })));
      try {
        const results = await Promise.all(stores.map((s) => s.migrate()));
        const latest = POSTGRES_MIGRATIONS.at(-1)?.version;
        assert.deepEqual(results.map((r) => r.current), [latest, latest]);
        assert.deepEqual(results.flatMap((r) => r.applied), POSTGRES_MIGRATIONS.map((m) => m.name));
        const rows = await schema.query('SELECT version, name FROM schema_migrations ORDER BY version');
        assert.deepEqual(rows, POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name })));
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });
  });
});

void describe('when PostgreSQL cannot be reached', () => {
  void it('throws STORE_UNAVAILABLE naming host and port but not the password', async () => {
    const url = 'postgres://sotto:hunter2-s3cret@127.0.0.1:1/sotto';
    await assert.rejects(openPostgresStore({ url, connectTimeoutMs: 2000 }), (err: unknown) => {
      assert.ok(isSottoError(err, 'STORE_UNAVAILABLE'), String(err));
      assert.match(err.message, /127\.0\.0\.1:1\b/);
      assert.doesNotMatch(err.message, /hunter2/);
      return true;
    });
  });
});

void describe('when the PostgreSQL configuration is malformed', () => {
  void it('throws CONFIG_INVALID for a schema name that is not a plain identifier', async () => {
    await rejectsWithCode(openPostgresStore({ url: 'postgres://127.0.0.1:1/x', schema: 'a; DROP' }), 'CONFIG_INVALID');
  });

  void it('throws CONFIG_INVALID without quoting a URL that does not parse', async () => {
    await assert.rejects(openPostgresStore({ url: 'postgres://u:hunter2@[bad' }), (err: unknown) => {
      assert.ok(isSottoError(err, 'CONFIG_INVALID'));
      assert.doesNotMatch(err.message, /hunter2/);
      assert.equal(err.cause, undefined);
      return true;
    });
  });
});
