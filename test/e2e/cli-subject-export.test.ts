// `sotto export subject` through the real command (issue 6, GDPR Art. 15 and 20): the bundle it
// writes opens with the requester's passphrase or age identity and holds the redacted call; the
// passphrase never comes from argv, stdin carries one secret per run, and the CLI contract holds.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { FIXTURE_MASTER_SECRET, openLifecycleFixture } from '../../src/lifecycle/fixtures/lifecycle-fixture.js';
import { CARD, decryptExport, RECORDING, REDACTED_TEXT, seedCallWithTranscripts, SSN, unpack } from '../../src/lifecycle/fixtures/subject-export-helpers.js';
import { assertFailure, assertNoFileContains, assertSuccess, createSandbox, jsonLine, RUN_TIMEOUT_MS, type Sandbox, type SottoRun } from './support/sotto-process.js';

const timeout = RUN_TIMEOUT_MS * 4; // a passphrase costs scrypt (seconds by design) to seal and to open
const SUBJECT = '+15551234567';
const PASSPHRASE = 'a passphrase the requester chose';
const env = { SOTTO_MASTER_SECRET: FIXTURE_MASTER_SECRET };

interface Exported {
  exportId: string;
  bytes: number;
  empty: boolean;
  out: string;
  counts: Record<string, number>;
}

describe('when an operator exports a data subject through the CLI', () => {
  let box: Sandbox;
  let callId: string;
  let passphraseFile: string;
  const sotto = (args: string[], input?: string) => box.sotto(args, { env, ...(input === undefined ? {} : { input }) });

  before(async () => {
    box = await createSandbox();
    // Seeded in-process in the CLI's own layout: a call with a redacted and an unredacted transcript.
    const fx = await openLifecycleFixture({ dir: box.data });
    try {
      callId = (await seedCallWithTranscripts(fx, 'acme', SUBJECT)).callId;
    } finally {
      await fx.close();
    }
    passphraseFile = join(box.root, 'passphrase.txt');
    await writeFile(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 });
  });
  after(() => box.remove());

  it('with --subject - and --passphrase-file, writes a bundle that opens with the passphrase', { timeout }, async () => {
    const out = join(box.root, 'export.tar.age');
    const args = ['--data', box.data, 'export', 'subject', '--tenant', 'acme', '--subject', '-', '--passphrase-file', passphraseFile, '--out', out, '--json'];
    const result = jsonLine<Exported>(await runPatiently(box, args, `${SUBJECT}\n`));
    assert.deepEqual(result.counts, { calls: 1, transcripts: 1, recordings: 1, notIncluded: 1 });
    const sealed = await readFile(out);
    assert.equal(sealed.length, result.bytes);
    const files = await unpack(await decryptExport(sealed, { passphrase: PASSPHRASE }));
    assert.equal(files.get(`calls/${callId}/transcript.json`)?.toString(), REDACTED_TEXT);
    assert.deepEqual(files.get(`calls/${callId}/recording.wav`), RECORDING);
    const everything = Buffer.concat([...files.values()]).toString('latin1');
    for (const secret of [CARD, SSN, '5551234567']) assert.ok(!everything.includes(secret), secret);
    // Nothing under the data dir holds the subject id or the passphrase (the audit log included).
    await assertNoFileContains(box.data, ['5551234567', PASSPHRASE]);
  });

  it('with --recipient, writes a bundle that opens with that age identity', { timeout }, async () => {
    const identity = await generateIdentity();
    const out = join(box.root, 'for-key.tar.age');
    const run = await sotto(['export', 'subject', '--tenant', 'acme', '--subject', SUBJECT, '--recipient', await identityToRecipient(identity), '--out', out]);
    assertSuccess(run);
    assert.match(run.stdout.toString('utf8'), /^export art_\S+: 1 calls, 1 transcripts, 1 recordings, \d+ not included; \d+ bytes written to /);
    const files = await unpack(await decryptExport(await readFile(out), { identity }));
    assert.equal(files.get(`calls/${callId}/transcript.json`)?.toString(), REDACTED_TEXT);
  });

  it('for a subject with nothing held, writes an empty export and says so', { timeout }, async () => {
    const identity = await generateIdentity();
    const out = join(box.root, 'empty.tar.age');
    const result = jsonLine<Exported>(await sotto(['export', 'subject', '--tenant', 'acme', '--subject', '+15550000000', '--recipient', await identityToRecipient(identity), '--out', out, '--json']));
    assert.equal(result.empty, true);
    const files = await unpack(await decryptExport(await readFile(out), { identity }));
    assert.deepEqual([...files.keys()], ['manifest.json']);
  });

  it('refuses both the subject and the passphrase on stdin, both or neither of passphrase and recipient, and a passphrase on argv (exit 2)', { timeout }, async () => {
    const out = join(box.root, 'never.tar.age');
    const base = ['export', 'subject', '--tenant', 'acme', '--out', out];
    assert.match(assertFailure(await sotto([...base, '--subject', '-', '--passphrase-file', '-'], `${SUBJECT}\n${PASSPHRASE}\n`), 2), /^sotto: USAGE: stdin can carry/);
    assert.match(assertFailure(await sotto([...base, '--subject', SUBJECT]), 2), /^sotto: USAGE: give exactly one/);
    assert.match(assertFailure(await sotto([...base, '--subject', SUBJECT, '--passphrase-file', passphraseFile, '--recipient', 'age1x']), 2), /^sotto: USAGE: give exactly one/);
    assertFailure(await sotto([...base, '--subject', SUBJECT, '--passphrase', PASSPHRASE]), 2);
  });

  it('refuses a short passphrase and a missing tenant with one line (exit 1), writing nothing', { timeout }, async () => {
    const out = join(box.root, 'never.tar.age');
    const short = join(box.root, 'short.txt');
    await writeFile(short, 'too short\n');
    assert.match(assertFailure(await sotto(['export', 'subject', '--tenant', 'acme', '--subject', SUBJECT, '--passphrase-file', short, '--out', out]), 1), /^sotto: EXPORT_RECIPIENT_INVALID: /);
    assert.match(
      assertFailure(await sotto(['export', 'subject', '--tenant', 'nobody', '--subject', SUBJECT, '--passphrase-file', '-', '--out', out], `${PASSPHRASE}\n`), 1),
      /^sotto: NOT_FOUND: /,
    );
    await assert.rejects(readFile(out));
  });
});

/**
 * `box.run` with more time: sealing to a passphrase runs scrypt at age's work factor (2^18,
 * 256 MiB), which on a loaded 2-core machine alone can take longer than the usual run timeout.
 */
async function runPatiently(box: Sandbox, args: readonly string[], input: string): Promise<SottoRun> {
  const child = box.spawn(args, { env });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.end(input);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
  try {
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    return { code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') };
  } finally {
    clearTimeout(timer);
  }
}
