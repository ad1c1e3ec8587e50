import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256 } from '../../crypto/index.js';
import { isSottoError } from '../../errors/index.js';
import { checkpointBody, parseCheckpointBody, signCheckpoint, verifyCheckpoint, type Checkpoint } from './checkpoint.js';
import { signNote } from './note.js';
import { generateNoteKeys, parseSignerKey } from './note-keys.js';

const ORIGIN = 'sotto.example/audit';
const keys = generateNoteKeys(ORIGIN);
const signer = parseSignerKey(keys.signerKey);
const root = sha256(Buffer.from('root'));
const checkpoint: Checkpoint = { origin: ORIGIN, size: 20852163, rootHash: root };
const isCheckpointInvalid = (e: unknown): boolean => isSottoError(e, 'AUDIT_CHECKPOINT_INVALID');

describe('checkpointBody', () => {
  it('writes origin, decimal size and base64 root hash, one per line', () => {
    assert.equal(checkpointBody(checkpoint), `${ORIGIN}\n20852163\n${root.toString('base64')}\n`);
    assert.equal(checkpointBody({ ...checkpoint, size: 0 }).split('\n')[1], '0');
  });

  it('refuses a checkpoint it could not write faithfully', () => {
    for (const c of [
      { ...checkpoint, origin: '' },
      { ...checkpoint, origin: 'two\nlines' },
      { ...checkpoint, size: -1 },
      { ...checkpoint, size: 1.5 },
      { ...checkpoint, size: 2 ** 53 },
      { ...checkpoint, rootHash: root.subarray(1) },
    ]) {
      assert.throws(() => checkpointBody(c), isCheckpointInvalid);
    }
  });
});

describe('parseCheckpointBody', () => {
  const b64 = root.toString('base64');

  it('reads what checkpointBody wrote, up to the largest exact size', () => {
    assert.deepEqual(parseCheckpointBody(checkpointBody(checkpoint)), checkpoint);
    assert.equal(parseCheckpointBody(`${ORIGIN}\n9007199254740991\n${b64}\n`).size, Number.MAX_SAFE_INTEGER);
    assert.equal(parseCheckpointBody(`${ORIGIN}\n0\n${b64}\n`).size, 0);
  });

  describe('when the text deviates from C2SP tlog-checkpoint in any way', () => {
    it('throws AUDIT_CHECKPOINT_INVALID', () => {
      const bad = [
        `${ORIGIN}\n01\n${b64}\n`,
        `${ORIGIN}\n00\n${b64}\n`,
        `${ORIGIN}\n-1\n${b64}\n`,
        `${ORIGIN}\n+1\n${b64}\n`,
        `${ORIGIN}\n 1\n${b64}\n`,
        `${ORIGIN}\n1.0\n${b64}\n`,
        `${ORIGIN}\n1e3\n${b64}\n`,
        `${ORIGIN}\n0x10\n${b64}\n`,
        `${ORIGIN}\n9007199254740992\n${b64}\n`,
        `${ORIGIN}\n12345678901234567890\n${b64}\n`,
        `${ORIGIN}\n\n${b64}\n`,
        `${ORIGIN}\n5\n${root.subarray(1).toString('base64')}\n`,
        `${ORIGIN}\n5\n${Buffer.concat([root, Buffer.alloc(1)]).toString('base64')}\n`,
        `${ORIGIN}\n5\n${b64.replace(/=$/, '')}\n`,
        `${ORIGIN}\n5\n${b64.slice(0, -2)}B=\n`, // stray low bits: not the canonical spelling
        `${ORIGIN}\n5\n${b64.replace(/\+|\//g, '-')}A\n`,
        `${ORIGIN}\n5\n${b64}`,
        `${ORIGIN}\n5\n${b64}\nextension line\n`,
        `${ORIGIN}\n5\n${b64}\n\n`,
        `${ORIGIN}\n5\n`,
        `\n5\n${b64}\n`,
        `${ORIGIN}\r\n5\r\n${b64}\r\n`,
        '',
      ];
      for (const text of bad) assert.throws(() => parseCheckpointBody(text), isCheckpointInvalid, JSON.stringify(text));
    });
  });
});

describe('signCheckpoint and verifyCheckpoint', () => {
  it('round-trip through a signed note that verifies with the log’s key', () => {
    const note = signCheckpoint(checkpoint, signer);
    assert.ok(note.startsWith(checkpointBody(checkpoint) + '\n— sotto.example/audit '));
    assert.deepEqual(verifyCheckpoint(note, keys.verifierKey), checkpoint);
  });

  it('accepts extra cosignatures from keys it does not know (witnesses, rotation)', () => {
    const note = signCheckpoint(checkpoint, signer);
    const witness = parseSignerKey(generateNoteKeys('witness.example').signerKey);
    const cosigned = note + signNote(checkpointBody(checkpoint), witness).split('\n\n')[1];
    assert.deepEqual(verifyCheckpoint(cosigned, keys.verifierKey), checkpoint);
  });

  describe('when the checkpoint was edited after signing', () => {
    it('throws AUDIT_CHECKPOINT_INVALID for a changed size, root or origin', () => {
      const note = signCheckpoint(checkpoint, signer);
      const edits = [
        note.replace('\n20852163\n', '\n20852164\n'),
        note.replace(root.toString('base64'), sha256(Buffer.from('other')).toString('base64')),
        note.replace(ORIGIN, 'sotto.example/other'),
      ];
      for (const edited of edits) {
        assert.notEqual(edited, note);
        assert.throws(() => verifyCheckpoint(edited, keys.verifierKey), isCheckpointInvalid);
      }
    });
  });

  describe('when the checkpoint is signed by another key', () => {
    it('throws AUDIT_CHECKPOINT_INVALID', () => {
      const other = generateNoteKeys(ORIGIN);
      assert.throws(() => verifyCheckpoint(signCheckpoint(checkpoint, parseSignerKey(other.signerKey)), keys.verifierKey), isCheckpointInvalid);
    });
  });

  describe('when the origin is not the name of the key that signed it', () => {
    it('refuses to sign it, and throws AUDIT_CHECKPOINT_INVALID on verification', () => {
      const foreign = { ...checkpoint, origin: 'another.example/log' };
      assert.throws(() => signCheckpoint(foreign, signer), (e: unknown) => isSottoError(e, 'AUDIT_KEY_INVALID'));
      assert.throws(() => verifyCheckpoint(signNote(checkpointBody(foreign), signer), keys.verifierKey), isCheckpointInvalid);
    });
  });

  it('throws AUDIT_KEY_INVALID for a malformed verifier key', () => {
    const note = signCheckpoint(checkpoint, signer);
    assert.throws(() => verifyCheckpoint(note, keys.verifierKey.slice(0, -4)), (e: unknown) => isSottoError(e, 'AUDIT_KEY_INVALID'));
  });
});
