import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../../errors/index.js';
import { openSignedNote, signNote } from './note.js';
import { generateNoteKeys, parseSignerKey, parseVerifierKey } from './note-keys.js';

// The signed note from the Go reference implementation's tests and docs
// (golang.org/x/mod/sumdb/note, note_test.go TestSign and TestOpen).
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const peter = parseVerifierKey(PETER_VKEY);
const enoch = parseVerifierKey(ENOCH_VKEY);
const isCheckpointInvalid = (e: unknown): boolean => isSottoError(e, 'AUDIT_CHECKPOINT_INVALID');

describe('signed notes: the Go reference known answer', () => {
  it('verifies the published PeterNeumann note', () => {
    const opened = openSignedNote(`${TEXT}\n${PETER_SIG}`, [peter]);
    assert.equal(opened.body, TEXT);
    assert.deepEqual(opened.verifiedBy, ['PeterNeumann+c74f20a3']);
  });

  it('signs the text into exactly the published note (Ed25519 is deterministic)', () => {
    assert.equal(signNote(TEXT, parseSignerKey(PETER_SKEY)), `${TEXT}\n${PETER_SIG}`);
  });

  it('verifies the same note given as UTF-8 bytes', () => {
    assert.equal(openSignedNote(Buffer.from(`${TEXT}\n${PETER_SIG}`, 'utf8'), [peter]).body, TEXT);
  });

  it('ignores a signature from a key it does not know and reports every trusted key that signed', () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    assert.deepEqual(openSignedNote(note, [peter]).verifiedBy, ['PeterNeumann+c74f20a3']);
    assert.deepEqual(openSignedNote(note, [peter, enoch]).verifiedBy, ['PeterNeumann+c74f20a3', 'EnochRoot+af0cfe78']);
    assert.deepEqual(openSignedNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}`, [peter]).verifiedBy, ['PeterNeumann+c74f20a3']);
  });
});

describe('when no trusted key signed the note', () => {
  it('throws AUDIT_CHECKPOINT_INVALID, also for a key sharing only the name or only the key ID', () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    assert.throws(() => openSignedNote(note, []), isCheckpointInvalid);
    const sameName = { ...enoch, name: 'PeterNeumann' };
    const sameId = { ...enoch, keyId: peter.keyId };
    assert.throws(() => openSignedNote(`${TEXT}\n${PETER_SIG}`, [sameName, sameId]), isCheckpointInvalid);
  });
});

describe('when a trusted key’s signature does not verify', () => {
  it('throws AUDIT_CHECKPOINT_INVALID for an edited text or signature, even beside a valid signature', () => {
    const edited = `${TEXT.replace('cryptography', 'cryptographY')}\n${PETER_SIG}`;
    assert.throws(() => openSignedNote(edited, [peter]), /invalid signature for key PeterNeumann\+c74f20a3/);
    const corrupt = `${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    assert.throws(() => openSignedNote(`${TEXT}\n${corrupt}`, [peter]), isCheckpointInvalid);
    assert.throws(() => openSignedNote(`${TEXT}\n${PETER_SIG}${corrupt}`, [peter]), isCheckpointInvalid);
    const other = parseSignerKey(generateNoteKeys('PeterNeumann').signerKey);
    const forged = signNote(TEXT, { ...other, keyId: peter.keyId });
    assert.throws(() => openSignedNote(forged, [peter]), isCheckpointInvalid);
  });
});

describe('when the note is malformed (the Go reference cases and more)', () => {
  it('throws AUDIT_CHECKPOINT_INVALID', () => {
    const bad: Array<string | Buffer> = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\x01${TEXT}\n${PETER_SIG}`,
      Buffer.concat([Buffer.from([0xff]), Buffer.from(`${TEXT}\n${PETER_SIG}`)]),
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.repeat(101)}`,
      `${TEXT}\n- PeterNeumann ${PETER_SIG.split(' ')[2] ?? ''}`,
      `${TEXT}\n—  PeterNeumann x08g\n`,
      `${TEXT}\n— PeterNeumann\n`,
      `${TEXT}\n— PeterNeumann AAAA\n`,
      `${TEXT}\n${PETER_SIG.replace('=\n', '\n')}`,
      `${TEXT}\n${PETER_SIG.replace('x08go/', 'x08go_')}`,
      `${TEXT.replace('\n', '\r\n')}\n${PETER_SIG}`,
      `${TEXT}\ud800\n${PETER_SIG}`,
      `${TEXT}\n\n`,
    ];
    for (const note of bad) assert.throws(() => openSignedNote(note, [peter]), isCheckpointInvalid, JSON.stringify(String(note)));
    assert.throws(() => openSignedNote(42 as unknown as string, [peter]), isCheckpointInvalid);
    assert.throws(() => openSignedNote('x'.repeat(1024 * 1024 + 1), [peter]), isCheckpointInvalid);
  });
});

describe('when two trusted keys share a name and key ID', () => {
  it('throws AUDIT_KEY_INVALID rather than pick one', () => {
    const impostor = { ...peter, publicKey: enoch.publicKey };
    assert.throws(() => openSignedNote(`${TEXT}\n${PETER_SIG}`, [peter, impostor]), (e: unknown) => isSottoError(e, 'AUDIT_KEY_INVALID'));
    assert.equal(openSignedNote(`${TEXT}\n${PETER_SIG}`, [peter, { ...peter }]).body, TEXT);
  });
});

describe('signNote', () => {
  it('refuses text without a final newline or with control characters', () => {
    const signer = parseSignerKey(PETER_SKEY);
    for (const text of ['no newline', 'tab\there\n', 'nul\u0000\n']) assert.throws(() => signNote(text, signer), isCheckpointInvalid);
  });

  it('keeps blank lines inside the text: the last blank line separates the signatures', () => {
    const signer = parseSignerKey(PETER_SKEY);
    const text = 'first\n\n— looks like a signature line\n';
    assert.equal(openSignedNote(signNote(text, signer), [peter]).body, text);
  });
});
