// A caller who was erased and calls again (issue 6): the new call gets a fresh subject key (the
// next generation) while everything under the destroyed one stays unreadable, certificates
// still verify, a second erasure destroys the new key too — and an erasure racing a call that
// stores its recording misses nothing. On SQLite here, on PostgreSQL below.
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestSchema, postgresSkipReason, type TestSchema } from '../../test/support/postgres.js';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../access/index.js';
import { isSottoError } from '../errors/index.js';
import { verifyCertificate } from './certificate.js';
import { openLifecycleFixture, type FixtureBackend, type LifecycleFixture } from './fixtures/lifecycle-fixture.js';

const code = (c: string) => (err: unknown) => isSottoError(err, c as never);
const CALLER = '+15557654321';
const skip = await postgresSkipReason();

/** A body whose last chunk waits for `release()`: the put is mid-write until then. */
function pausedBody(text: string): { body: AsyncGenerator<Buffer>; started: Promise<void>; release: () => void } {
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const begun = new Promise<void>((r) => (started = r));
  async function* body(): AsyncGenerator<Buffer> {
    yield Buffer.from(text.slice(0, 5));
    started();
    await gate;
    yield Buffer.from(text.slice(5));
  }
  return { body: body(), started: begun, release };
}

function describeReturningCaller(backend: string, open: () => Promise<{ fx: LifecycleFixture; cleanup(): Promise<void> }>, options: { skip?: string | false } = {}): void {
  describe(`a returning caller on ${backend}`, { skip: options.skip ?? false }, () => {
    let fx: LifecycleFixture;
    let cleanup: () => Promise<void>;
    const erase = () => fx.lifecycle.erase(LOCAL_OPERATOR, { tenantId: 'acme', subjectId: CALLER }, CLI_CONTEXT);
    const subjectKey = async () => fx.store.subjectKeys.get('acme', await fx.vault.subjects.subjectRef('acme', CALLER));
    before(async () => ({ fx, cleanup } = await open()));
    after(async () => cleanup?.());

    it('after an erasure, a new call is stored under a fresh key generation and reads back', async () => {
      const old = await fx.put('acme', CALLER, 'recording', 'the first call');
      await fx.call('acme', CALLER, { recording: old });
      const first = await erase();
      assert.equal((await subjectKey())?.generation, 0);
      const fresh = await fx.put('acme', CALLER, 'recording', 'the second call');
      assert.equal((await fx.read(fresh)).toString(), 'the second call');
      const key = await subjectKey();
      assert.equal(key?.generation, 1);
      assert.ok(key?.wrapped && key.destroyedAt === undefined);
      // The first certificate still verifies, and the erased artifact stays gone.
      verifyCertificate(JSON.stringify(first.certificate), await fx.lifecycle.certificateVerifierKey());
      await assert.rejects(fx.read(old), code('ARTIFACT_NOT_FOUND'));
    });

    it('a second erasure of the subject destroys the new key and what was written under it', async () => {
      const before = (await fx.auditEntries()).length;
      const second = await erase();
      assert.equal(second.alreadyErased, false);
      assert.equal(second.counts.recording, 1);
      const key = await subjectKey();
      assert.equal(key?.wrapped, undefined);
      assert.equal(key?.generation, 1);
      const actions = (await fx.auditEntries()).slice(before).map((e) => e.entry.action);
      assert.ok(actions.includes('subject_key.destroy'));
      verifyCertificate(JSON.stringify(second.certificate), await fx.lifecycle.certificateVerifierKey());
      assert.equal((await erase()).alreadyErased, true);
    });

    it('a call that stored its recording while the erasure ran is erased by it, and the key it made is destroyed', async () => {
      const a = await fx.put('acme', CALLER, 'recording');
      const b = await fx.put('acme', CALLER, 'transcript');
      const lifecycle = fx.openLifecycle({ batchSize: 1 });
      let during: string | undefined;
      const result = await lifecycle.erase(LOCAL_OPERATOR, { tenantId: 'acme', subjectId: CALLER }, CLI_CONTEXT, {
        onProgress: async () => {
          // The key is destroyed by now: this write makes the next generation.
          during ??= await fx.put('acme', CALLER, 'recording', 'said while being erased');
        },
      });
      assert.ok(during);
      for (const id of [a, b, during]) await assert.rejects(fx.read(id), code('ARTIFACT_NOT_FOUND'));
      const certificate = verifyCertificate(JSON.stringify(result.certificate), await fx.lifecycle.certificateVerifierKey());
      assert.ok(certificate.artifacts.some((x) => x.id === during));
      const key = await subjectKey();
      assert.equal(key?.wrapped, undefined, 'the generation made during the erasure is destroyed');
      // A copy of its blob (a backup) and of its row cannot be decrypted with anything live.
      const reasons = (await fx.auditEntries()).map((e) => e.entry.reason).filter((r) => r.includes('made while it ran'));
      assert.equal(reasons.length, 1);
    });

    it('a call that began writing before the erasure and commits after it keeps its recording, under a new key', async () => {
      const kept = await fx.put('acme', CALLER, 'transcript', 'before');
      const paused = pausedBody('a recording that straddles the erasure');
      const writing = fx.vault.put({ tenantId: 'acme', subjectId: CALLER, kind: 'recording', body: paused.body });
      await paused.started; // it holds the live key of this generation
      const generationBefore = (await subjectKey())?.generation ?? -1;
      const result = await erase();
      assert.equal(result.counts.transcript, 1);
      await assert.rejects(fx.read(kept), code('ARTIFACT_NOT_FOUND'));
      paused.release();
      const stored = await writing;
      // Its data key went under the next generation: it reads, and nothing erased came back.
      assert.equal((await fx.read(stored.id)).toString(), 'a recording that straddles the erasure');
      assert.equal((await subjectKey())?.generation, generationBefore + 1);
      const record = await fx.store.artifacts.get(stored.id);
      assert.equal(record?.wrappedDataKey.length, 65);
    });

    it('artifacts under a destroyed generation stay ARTIFACT_SHREDDED while a newer generation is live, backups included', async () => {
      const old = await fx.put('acme', 'cust-shred', 'recording', 'old content');
      const record = await fx.store.artifacts.get(old);
      const blobPath = join(fx.blobRoot, record?.blobKey ?? '');
      await copyFile(blobPath, `${blobPath}.backup`);
      await fx.vault.shredSubject('acme', 'cust-shred');
      const fresh = await fx.put('acme', 'cust-shred', 'recording', 'new content');
      await copyFile(`${blobPath}.backup`, blobPath);
      await assert.rejects(fx.read(old), code('ARTIFACT_SHREDDED'));
      assert.equal((await fx.read(fresh)).toString(), 'new content');
      // Forging the old row to name the new generation does not open it either.
      const forged = Buffer.concat([Buffer.from([1, 0, 0, 0, 1]), record?.wrappedDataKey ?? Buffer.alloc(0)]);
      await fx.store.sql.run('UPDATE artifacts SET wrapped_data_key = ? WHERE id = ?', [forged, old]);
      await assert.rejects(fx.read(old), code('DATA_KEY_UNWRAP_FAILED'));
    });

    it('a tenant key rotation re-wraps the current generation, which still reads', async () => {
      const id = await fx.put('acme', 'cust-shred', 'transcript', 'after rotation');
      const { rewrapped } = await fx.vault.rotateTenantKey('acme');
      assert.ok(rewrapped >= 1);
      assert.equal((await fx.read(id)).toString(), 'after rotation');
    });

    it('two writers renewing an erased subject at once make one new key, and both artifacts read', async () => {
      await fx.put('acme', 'cust-race', 'recording', 'one');
      await fx.vault.shredSubject('acme', 'cust-race');
      const [x, y] = await Promise.all([fx.put('acme', 'cust-race', 'recording', 'x'), fx.put('acme', 'cust-race', 'transcript', 'y')]);
      assert.equal((await fx.read(x)).toString(), 'x');
      assert.equal((await fx.read(y)).toString(), 'y');
      assert.equal((await fx.store.subjectKeys.get('acme', await fx.vault.subjects.subjectRef('acme', 'cust-race')))?.generation, 1);
    });
  });
}

describeReturningCaller('SQLite', async () => {
  const fx = await openLifecycleFixture();
  return { fx, cleanup: () => fx.close() };
});

let schema: TestSchema | undefined;
describeReturningCaller(
  'PostgreSQL',
  async () => {
    schema = await createTestSchema();
    const backend: FixtureBackend = { kind: 'postgres', url: schema.url, schema: schema.name };
    const fx = await openLifecycleFixture({ backend });
    return {
      fx,
      cleanup: async () => {
        await fx.close();
        await schema?.drop();
      },
    };
  },
  { skip },
);
