// The console's in-browser audit checks (web/src/views/audit-verify.ts, WebCrypto only) against
// the project's own RFC 9162 vectors and its Node implementation (src/audit): every vector
// verifies, every tampered variant throws, and checkpoints signed by src/audit open only with
// the right key. Sizes shifted by one must get the same answer from both implementations. Node's WebCrypto stands in for the browser's (same API, Ed25519 and SHA-256).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generateNoteKeys, parseSignerKey, signCheckpoint, signNote } from '../../../src/audit/checkpoint/index.js';
import { verifyConsistency as verifyNode } from '../../../src/audit/merkle/index.js';
import { consistencyProofFile } from '../../../src/audit/proof-file/index.js';
import { AuditCheckError, parseVerifierKey, verifyCheckpointNote, verifyConsistency, verifyConsistencyFile } from '../../../web/src/views/audit-verify.js';

interface Vectors {
  emptyRoot: string;
  trees: { size: number; root: string; consistency: { oldSize: number; oldRoot: string; proof: string[] }[] }[];
}
const vectors = JSON.parse(readFileSync(new URL('../../../src/audit/merkle/fixtures/proof-vectors.json', import.meta.url), 'utf8')) as Vectors;
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const flip = (h: Uint8Array, bit = 1): Uint8Array => h.map((x, i) => (i === 0 ? x ^ bit : x));
const rejects = (p: Promise<unknown>): Promise<void> => assert.rejects(p, AuditCheckError);

describe('when the browser checks a consistency proof (RFC 9162 §2.1.4.2)', () => {
  it('accepts every consistency vector of the project’s reference trees', async () => {
    let checked = 0;
    for (const tree of vectors.trees) {
      for (const c of tree.consistency) {
        await verifyConsistency(c.oldSize, tree.size, b64(c.oldRoot), b64(tree.root), c.proof.map(b64));
        checked++;
      }
    }
    assert.ok(checked > 50, `only ${checked} vectors`);
  });

  it('rejects each vector with a hash flipped, dropped or added, or a wrong root', async () => {
    for (const tree of vectors.trees) {
      for (const c of tree.consistency.filter((x) => x.oldSize < tree.size)) {
        const proof = c.proof.map(b64);
        const root = b64(tree.root);
        const old = b64(c.oldRoot);
        for (let i = 0; i < proof.length; i++) {
          await rejects(verifyConsistency(c.oldSize, tree.size, old, root, proof.map((h, j) => (j === i ? flip(h) : h))));
          await rejects(verifyConsistency(c.oldSize, tree.size, old, root, proof.filter((_, j) => j !== i)));
        }
        await rejects(verifyConsistency(c.oldSize, tree.size, old, root, [...proof, root]));
        await rejects(verifyConsistency(c.oldSize, tree.size, flip(old), root, proof));
        await rejects(verifyConsistency(c.oldSize, tree.size, old, flip(root), proof));
      }
    }
  });

  it('agrees with src/audit on every vector with its sizes shifted by one (some shifts still verify)', async () => {
    const accepts = async (check: () => unknown): Promise<boolean> => {
      try {
        await check();
        return true;
      } catch {
        return false;
      }
    };
    for (const tree of vectors.trees) {
      for (const c of tree.consistency) {
        const proof = c.proof.map(b64);
        for (const [o, n] of [[1, 0], [0, 1], [1, 1], [-1, 0], [0, -1]] as const) {
          const args = [c.oldSize + o, tree.size + n, b64(c.oldRoot), b64(tree.root), proof] as const;
          const browser = await accepts(() => verifyConsistency(...args));
          const node = await accepts(() => verifyNode(...args));
          assert.equal(browser, node, `old ${args[0]}, new ${args[1]}`);
        }
      }
    }
  });

  it('rejects a shrinking log and equal sizes with different roots', async () => {
    const tree = vectors.trees[5];
    assert.ok(tree);
    await rejects(verifyConsistency(tree.size, tree.size - 1, b64(tree.root), b64(tree.root), []));
    await rejects(verifyConsistency(tree.size, tree.size, b64(tree.root), flip(b64(tree.root)), []));
    await verifyConsistency(0, tree.size, b64(vectors.emptyRoot), b64(tree.root), []);
  });
});

describe('when the browser opens a signed checkpoint', () => {
  const keys = generateNoteKeys('sotto.test/audit');
  const signer = parseSignerKey(keys.signerKey);
  const tree = vectors.trees[7];
  assert.ok(tree);
  const note = signCheckpoint({ origin: 'sotto.test/audit', size: tree.size, rootHash: Buffer.from(tree.root, 'base64') }, signer);

  it('verifies src/audit’s Ed25519 signature and reads origin, size and root', async () => {
    const key = await parseVerifierKey(keys.verifierKey);
    const opened = await verifyCheckpointNote(note, key);
    assert.equal(opened.size, tree.size);
    assert.equal(Buffer.from(opened.rootHash).toString('base64'), tree.root);
    assert.equal(opened.signedBy, keys.verifierKey.split('+').slice(0, 2).join('+'));
  });

  it('skips a cosignature by another key but rejects an edited body or another log’s key', async () => {
    const key = await parseVerifierKey(keys.verifierKey);
    const other = generateNoteKeys('witness.example');
    const cosigned = signNote(note.slice(0, note.lastIndexOf('\n\n') + 1), parseSignerKey(other.signerKey));
    const both = `${note}${cosigned.slice(cosigned.lastIndexOf('\n\n') + 2)}`;
    assert.equal((await verifyCheckpointNote(both, key)).size, tree.size);
    await rejects(verifyCheckpointNote(note.replace(`\n${tree.size}\n`, `\n${tree.size + 1}\n`), key));
    await rejects(verifyCheckpointNote(note, await parseVerifierKey(other.verifierKey)));
    await rejects(parseVerifierKey(keys.verifierKey.replace(/\+([0-9a-f]{8})\+/, '+00000000+')));
  });

  it('verifies a consistency proof file src/audit writes, and not one with a forged old checkpoint', async () => {
    const key = await parseVerifierKey(keys.verifierKey);
    const newer = vectors.trees[9];
    assert.ok(newer);
    const c = newer.consistency.find((x) => x.oldSize === tree.size);
    assert.ok(c);
    const newNote = signCheckpoint({ origin: 'sotto.test/audit', size: newer.size, rootHash: Buffer.from(newer.root, 'base64') }, signer);
    const file = consistencyProofFile({ oldCheckpoint: note, newCheckpoint: newNote, proof: c.proof.map((h) => Buffer.from(h, 'base64')) });
    const checked = await verifyConsistencyFile(JSON.parse(JSON.stringify(file)), key);
    assert.deepEqual([checked.older.size, checked.newer.size], [tree.size, newer.size]);
    const forged = signCheckpoint({ origin: 'sotto.test/audit', size: tree.size, rootHash: Buffer.from(flip(b64(tree.root))) }, signer);
    await rejects(verifyConsistencyFile({ ...file, old: forged }, key));
    await rejects(verifyConsistencyFile({ ...file, proof: ['not base64!'] }, key));
  });
});
