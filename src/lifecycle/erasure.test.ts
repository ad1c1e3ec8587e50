import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR, type Principal } from '../access/index.js';
import { isSottoError } from '../errors/index.js';
import { verifyCertificate } from './certificate.js';
import type { ErasureResult } from './erasure.js';
import { openLifecycleFixture, type LifecycleFixture } from './fixtures/lifecycle-fixture.js';

const code = (c: string) => (err: unknown) => isSottoError(err, c as never);
const officer: Principal = { id: 'usr_officer', kind: 'user', tenantId: 'acme', roles: ['compliance_officer'] };
const supervisor: Principal = { id: 'usr_supervisor', kind: 'user', tenantId: 'acme', roles: ['supervisor'] };
const CALLER = '+15557654321';
const OTHER = '+15550009999';

describe('erasing a data subject', () => {
  let fx: LifecycleFixture;
  const ids: Record<string, string> = {};
  let result: ErasureResult;
  let mark: number;

  before(async () => {
    fx = await openLifecycleFixture();
    ids.recording = await fx.put('acme', CALLER, 'recording');
    ids.transcript = await fx.put('acme', CALLER, 'transcript');
    ids.export = await fx.put('acme', CALLER, 'export');
    ids.call = await fx.call('acme', CALLER, { recording: ids.recording, transcript: ids.transcript });
    ids.secondCall = await fx.call('acme', CALLER);
    ids.otherRecording = await fx.put('acme', OTHER, 'recording');
    ids.otherCall = await fx.call('acme', OTHER, { recording: ids.otherRecording });
    mark = (await fx.auditEntries()).length;
  });
  after(() => fx.close());

  it('is refused to a role without call.delete, with nothing changed', async () => {
    await assert.rejects(fx.lifecycle.erase(supervisor, { tenantId: 'acme', subjectId: CALLER }, CLI_CONTEXT), code('ACCESS_DENIED'));
    assert.ok((await fx.read(ids.recording as string)).length > 0);
    mark = (await fx.auditEntries()).length;
  });

  it('erases every recording, transcript, export and call record of the subject', async () => {
    result = await fx.lifecycle.erase(officer, { tenantId: 'acme', subjectId: CALLER }, CLI_CONTEXT);
    assert.deepEqual(result.counts, { recording: 1, transcript: 1, export: 1, call_record: 2 });
    for (const id of [ids.recording, ids.transcript, ids.export]) {
      await assert.rejects(fx.read(id as string), code('ARTIFACT_NOT_FOUND'));
      const row = await fx.store.artifacts.get(id as string);
      assert.equal(row?.wrappedDataKey.length, 0);
      assert.equal(existsSync(join(fx.blobRoot, row?.blobKey ?? '')), false);
    }
    assert.equal(await fx.calls.get(ids.call as string), undefined);
    assert.equal(await fx.calls.get(ids.secondCall as string), undefined);
  });

  it('destroys the subject key first, keeping its tombstone', async () => {
    const key = await fx.store.subjectKeys.get('acme', await fx.vault.subjects.subjectRef('acme', CALLER));
    assert.equal(key?.wrapped, undefined);
    assert.ok(key?.destroyedAt);
    const actions = (await fx.auditEntries()).slice(mark).map((e) => e.entry.action);
    assert.deepEqual(actions.slice(0, 2), ['call.delete', 'subject_key.destroy']);
    assert.ok(actions.indexOf('subject_key.destroy') < actions.indexOf('artifact.delete'));
    assert.ok(actions.indexOf('artifact.delete') < actions.indexOf('erasure.complete'));
  });

  it('leaves another subject’s data alone', async () => {
    assert.ok((await fx.read(ids.otherRecording as string)).length > 0);
    assert.ok(await fx.calls.get(ids.otherCall as string));
  });

  it('issues a certificate that verifies and cites the audit entries of the erasure', async () => {
    const verifier = await fx.lifecycle.certificateVerifierKey();
    const certificate = verifyCertificate(JSON.stringify(result.certificate), verifier);
    assert.deepEqual(certificate.artifacts.map((a) => a.id).sort(), [ids.recording, ids.transcript, ids.export].sort());
    assert.deepEqual(certificate.calls.map((c) => c.id).sort(), [ids.call, ids.secondCall].sort());
    assert.equal(certificate.subjectRef, await fx.vault.subjects.subjectRef('acme', CALLER));
    assert.equal(certificate.keysDestroyed.length, 1);
    assert.deepEqual(Object.keys(certificate.keysDestroyed[0]?.wrappedBy ?? {}).sort(), ['keyId', 'provider', 'version']);
    const entries = new Map((await fx.auditEntries()).map((e) => [e.index, e.entry]));
    assert.equal(entries.get(certificate.audit.requestIndex)?.action, 'call.delete');
    assert.equal(entries.get(certificate.audit.keyDestroyedIndex)?.action, 'subject_key.destroy');
    assert.equal(entries.get(certificate.audit.completedIndex)?.action, 'erasure.complete');
    for (const item of [...certificate.artifacts, ...certificate.calls]) assert.equal(entries.get(item.auditIndex)?.resource.id, item.id);
  });

  it('answers another tenant’s officer asking for the certificate exactly as for a missing erasure, in the audit log too', async () => {
    const globex: Principal = { id: 'usr_globex', kind: 'user', tenantId: 'globex', roles: ['compliance_officer'] };
    const before = (await fx.auditEntries()).length;
    const probe = async (id: string) => {
      await assert.rejects(fx.lifecycle.erasureCertificate(globex, id, CLI_CONTEXT), code('NOT_FOUND'));
      const [entry] = (await fx.auditEntries()).slice(-1);
      return entry?.entry;
    };
    const theirs = await probe(result.erasureId);
    const missing = await probe('era_doesnotexist000000000000');
    assert.deepEqual({ ...theirs, at: undefined, requestId: undefined }, { ...missing, at: undefined, requestId: undefined });
    assert.equal(theirs?.resource.tenantId, 'globex');
    assert.equal(theirs?.resource.subjectRef, undefined);
    assert.equal((await fx.auditEntries()).length, before + 2);
  });

  it('invariant 5: puts neither the subject id nor key material in the certificate or the audit log', async () => {
    const text = JSON.stringify(result.certificate) + JSON.stringify(await fx.auditEntries());
    assert.doesNotMatch(text, /5557654321/);
    assert.doesNotMatch(JSON.stringify(result.certificate), /ciphertext/);
  });

  it('run again, it is idempotent: the same erasure and certificate', async () => {
    const again = await fx.lifecycle.erase(officer, { tenantId: 'acme', subjectId: CALLER }, CLI_CONTEXT);
    assert.equal(again.alreadyErased, true);
    assert.equal(again.erasureId, result.erasureId);
    assert.deepEqual(again.certificate, result.certificate);
  });

  it('for an unknown tenant is NOT_FOUND, and creates nothing', async () => {
    await assert.rejects(fx.lifecycle.erase(LOCAL_OPERATOR, { tenantId: 'nobody', subjectId: CALLER }, CLI_CONTEXT), code('NOT_FOUND'));
    assert.equal(await fx.store.tenants.get('nobody'), undefined);
  });
});

describe('when the subject key is destroyed', () => {
  it('every artifact of the subject is undecryptable before its own deletion comes', async () => {
    const fx = await openLifecycleFixture({ lifecycle: { batchSize: 1 } });
    try {
      const first = await fx.put('acme', CALLER, 'recording');
      const second = await fx.put('acme', CALLER, 'transcript');
      const seen: string[] = [];
      await fx.lifecycle.erase(LOCAL_OPERATOR, { tenantId: 'acme', subjectId: CALLER }, CLI_CONTEXT, {
        onProgress: async () => {
          // After the first batch of one: the other artifact is still stored, but its key is gone.
          for (const id of [first, second]) {
            const record = await fx.store.artifacts.get(id);
            if (record?.deletedAt !== undefined) continue;
            await assert.rejects(fx.read(id), code('ARTIFACT_SHREDDED'));
            seen.push(id);
          }
        },
      });
      assert.equal(seen.length, 1, 'one artifact was checked while still stored');
    } finally {
      await fx.close();
    }
  });
});
