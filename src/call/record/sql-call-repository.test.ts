import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomId } from '../../crypto/index.js';
import { isSottoError } from '../../errors/index.js';
import { openSqliteStore } from '../../store/meta/sqlite.js';
import type { MetadataStore } from '../../store/meta/metadata-store.js';
import type { CallRecord } from './call-record.js';
import { SqlCallRepository } from './sql-call-repository.js';
import { createTestSchema, postgresSkipReason } from '../../../test/support/postgres.js';
import { openPostgresStore } from '../../store/meta/postgres.js';

const wrapped = { provider: 'local', keyId: 'k', version: 1, ciphertext: Buffer.from([1]) };

function call(tenantId: string, minute: number, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    id: randomId('call'),
    tenantId,
    subjectRef: 'a'.repeat(64),
    agent: 'card-payment',
    channel: 'phone',
    status: 'completed',
    failureReason: undefined,
    startedAt: new Date(Date.UTC(2026, 10, 1, 10, minute)).toISOString(),
    endedAt: undefined,
    recordingArtifactId: undefined,
    transcriptArtifactId: undefined,
    unredactedTranscriptArtifactId: undefined,
    entityTypes: [],
    entityCounts: {},
    subprocessors: [],
    region: 'local',
    outcome: undefined,
    ...extra,
  };
}

function contract(name: string, open: () => Promise<{ store: MetadataStore; close(): Promise<void> }>, skip?: string): void {
  describe(`call records on ${name}`, { skip }, () => {
    let handle: { store: MetadataStore; close(): Promise<void> };
    let calls: SqlCallRepository;
    before(async () => {
      handle = await open();
      await handle.store.migrate();
      for (const id of ['acme', 'globex']) await handle.store.tenants.create({ id, createdAt: new Date().toISOString(), pseudonymKey: wrapped });
      calls = new SqlCallRepository(handle.store.sql);
    });
    after(async () => handle.close());

    it('round-trips a call and finishes it', async () => {
      const c = call('acme', 0, { status: 'active' });
      await calls.create(c);
      assert.deepEqual(await calls.get(c.id), c);
      await calls.finish(c.id, { status: 'completed', failureReason: undefined, endedAt: '2026-11-01T10:05:00.000Z', recordingArtifactId: undefined, transcriptArtifactId: undefined, unredactedTranscriptArtifactId: undefined, entityTypes: ['CREDIT_CARD', 'CARD_EXPIRY', 'CREDIT_CARD'], entityCounts: { CREDIT_CARD: 2, CARD_EXPIRY: 1 }, subprocessors: ['pocketsphinx', 'flite', 'pocketsphinx'], outcome: 'completed' });
      const done = await calls.get(c.id);
      assert.equal(done?.status, 'completed');
      assert.deepEqual(done?.entityTypes, ['CARD_EXPIRY', 'CREDIT_CARD']);
      assert.deepEqual(done?.entityCounts, { CARD_EXPIRY: 1, CREDIT_CARD: 2 });
      assert.deepEqual(done?.subprocessors, ['flite', 'pocketsphinx']);
      assert.equal(done?.outcome, 'completed');
      assert.equal(done?.region, 'local');
    });

    it('lists one tenant newest first, filters, and pages with a cursor', async () => {
      for (let m = 10; m < 20; m++) await calls.create(call('acme', m, { entityTypes: m % 2 ? ['US_SSN'] : [] }));
      await calls.create(call('globex', 15));
      const first = await calls.list({ tenantId: 'acme', limit: 4, from: '2026-11-01T10:10:00Z' });
      assert.equal(first.calls.length, 4);
      assert.ok(first.calls.every((c) => c.tenantId === 'acme'));
      assert.ok(first.next);
      const second = await calls.list({ tenantId: 'acme', limit: 100, from: '2026-11-01T10:10:00Z', before: first.next });
      assert.equal(first.calls.length + second.calls.length, 10);
      assert.ok((first.calls.at(-1)?.startedAt ?? '') > (second.calls[0]?.startedAt ?? ''));
      const ssn = await calls.list({ tenantId: 'acme', limit: 100, entityType: 'US_SSN' });
      assert.equal(ssn.calls.length, 5);
    });

    it('rejects a malformed cursor and entity type with USAGE', async () => {
      await assert.rejects(calls.list({ tenantId: 'acme', limit: 5, before: 'bm9wZQ' }), (e: unknown) => isSottoError(e, 'USAGE'));
      await assert.rejects(calls.list({ tenantId: 'acme', limit: 5, entityType: "x' OR 1=1" }), (e: unknown) => isSottoError(e, 'USAGE'));
    });

    it('finishing an unknown call is NOT_FOUND', async () => {
      await assert.rejects(
        calls.finish('call_nope', { status: 'failed', failureReason: 'X', endedAt: undefined, recordingArtifactId: undefined, transcriptArtifactId: undefined, unredactedTranscriptArtifactId: undefined, entityTypes: [], entityCounts: {}, subprocessors: [], outcome: 'failed' }),
        (e: unknown) => isSottoError(e, 'NOT_FOUND'),
      );
    });

    it('refuses entity counts that are not type → non-negative integer, and odd subprocessor names', async () => {
      await assert.rejects(calls.create(call('acme', 30, { entityCounts: { CREDIT_CARD: -1 } })), (e: unknown) => isSottoError(e, 'USAGE'));
      await assert.rejects(calls.create(call('acme', 31, { entityCounts: { '4111111111111111': 1 } })), (e: unknown) => isSottoError(e, 'USAGE'));
      await assert.rejects(calls.create(call('acme', 32, { subprocessors: ['Deepgram, Inc.'] })), (e: unknown) => isSottoError(e, 'USAGE'));
    });
  });
}

contract('SQLite', async () => {
  const store = await openSqliteStore({ path: ':memory:' });
  return { store, close: () => store.close() };
});

const skip = await postgresSkipReason();
contract(
  'PostgreSQL',
  async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore({ url: schema.url, schema: schema.name });
    return {
      store,
      close: async () => {
        await store.close();
        await schema.drop();
      },
    };
  },
  skip || undefined,
);
