// The erasure's statements on PostgreSQL (timestamptz, bigint, advisory locks, SKIP LOCKED):
// a hold blocks it, a release lets it finish, the certificate verifies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestSchema, postgresSkipReason, type TestSchema } from '../../test/support/postgres.js';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../access/index.js';
import { isSottoError } from '../errors/index.js';
import { verifyCertificate } from './certificate.js';
import { openLifecycleFixture, type LifecycleFixture } from './fixtures/lifecycle-fixture.js';

const skip = await postgresSkipReason();
const CALLER = '+15557654321';

describe('erasure and holds on PostgreSQL', { skip }, () => {
  let schema: TestSchema;
  let fx: LifecycleFixture;
  before(async () => {
    schema = await createTestSchema();
    fx = await openLifecycleFixture({ backend: { kind: 'postgres', url: schema.url, schema: schema.name }, lifecycle: { batchSize: 2 } });
  });
  after(async () => {
    await fx?.close();
    await schema?.drop();
  });

  it('a call hold blocks the erasure; released, it erases everything and signs a certificate', async () => {
    const recordings = [await fx.put('acme', CALLER, 'recording'), await fx.put('acme', CALLER, 'recording'), await fx.put('acme', CALLER, 'transcript')];
    const call = await fx.call('acme', CALLER, { recording: recordings[0], transcript: recordings[2] });
    const hold = await fx.lifecycle.setHold(LOCAL_OPERATOR, { tenantId: 'acme', target: { scope: 'call', callId: call } }, CLI_CONTEXT);
    const erase = () => fx.lifecycle.erase(LOCAL_OPERATOR, { tenantId: 'acme', subjectId: CALLER }, CLI_CONTEXT);
    await assert.rejects(erase(), (e: unknown) => isSottoError(e, 'LEGAL_HOLD_ACTIVE') && e.message.includes(hold.id));
    assert.ok((await fx.read(recordings[1] as string)).length > 0);
    await fx.lifecycle.releaseHold(LOCAL_OPERATOR, { tenantId: 'acme', holdId: hold.id }, CLI_CONTEXT);
    const result = await erase();
    assert.deepEqual(result.counts, { recording: 2, transcript: 1, export: 0, call_record: 1 });
    const certificate = verifyCertificate(JSON.stringify(result.certificate), await fx.lifecycle.certificateVerifierKey());
    assert.equal(certificate.keysDestroyed[0]?.wrappedBy?.version, 1);
    assert.equal((await erase()).alreadyErased, true);
  });

  it('retention settings and the sweep work there too', async () => {
    await fx.lifecycle.setRetention(LOCAL_OPERATOR, { tenantId: 'acme', dataClass: 'export', days: 1 }, CLI_CONTEXT);
    const id = await fx.put('acme', 'someone', 'export');
    fx.advanceDays(2);
    const report = await fx.lifecycle.sweep();
    assert.equal(report.deleted.export, 1);
    await assert.rejects(fx.read(id), (e: unknown) => isSottoError(e, 'ARTIFACT_NOT_FOUND'));
  });
});
