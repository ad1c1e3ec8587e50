import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { CLI_CONTEXT, type Principal } from '../access/index.js';
import { sha256 } from '../crypto/index.js';
import { isSottoError } from '../errors/index.js';
import { openLifecycleFixture, type LifecycleFixture } from './fixtures/lifecycle-fixture.js';
import { CARD, decryptExport, RECORDING, REDACTED_TEXT, seedCallWithTranscripts, SSN, unpack } from './fixtures/subject-export-helpers.js';
import type { SubjectExportResult } from './subject-export.js';

const code = (c: string) => (err: unknown) => isSottoError(err, c as never);
const officer: Principal = { id: 'usr_officer', kind: 'user', tenantId: 'acme', roles: ['compliance_officer'] };
const supervisor: Principal = { id: 'usr_supervisor', kind: 'user', tenantId: 'acme', roles: ['supervisor'] };
const otherOfficer: Principal = { id: 'usr_other', kind: 'user', tenantId: 'globex', roles: ['compliance_officer'] };
const CALLER = '+15557654321';
const PASSPHRASE = 'correct horse battery staple';
// Scrypt (passphrase) costs seconds per file by design: the tests that do not test it use a key.
const RECIPIENT = await identityToRecipient(await generateIdentity());

interface Manifest {
  format: string;
  tenantId: string;
  subjectRef: string;
  empty: boolean;
  note?: string;
  counts: Record<string, number>;
  files: { path: string; kind: string; bytes: number; sha256: string }[];
  notIncluded: { path?: string; artifactId?: string; kind: string; reason: string }[];
}

