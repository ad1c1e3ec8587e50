// Retention, legal holds and erasure through the real `sotto` command: the CLI contract (exit
// codes, one-line errors, --json), a hold blocking an erasure, a deletion certificate anyone can
// verify offline, an erasure killed part-way and finished by running it again — and afterwards
// no file under the data dir holds the subject id.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createEd25519NoteSigner } from '../../src/audit/checkpoint/index.js';
import { generateEd25519KeyPair } from '../../src/crypto/index.js';
import { FIXTURE_MASTER_SECRET, openLifecycleFixture } from '../../src/lifecycle/fixtures/lifecycle-fixture.js';
import { seedArtifacts } from '../../src/lifecycle/fixtures/seed.js';
import { signCertificate, type SignedDeletionCertificate } from '../../src/lifecycle/certificate.js';
import { assertFailure, assertNoFileContains, assertSuccess, createSandbox, jsonLine, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

const timeout = RUN_TIMEOUT_MS;
const SUBJECT = '+15551234567';
const env = { SOTTO_MASTER_SECRET: FIXTURE_MASTER_SECRET };

describe('when an operator manages retention, holds and erasure through the CLI', () => {
  let box: Sandbox;
  const sotto = (args: string[], input?: string) => box.sotto(args, { env, ...(input === undefined ? {} : { input }) });
  const ids: string[] = [];

  before(async () => {
    box = await createSandbox();
    assertSuccess(await sotto(['keys', 'init', '--tenant', 'acme']));
    for (const kind of ['recording', 'transcript']) {
      const run = await sotto(['vault', 'put', '--tenant', 'acme', '--subject', SUBJECT, '--kind', kind, '--in', '-'], `${kind} of the caller`);
      assertSuccess(run);
      ids.push(run.stdout.toString('utf8').trim());
    }
  });
  after(() => box.remove());

  it('retention show prints the defaults; set changes one class', { timeout }, async () => {
    const shown = jsonLine<{ retention: Record<string, { days: number; source: string }> }>(await sotto(['retention', 'show', '--tenant', 'acme', '--json']));
    assert.deepEqual(shown.retention.recording, { dataClass: 'recording', days: 30, source: 'default' });
    const set = jsonLine<{ previous: { days: number }; current: { days: number } }>(
      await sotto(['retention', 'set', '--tenant', 'acme', '--class', 'transcript', '--days', '45', '--json']),
    );
    assert.deepEqual([set.previous.days, set.current.days], [90, 45]);
  });

  it('refuses an unknown data class (exit 1, RETENTION_INVALID) and a non-number of days (exit 2)', { timeout }, async () => {
    assert.match(assertFailure(await sotto(['retention', 'set', '--tenant', 'acme', '--class', 'voicemail', '--days', '3']), 1), /^sotto: RETENTION_INVALID: /);
    assertFailure(await sotto(['retention', 'set', '--tenant', 'acme', '--class', 'recording', '--days', 'soon']), 2);
  });

  it('a hold on the subject blocks erase with one line naming the hold, not the subject', { timeout }, async () => {
    const hold = jsonLine<{ id: string }>(await sotto(['hold', 'set', '--tenant', 'acme', '--subject', '-', '--json'], `${SUBJECT}\n`));
    const line = assertFailure(await sotto(['erase', '--tenant', 'acme', '--subject', SUBJECT]), 1);
    assert.match(line, new RegExp(`^sotto: LEGAL_HOLD_ACTIVE: .*${hold.id}`));
    assert.doesNotMatch(line, /5551234567/);
    assertSuccess(await sotto(['vault', 'verify', ids[0] as string]));
    const listed = jsonLine<{ holds: { id: string }[] }>(await sotto(['hold', 'list', '--tenant', 'acme', '--json']));
    assert.deepEqual(listed.holds.map((h) => h.id), [hold.id]);
    assertSuccess(await sotto(['hold', 'release', hold.id, '--tenant', 'acme']));
  });

  let certificatePath: string;
  let verifierKey: string;

  it('erase removes the subject’s artifacts and writes a certificate; run again, it says so', { timeout }, async () => {
    certificatePath = join(box.root, 'certificate.json');
    const result = jsonLine<{ counts: Record<string, number>; alreadyErased: boolean }>(
      await sotto(['erase', '--tenant', 'acme', '--subject', SUBJECT, '--out', certificatePath, '--json']),
    );
    assert.deepEqual(result.counts, { recording: 1, transcript: 1, export: 0, call_record: 0 });
    for (const id of ids) assert.match(assertFailure(await sotto(['vault', 'verify', id]), 1), /ARTIFACT_NOT_FOUND/);
    const again = await sotto(['erase', '--tenant', 'acme', '--subject', SUBJECT]);
    assertSuccess(again);
    assert.match(again.stdout.toString('utf8'), /^already erased/);
  });

  it('verify-certificate accepts it with the published key, offline (an empty data dir, no secret)', { timeout }, async () => {
    verifierKey = jsonLine<{ verifierKey: string }>(await sotto(['erase', 'certificate-key', '--json'])).verifierKey;
    const run = await box.run(['--data', join(box.root, 'elsewhere'), 'erase', 'verify-certificate', certificatePath, '--key', verifierKey]);
    assertSuccess(run);
    assert.match(run.stdout.toString('utf8'), /^valid: /);
    assertSuccess(await sotto(['erase', 'verify-certificate', certificatePath]));
  });

  it('verify-certificate exits 1 on an edited certificate and on a forged one', { timeout }, async () => {
    const signed = JSON.parse(await readFile(certificatePath, 'utf8')) as SignedDeletionCertificate;
    const edited = join(box.root, 'edited.json');
    await writeFile(edited, JSON.stringify({ ...signed, certificate: { ...signed.certificate, completedAt: '2020-01-01T00:00:00.000Z' } }));
    assert.match(assertFailure(await box.run(['erase', 'verify-certificate', edited, '--key', verifierKey]), 1), /^sotto: CERTIFICATE_INVALID: /);
    // Re-signed with another key under the same name and key id: a forgery.
    const pair = generateEd25519KeyPair();
    const forger = createEd25519NoteSigner(signed.signature.keyName, pair.privateKeyPkcs8, pair.publicKey);
    const forged = join(box.root, 'forged.json');
    await writeFile(forged, JSON.stringify(signCertificate(signed.certificate, { ...forger, keyId: Buffer.from(signed.signature.keyId, 'hex') })));
    assertFailure(await box.run(['erase', 'verify-certificate', forged, '--key', verifierKey]), 1);
  });

  it('no file under the data dir holds the subject id', async () => {
    await assertNoFileContains(box.data, ['15551234567', 'of the caller']);
  });
});

describe('when `sotto erase` is killed part-way', () => {
  let box: Sandbox;
  let ids: string[];
  const COUNT = 3000;

  before(async () => {
    box = await createSandbox();
    // Seeded in-process (many artifacts quickly, see fixtures/seed.ts) in the CLI's own layout.
    const fx = await openLifecycleFixture({ dir: box.data });
    ids = await seedArtifacts({ store: fx.store, subjects: fx.vault.subjects, blobRoot: fx.blobRoot }, { tenantId: 'acme', subjectId: SUBJECT, kind: 'recording', count: COUNT, createdAt: new Date().toISOString() });
    await fx.close();
    await writeFile(join(box.data, 'sotto.json'), JSON.stringify({ lifecycle: { claimLeaseMs: 500 } }));
  });
  after(() => box.remove());

  it('leaves everything unreadable, and a second run completes the same erasure', { timeout: timeout * 3 }, async () => {
    const child = box.spawn(['--data', box.data, 'erase', '--tenant', 'acme', '--subject', SUBJECT], { env });
    child.stdout.resume();
    child.stderr.resume();
    const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    const db = new Database(join(box.data, 'sotto.db'), { readonly: true, fileMustExist: false });
    const count = (sql: string): number => {
      try {
        return (db.prepare(sql).get() as { n: number }).n;
      } catch {
        return 0; // tables not there yet: the child is still migrating
      }
    };
    const deadline = Date.now() + 60_000;
    while (count('SELECT COUNT(*) AS n FROM deletions WHERE completed_at IS NOT NULL') < 300 && Date.now() < deadline) await sleep(5);
    while (count('SELECT COUNT(*) AS n FROM deletions WHERE completed_at IS NULL') === 0 && Date.now() < deadline) await sleep(1);
    child.kill('SIGKILL');
    assert.equal(await closed, 'SIGKILL');
    const destroyed = count('SELECT COUNT(*) AS n FROM subject_keys WHERE destroyed_at IS NOT NULL AND ciphertext IS NULL');
    const live = count('SELECT COUNT(*) AS n FROM artifacts WHERE deleted_at IS NULL');
    db.close();
    assert.equal(destroyed, 1, 'the subject key was destroyed first');
    assert.ok(live > 0, 'the kill came before the end');
    const liveId = ids.at(-1) as string;
    assert.match(assertFailure(await box.sotto(['vault', 'verify', liveId], { env }), 1), /ARTIFACT_SHREDDED|ARTIFACT_NOT_FOUND/);

    const result = jsonLine<{ counts: { recording: number }; alreadyErased: boolean }>(
      await box.sotto(['erase', '--tenant', 'acme', '--subject', SUBJECT, '--json'], { env }),
    );
    assert.equal(result.counts.recording, COUNT);
    assert.equal(result.alreadyErased, false);
  });
});
