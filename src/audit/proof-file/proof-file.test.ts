import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError, type ErrorCode } from '../../errors/index.js';
import { generateNoteKeys, parseSignerKey, signCheckpoint } from '../checkpoint/index.js';
import { encodeAuditEntry } from '../entry-codec.js';
import type { AuditEntry } from '../entry.js';
import { consistencyProof, inclusionProof, leafHash, memorySubtreeHasher, rootOfLeafHashes } from '../merkle/index.js';
import { consistencyProofFile, inclusionProofFile, readProofFile, verifyProofFile } from './proof-file.js';

const ORIGIN = 'sotto.example/audit';
const keys = generateNoteKeys(ORIGIN);
const signer = parseSignerKey(keys.signerKey);

const entryAt = (i: number, action = 'transcript.view'): AuditEntry => ({
  v: 1,
  at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
  principal: { id: `usr_${i % 3}`, kind: 'user', tenantId: 'ten_1', roles: ['analyst'] },
  action,
  resource: { type: 'transcript', id: `art_${i}`, tenantId: 'ten_1' },
  outcome: i % 5 === 0 ? 'denied' : 'allowed',
  reason: 'policy:analyst',
  requestId: `req_${i}`,
  source: null,
});

/** A log of `size` entries; `fork` replaces entry 10 onwards, as a log showing a split view would. */
function log(size: number, fork = false) {
  const bytes = Array.from({ length: size }, (_, i) => encodeAuditEntry(entryAt(i, fork && i >= 10 ? 'call.delete' : 'transcript.view')));
  const leaves = bytes.map((b) => leafHash(b));
  const checkpoint = (n: number): string => signCheckpoint({ origin: ORIGIN, size: n, rootHash: rootOfLeafHashes(leaves.slice(0, n)) }, signer);
  return { bytes, leaves, hasher: memorySubtreeHasher(leaves), checkpoint };
}
const honest = log(37);

async function inclusionFile(index: number, size = 37) {
  return inclusionProofFile({
    entry: honest.bytes[index] as Buffer,
    index,
    checkpoint: honest.checkpoint(size),
    proof: await inclusionProof(index, size, honest.hasher),
  });
}
async function consistencyFile(oldSize: number, newSize: number) {
  return consistencyProofFile({
    oldCheckpoint: honest.checkpoint(oldSize),
    newCheckpoint: honest.checkpoint(newSize),
    proof: await consistencyProof(oldSize, newSize, honest.hasher),
  });
}
const throwsCode = (code: ErrorCode) => (e: unknown) => isSottoError(e, code);

describe('inclusion proof files', () => {
  it('verify offline with only the verifier key, also after a round trip through JSON text', async () => {
    const file = await inclusionFile(5);
    const result = verifyProofFile(readProofFile(JSON.stringify(file, null, 2)), keys.verifierKey);
    assert.deepEqual(result, { kind: 'inclusion', origin: ORIGIN, size: 37, index: 5, entry: entryAt(5) });
    for (const index of [0, 1, 31, 32, 36]) assert.equal(verifyProofFile(await inclusionFile(index), keys.verifierKey).kind, 'inclusion');
    assert.equal(verifyProofFile(await inclusionFile(0, 1), keys.verifierKey).kind, 'inclusion');
  });

  describe('when a proof hash is truncated, garbage or not canonical base64', () => {
    it('throws AUDIT_PROOF_INVALID naming the hash', async () => {
      const file = await inclusionFile(5);
      const good = file.proof[1] as string;
      const spellings = ['', 'AAAA', good.slice(0, -4), good.slice(0, -1), `${good.slice(0, -1)}`, good.replace('=', ''), `${good}AAAA`,
        '!!!!'.repeat(11), ` ${good.slice(1)}`, good.replace(/[+/]/g, '-').replace(/=$/, 'A'), `${good.slice(0, -2)}B=`];
      for (const bad of spellings) {
        if (bad === good) continue;
        const tampered = { ...file, proof: file.proof.map((h, i) => (i === 1 ? bad : h)) };
        assert.throws(() => verifyProofFile(tampered, keys.verifierKey), (e: unknown) => isSottoError(e, 'AUDIT_PROOF_INVALID') && /proof\[1\]|proof\.1/.test((e as Error).message), bad);
      }
    });
  });

  describe('when the proof, index or entry does not match the signed checkpoint', () => {
    it('throws AUDIT_PROOF_INVALID', async () => {
      const file = await inclusionFile(12);
      const flipped = Buffer.from(file.proof[0] as string, 'base64');
      flipped[0] = (flipped[0] as number) ^ 1;
      const variants = [
        { ...file, proof: [flipped.toString('base64'), ...file.proof.slice(1)] },
        { ...file, proof: file.proof.slice(1) },
        { ...file, proof: [...file.proof, file.proof[0] as string] },
        { ...file, proof: [...file.proof].reverse() },
        { ...file, index: 11 },
        { ...file, index: 13 },
        { ...file, index: 37 },
        { ...file, entry: (honest.bytes[13] as Buffer).toString('base64') },
        { ...file, entry: encodeAuditEntry({ ...entryAt(12), outcome: 'denied' }).toString('base64') },
      ];
      for (const v of variants) assert.throws(() => verifyProofFile(v, keys.verifierKey), throwsCode('AUDIT_PROOF_INVALID'), JSON.stringify(v).slice(0, 80));
    });
  });

  describe('when the checkpoint was edited or signed by another key', () => {
    it('throws AUDIT_CHECKPOINT_INVALID', async () => {
      const file = await inclusionFile(5);
      const other = parseSignerKey(generateNoteKeys(ORIGIN).signerKey);
      const forged = signCheckpoint({ origin: ORIGIN, size: 37, rootHash: rootOfLeafHashes(honest.leaves) }, other);
      for (const checkpoint of [file.checkpoint.replace('\n37\n', '\n38\n'), forged, 'not a note']) {
        assert.throws(() => verifyProofFile({ ...file, checkpoint }, keys.verifierKey), throwsCode('AUDIT_CHECKPOINT_INVALID'));
      }
    });
  });

  describe('when the entry bytes are not a canonical audit entry', () => {
    it('throws AUDIT_ENTRY_INVALID or, for bad base64, AUDIT_PROOF_INVALID', async () => {
      const file = await inclusionFile(5);
      const pretty = Buffer.from(JSON.stringify(entryAt(5), null, 1)).toString('base64');
      assert.throws(() => verifyProofFile({ ...file, entry: pretty }, keys.verifierKey), throwsCode('AUDIT_ENTRY_INVALID'));
      assert.throws(() => verifyProofFile({ ...file, entry: `${file.entry}=` }, keys.verifierKey), throwsCode('AUDIT_PROOF_INVALID'));
    });
  });
});