describe('a data subject access export', () => {
  let fx: LifecycleFixture;
  let seeded: Awaited<ReturnType<typeof seedCallWithTranscripts>>;
  let result: SubjectExportResult;
  let files: Map<string, Buffer>;
  let encrypted: Buffer;
  let mark: number;
  const download = async (principal: Principal, exportId: string) => {
    const read = await fx.lifecycle.readSubjectExport(principal, { tenantId: principal.tenantId, exportId }, CLI_CONTEXT);
    const parts: Buffer[] = [];
    for await (const part of read.body) parts.push(part);
    return Buffer.concat(parts);
  };

  before(async () => {
    fx = await openLifecycleFixture();
    seeded = await seedCallWithTranscripts(fx, 'acme', CALLER);
    await fx.call('acme', CALLER); // a call with nothing stored
    await fx.put('acme', CALLER, 'recording', 'an artifact no call names');
    await fx.put('acme', 'someone else', 'transcript', 'not theirs');
    await fx.vault.subjects.ensureTenant('globex');
    // A hold on the subject does not block an export (it deletes nothing).
    await fx.lifecycle.setHold(officer, { tenantId: 'acme', target: { scope: 'subject', subjectId: CALLER } }, CLI_CONTEXT);
    mark = (await fx.auditEntries()).length;
    result = await fx.lifecycle.exportSubject(officer, { tenantId: 'acme', subjectId: CALLER, recipient: { passphrase: PASSPHRASE } }, CLI_CONTEXT);
    encrypted = await download(officer, result.exportId);
    files = await unpack(await decryptExport(encrypted, { passphrase: PASSPHRASE }));
  });
  after(() => fx.close());

  it('stores the sealed bundle as an export artifact of the subject and reports its size and counts', async () => {
    assert.equal(encrypted.length, result.bytes);
    assert.equal(encrypted.subarray(0, 21).toString(), 'age-encryption.org/v1');
    assert.deepEqual(result.counts, { calls: 2, transcripts: 1, recordings: 1, notIncluded: 2 });
    const record = await fx.store.artifacts.get(result.exportId);
    assert.equal(record?.kind, 'export');
    assert.equal(record?.subjectRef, await fx.vault.subjects.subjectRef('acme', CALLER));
  });

  it('holds call records, the redacted transcript and the recording, and a manifest whose hashes match', () => {
    const manifest = JSON.parse(files.get('manifest.json')?.toString() ?? '{}') as Manifest;
    assert.equal(manifest.format, 'sotto-subject-export/1');
    assert.equal(manifest.empty, false);
    assert.equal(files.size, manifest.files.length + 1);
    for (const file of manifest.files) {
      const body = files.get(file.path);
      assert.ok(body, file.path);
      assert.equal(body.length, file.bytes);
      assert.equal(sha256(body).toString('hex'), file.sha256);
    }
    const dir = `calls/${seeded.callId}`;
    assert.equal(files.get(`${dir}/transcript.json`)?.toString(), REDACTED_TEXT);
    assert.deepEqual(files.get(`${dir}/recording.wav`), RECORDING);
    const call = JSON.parse(files.get(`${dir}/call.json`)?.toString() ?? '{}') as Record<string, unknown>;
    assert.equal(call.id, seeded.callId);
    assert.equal(call.subjectRef, undefined);
    assert.equal(call.unredactedTranscriptArtifactId, undefined);
  });

  it('says what it left out and why: the unredacted transcript and an artifact no call names', () => {
    const manifest = JSON.parse(files.get('manifest.json')?.toString() ?? '{}') as Manifest;
    const reasons = new Map(manifest.notIncluded.map((n) => [n.artifactId, n.reason]));
    assert.match(reasons.get(seeded.unredacted) ?? '', /unredacted/);
    assert.equal(manifest.notIncluded.length, 2);
  });

  it('holds no card number, SSN or caller number anywhere in the bundle', () => {
    const everything = Buffer.concat([...files.values()]).toString('latin1');
    for (const secret of [CARD, CARD.replaceAll(' ', ''), SSN, '5557654321']) assert.ok(!everything.includes(secret), secret);
  });

  it('audits the decision, each content read, the export (counts only) and the download, with no identifier in clear', async () => {
    const entries = (await fx.auditEntries()).slice(mark).map((e) => e.entry);
    const actions = entries.map((e) => `${e.action} ${e.resource.type} ${e.outcome}`);
    assert.deepEqual(actions, [
      'call.export subject allowed',
      'call.export call allowed',
      'call.export call allowed',
      'subject.export artifact allowed',
      'call.export artifact allowed',
    ]);
    const summary = entries[3];
    assert.equal(summary?.resource.id, result.exportId);
    assert.match(summary?.reason ?? '', /^2 call records, 1 transcripts, 1 recordings; 2 not included$/);
    const text = JSON.stringify(entries);
    for (const secret of ['5557654321', PASSPHRASE, CARD]) assert.ok(!text.includes(secret), secret);
  });

  it('does not open with a wrong passphrase', async () => {
    await assert.rejects(decryptExport(encrypted, { passphrase: 'not the passphrase at all' }));
  });

  it('sealed to an age public key, opens with its identity and nothing else', async () => {
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    const sealed = await fx.lifecycle.exportSubject(officer, { tenantId: 'acme', subjectId: CALLER, recipient: { recipient } }, CLI_CONTEXT);
    const bytes = await download(officer, sealed.exportId);
    const opened = await unpack(await decryptExport(bytes, { identity }));
    assert.equal(opened.get(`calls/${seeded.callId}/transcript.json`)?.toString(), REDACTED_TEXT);
    await assert.rejects(decryptExport(bytes, { identity: await generateIdentity() }));
    // The earlier export is held about the subject too: listed as not included, never nested.
    const manifest = JSON.parse(opened.get('manifest.json')?.toString() ?? '{}') as Manifest;
    assert.ok(manifest.notIncluded.some((n) => n.artifactId === result.exportId && n.kind === 'export'));
  });

  it('for a subject with nothing held, is an empty export whose manifest says so', async () => {
    const identity = await generateIdentity();
    const recipient = { recipient: await identityToRecipient(identity) };
    const empty = await fx.lifecycle.exportSubject(officer, { tenantId: 'acme', subjectId: '+15550000000', recipient }, CLI_CONTEXT);
    assert.equal(empty.empty, true);
    const opened = await unpack(await decryptExport(await download(officer, empty.exportId), { identity }));
    const manifest = JSON.parse(opened.get('manifest.json')?.toString() ?? '{}') as Manifest;
    assert.equal(manifest.empty, true);
    assert.match(manifest.note ?? '', /Nothing is held/);
    assert.deepEqual([...opened.keys()], ['manifest.json']);
  });

  it('is refused to a role without call.export, and to another tenant as if the subject were not there', async () => {
    const request = { tenantId: 'acme', subjectId: CALLER, recipient: { passphrase: PASSPHRASE } };
    await assert.rejects(fx.lifecycle.exportSubject(supervisor, request, CLI_CONTEXT), code('ACCESS_DENIED'));
    await assert.rejects(fx.lifecycle.exportSubject(otherOfficer, request, CLI_CONTEXT), code('NOT_FOUND'));
    await assert.rejects(download(supervisor, result.exportId), code('ACCESS_DENIED'));
  });

  it("answers another tenant's export id, a missing one and a non-export artifact alike: NOT_FOUND", async () => {
    const answers: string[] = [];
    for (const [principal, id] of [
      [otherOfficer, result.exportId],
      [officer, 'art_AAAAAAAAAAAAAAAAAAAAAA'],
      [officer, seeded.recording],
      [officer, '../etc/passwd'],
    ] as const) {
      await assert.rejects(download(principal, id), (err: unknown) => {
        assert.ok(isSottoError(err, 'NOT_FOUND'));
        answers.push(err.message);
        return true;
      });
    }
    assert.equal(new Set(answers).size, 1);
  });

  it('refuses a short passphrase or a secret key given as recipient before reading anything', async () => {
    const before = (await fx.auditEntries()).length;
    for (const recipient of [{ passphrase: 'short' }, { recipient: 'AGE-SECRET-KEY-1QQQ' }, { recipient: 'age1notarecipient' }]) {
      await assert.rejects(fx.lifecycle.exportSubject(officer, { tenantId: 'acme', subjectId: CALLER, recipient }, CLI_CONTEXT), code('EXPORT_RECIPIENT_INVALID'));
    }
    // Only the three authorization decisions are recorded: no content was read.
    const added = (await fx.auditEntries()).slice(before).map((e) => e.entry.action);
    assert.deepEqual(added, ['call.export', 'call.export', 'call.export']);
  });

  it('refuses, and records, a role without call.export before looking at the recipient', async () => {
    const before = (await fx.auditEntries()).length;
    const supervisor = { ...officer, id: 'usr_supervisor', roles: ['supervisor' as const] };
    await assert.rejects(
      fx.lifecycle.exportSubject(supervisor, { tenantId: 'acme', subjectId: CALLER, recipient: { passphrase: 'short' } }, CLI_CONTEXT),
      code('ACCESS_DENIED'),
    );
    const added = (await fx.auditEntries()).slice(before).map((e) => `${e.entry.action} ${e.entry.outcome}`);
    assert.deepEqual(added, ['call.export denied']);
  });
});

