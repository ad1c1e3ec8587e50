import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../access/index.js';
import { isSottoError, SottoError } from '../errors/index.js';
import type { KeyProvider } from '../vault/keys/provider.js';
import { SubjectKeys } from '../vault/subject-keys.js';
import { verifyCertificate } from './certificate.js';
import { openLifecycleFixture, type LifecycleFixture } from './fixtures/lifecycle-fixture.js';

const code = (c: string) => (err: unknown) => isSottoError(err, c as never);
const CALLER = '+15557654321';
const erase = (fx: LifecycleFixture, lifecycle = fx.lifecycle) => lifecycle.erase(LOCAL_OPERATOR, { tenantId: 'acme', subjectId: CALLER }, CLI_CONTEXT);

/** The real local keyring behind a switch: while `down`, every call fails as an unreachable KMS or HSM would. */
function switchableKeys(): { wrap: (keys: KeyProvider) => KeyProvider; down: (on: boolean) => void } {
  let down = false;
  const wrap = (keys: KeyProvider): KeyProvider =>
    new Proxy(keys, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || property === 'close') return value;
        return (...args: unknown[]) => {
          if (down) return Promise.reject(new SottoError('KEY_PROVIDER_UNAVAILABLE', 'the key provider does not answer'));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return { wrap, down: (on) => void (down = on) };
}

describe('erasure faults', () => {
  describe('when a legal hold covers the subject', () => {
    let fx: LifecycleFixture;
    let recording: string;
    before(async () => {
      fx = await openLifecycleFixture();
      recording = await fx.put('acme', CALLER, 'recording');
    });
    after(() => fx.close());

    it('a subject hold blocks it with LEGAL_HOLD_ACTIVE naming the hold, not the subject; nothing is erased', async () => {
      const hold = await fx.lifecycle.setHold(LOCAL_OPERATOR, { tenantId: 'acme', target: { scope: 'subject', subjectId: CALLER } }, CLI_CONTEXT);
      await assert.rejects(erase(fx), (err: unknown) => {
        assert.ok(isSottoError(err, 'LEGAL_HOLD_ACTIVE'));
        assert.match(err.message, new RegExp(hold.id));
        assert.doesNotMatch(err.message, /5557654321/);
        return true;
      });
      assert.ok((await fx.read(recording)).length > 0, 'the content is still readable');
      const blocked = (await fx.auditEntries()).filter((e) => e.entry.action === 'erasure.blocked');
      assert.equal(blocked.at(-1)?.entry.reason, `legal hold ${hold.id}`);
      await fx.lifecycle.releaseHold(LOCAL_OPERATOR, { tenantId: 'acme', holdId: hold.id }, CLI_CONTEXT);
    });

    it('a hold on one of the subject’s calls blocks it too', async () => {
      const call = await fx.call('acme', CALLER, { recording });
      const hold = await fx.lifecycle.setHold(LOCAL_OPERATOR, { tenantId: 'acme', target: { scope: 'call', callId: call } }, CLI_CONTEXT);
      await assert.rejects(erase(fx), code('LEGAL_HOLD_ACTIVE'));
      assert.ok((await fx.read(recording)).length > 0);
      await fx.lifecycle.releaseHold(LOCAL_OPERATOR, { tenantId: 'acme', holdId: hold.id }, CLI_CONTEXT);
    });

    it('once the holds are released, the same erasure completes', async () => {
      const result = await erase(fx);
      assert.deepEqual(result.counts, { recording: 1, transcript: 0, export: 0, call_record: 1 });
    });
  });

  describe('when a legal hold is set while the erasure runs', () => {
    it('stops before the held items, reports the hold, and finishes after its release', async () => {
      const fx = await openLifecycleFixture({ lifecycle: { batchSize: 1 } });
      try {
        // Created a second apart, so the erasure (oldest first) meets the held call's artifact last;
        // with one timestamp the order would follow the random ids.
        const later = async (kind: 'recording' | 'transcript'): Promise<string> => {
          fx.clock.now = new Date(fx.clock.now.getTime() + 1000);
          return fx.put('acme', CALLER, kind);
        };
        const artifacts = [await later('recording'), await later('recording'), await later('transcript')];
        const heldCall = await fx.call('acme', CALLER, { recording: artifacts[2] });
        let holdId = '';
        await assert.rejects(
          fx.lifecycle.erase(LOCAL_OPERATOR, { tenantId: 'acme', subjectId: CALLER }, CLI_CONTEXT, {
            onProgress: async () => {
              if (holdId) return;
              holdId = (await fx.lifecycle.setHold(LOCAL_OPERATOR, { tenantId: 'acme', target: { scope: 'call', callId: heldCall } }, CLI_CONTEXT)).id;
            },
          }),
          (err: unknown) => isSottoError(err, 'LEGAL_HOLD_ACTIVE') && err.message.includes(holdId),
        );
        // The held call and its transcript are kept (unreadable: the key went first); the others are gone.
        assert.ok(await fx.calls.get(heldCall));
        const held = await fx.store.artifacts.get(artifacts[2] as string);
        assert.equal(held?.deletedAt, undefined);
        await assert.rejects(fx.read(artifacts[2] as string), code('ARTIFACT_SHREDDED'));
        for (const id of artifacts.slice(0, 2)) assert.ok((await fx.store.artifacts.get(id))?.deletedAt);

        await fx.lifecycle.releaseHold(LOCAL_OPERATOR, { tenantId: 'acme', holdId }, CLI_CONTEXT);
        const done = await erase(fx);
        assert.deepEqual(done.counts, { recording: 2, transcript: 1, export: 0, call_record: 1 });
      } finally {
        await fx.close();
      }
    });
  });

  describe('when the key provider is down (a key provider stand-in that fails on demand)', () => {
    it('at the start: fails closed with KEY_PROVIDER_UNAVAILABLE and changes nothing; later it completes', async () => {
      const keys = switchableKeys();
      const fx = await openLifecycleFixture({ wrapKeys: keys.wrap });
      try {
        const recording = await fx.put('acme', CALLER, 'recording');
        // A process that has not yet unwrapped the tenant's pseudonym key (a fresh one).
        const fresh = fx.openLifecycle({ subjects: new SubjectKeys(fx.store, fx.keys) });
        keys.down(true);
        await assert.rejects(erase(fx, fresh), code('KEY_PROVIDER_UNAVAILABLE'));
        assert.equal((await fx.store.sql.rows('SELECT id FROM erasure_requests')).length, 0);
        keys.down(false);
        assert.ok((await fx.read(recording)).length > 0);
        assert.equal((await erase(fx, fresh)).counts.recording, 1);
      } finally {
        await fx.close();
      }
    });

    it('before the certificate is signed: ERASURE_INCOMPLETE, the data already unreadable; run again, it completes', async () => {
      const keys = switchableKeys();
      const fx = await openLifecycleFixture({ wrapKeys: keys.wrap });
      try {
        const recordings = [await fx.put('acme', CALLER, 'recording'), await fx.put('acme', CALLER, 'recording')];
        keys.down(true);
        await assert.rejects(erase(fx), (err: unknown) => isSottoError(err, 'ERASURE_INCOMPLETE') && /KEY_PROVIDER_UNAVAILABLE/.test(err.message));
        for (const id of recordings) await assert.rejects(fx.read(id), code('ARTIFACT_NOT_FOUND'));
        const [open] = await fx.store.sql.rows<{ completed_at: string | null }>('SELECT completed_at FROM erasure_requests');
        assert.equal(open?.completed_at, null);
        keys.down(false);
        const done = await erase(fx);
        assert.equal(done.alreadyErased, false);
        verifyCertificate(JSON.stringify(done.certificate), await fx.lifecycle.certificateVerifierKey());
        assert.deepEqual(done.certificate.certificate.artifacts.map((a) => a.id).sort(), [...recordings].sort());
      } finally {
        await fx.close();
      }
    });
  });

  describe('when a blob is already missing', () => {
    it('the erasure completes and lists the artifact', async () => {
      const fx = await openLifecycleFixture();
      try {
        const id = await fx.put('acme', CALLER, 'recording');
        await fx.blobs.delete((await fx.store.artifacts.get(id))?.blobKey as string);
        const result = await erase(fx);
        assert.deepEqual(result.certificate.certificate.artifacts.map((a) => a.id), [id]);
      } finally {
        await fx.close();
      }
    });
  });
});