describe('consistency proof files', () => {
  it('verify between any two checkpoints of the same log', async () => {
    assert.deepEqual(verifyProofFile(await consistencyFile(20, 37), keys.verifierKey), { kind: 'consistency', origin: ORIGIN, size: 37, oldSize: 20 });
    for (const [m, n] of [[1, 37], [32, 37], [36, 37], [37, 37], [0, 37]]) {
      assert.equal(verifyProofFile(await consistencyFile(m as number, n as number), keys.verifierKey).kind, 'consistency');
    }
  });

  describe('when the two checkpoints come from diverging histories under one key (a split view)', () => {
    it('throws AUDIT_PROOF_INVALID', async () => {
      const forked = log(37, true);
      const honestProof = await consistencyProof(20, 37, honest.hasher);
      const forkedProof = await consistencyProof(20, 37, forked.hasher);
      for (const proof of [honestProof, forkedProof]) {
        const file = consistencyProofFile({ oldCheckpoint: honest.checkpoint(20), newCheckpoint: forked.checkpoint(37), proof });
        assert.throws(() => verifyProofFile(file, keys.verifierKey), throwsCode('AUDIT_PROOF_INVALID'));
      }
    });
  });

  describe('when the checkpoints are swapped, or the proof is tampered with', () => {
    it('throws AUDIT_PROOF_INVALID', async () => {
      const file = await consistencyFile(20, 37);
      for (const v of [
        { ...file, old: file.new, new: file.old },
        { ...file, proof: file.proof.slice(0, -1) },
        { ...file, proof: [...file.proof, file.proof[0] as string] },
        { ...file, proof: [] },
        { ...file, old: honest.checkpoint(21) },
      ]) {
        assert.throws(() => verifyProofFile(v, keys.verifierKey), throwsCode('AUDIT_PROOF_INVALID'));
      }
    });
  });
});

describe('when the file is not a sotto-audit-proof-v1 document', () => {
  it('throws AUDIT_PROOF_INVALID for wrong shapes, types, extra fields and non-JSON', async () => {
    const file = await inclusionFile(5);
    const { proof: _p, ...noProof } = file;
    const shapes: unknown[] = [
      null, 42, 'text', [], {},
      noProof,
      { ...file, format: 'sotto-audit-proof-v2' },
      { ...file, kind: 'exclusion' },
      { ...file, kind: 'consistency' },
      { ...file, index: '5' },
      { ...file, index: -1 },
      { ...file, index: 5.5 },
      { ...file, index: 2 ** 53 },
      { ...file, proof: 'AAAA' },
      { ...file, proof: [42] },
      { ...file, proof: Array.from({ length: 129 }, () => file.proof[0]) },
      { ...file, extra: true },
      JSON.parse(JSON.stringify(file).replace('{', '{"__proto__":{"polluted":true},')) as unknown,
    ];
    for (const shape of shapes) assert.throws(() => verifyProofFile(shape, keys.verifierKey), throwsCode('AUDIT_PROOF_INVALID'), JSON.stringify(shape)?.slice(0, 60));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    for (const text of ['', '{', Buffer.from([0xff]), ' '.repeat(5 * 1024 * 1024)]) {
      assert.throws(() => readProofFile(text), throwsCode('AUDIT_PROOF_INVALID'));
    }
  });

  it('throws AUDIT_KEY_INVALID for a malformed verifier key', async () => {
    const file = await inclusionFile(5);
    assert.throws(() => verifyProofFile(file, 'not a key'), throwsCode('AUDIT_KEY_INVALID'));
  });
});