describe('an export artifact', () => {
  it('is deleted by the erasure of its subject', async () => {
    const fx = await openLifecycleFixture();
    try {
      await seedCallWithTranscripts(fx, 'acme', CALLER);
      const done = await fx.lifecycle.exportSubject(officer, { tenantId: 'acme', subjectId: CALLER, recipient: { recipient: RECIPIENT } }, CLI_CONTEXT);
      const erased = await fx.lifecycle.erase(officer, { tenantId: 'acme', subjectId: CALLER }, CLI_CONTEXT);
      assert.equal(erased.counts.export, 1);
      await assert.rejects(fx.lifecycle.readSubjectExport(officer, { tenantId: 'acme', exportId: done.exportId }, CLI_CONTEXT), code('NOT_FOUND'));
    } finally {
      await fx.close();
    }
  });

  it('is deleted by the retention sweep once its period (7 days) has passed, and not before', async () => {
    const fx = await openLifecycleFixture();
    try {
      await fx.vault.subjects.ensureTenant('acme');
      const done = await fx.lifecycle.exportSubject(officer, { tenantId: 'acme', subjectId: CALLER, recipient: { recipient: RECIPIENT } }, CLI_CONTEXT);
      fx.advanceDays(6);
      assert.equal((await fx.lifecycle.sweep()).deleted.export, 0);
      fx.advanceDays(2);
      assert.equal((await fx.lifecycle.sweep()).deleted.export, 1);
      await assert.rejects(fx.lifecycle.readSubjectExport(officer, { tenantId: 'acme', exportId: done.exportId }, CLI_CONTEXT), code('NOT_FOUND'));
    } finally {
      await fx.close();
    }
  });
});
