import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isSottoError } from '../../errors/index.js';
import { buildProofVectors, vectorLeaves, type ProofVectors } from './fixtures/rfc9162-reference.js';
import { emptyRoot, largestPowerOfTwoBelow, leafHash, nodeHash, rootOfLeafHashes } from './hash.js';
import { memorySubtreeHasher } from './memory-subtree-hasher.js';
import { consistencyProof, consistencyProofRanges, inclusionProof, inclusionProofRanges, verifyConsistency, verifyInclusion } from './proofs.js';
import type { SubtreeHasher } from './proofs.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const vectors = fixture('proof-vectors.json') as ProofVectors;
const b64 = (s: string): Buffer => Buffer.from(s, 'base64');
const hex = (s: string): Buffer => Buffer.from(s, 'hex');

const isProofInvalid = (e: unknown): boolean => isSottoError(e, 'AUDIT_PROOF_INVALID');
const isRangeInvalid = (e: unknown): boolean => isSottoError(e, 'AUDIT_PROOF_RANGE_INVALID');

// Leaves and roots of every prefix of the largest vector tree, for "size off by one" cases.
const allLeaves = vectorLeaves(1001);
const rootCache = new Map<number, Buffer>();
function rootOf(size: number): Buffer {
  let root = rootCache.get(size);
  if (!root) rootCache.set(size, (root = rootOfLeafHashes(allLeaves.slice(0, size))));
  return root;
}

/** Variants of a proof that must never verify: one hash flipped, dropped, added, or two swapped. */
function tamperedProofs(proof: readonly Buffer[]): Array<[string, Buffer[]]> {
  const out: Array<[string, Buffer[]]> = [];
  proof.forEach((h, i) => {
    const flipped = Buffer.from(h);
    flipped[i % flipped.length] = (flipped[i % flipped.length] as number) ^ 0x01;
    out.push([`hash ${i} flipped`, proof.map((x, j) => (j === i ? flipped : x))]);
    out.push([`hash ${i} dropped`, proof.filter((_, j) => j !== i)]);
    if (i + 1 < proof.length && !h.equals(proof[i + 1] as Buffer)) {
      const swapped = [...proof];
      [swapped[i], swapped[i + 1]] = [proof[i + 1] as Buffer, h];
      out.push([`hashes ${i} and ${i + 1} swapped`, swapped]);
    }
  });
  for (let i = 0; i <= proof.length; i++) {
    out.push([`hash added at ${i}`, [...proof.slice(0, i), leafHash(Buffer.from('intruder')), ...proof.slice(i)]]);
  }
  if (proof.length > 0) out.push(['last hash repeated', [...proof, proof[proof.length - 1] as Buffer]]);
  return out;
}

describe('RFC 9162 proof vectors (fixtures/proof-vectors.json)', () => {
  it('are exactly what the naive recursive transcription of the RFC produces', () => {
    assert.deepEqual(buildProofVectors(), vectors);
  });

  it('record the well-known empty-tree root, and emptyRoot() agrees', () => {
    assert.equal(b64(vectors.emptyRoot).toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.deepEqual(emptyRoot(), b64(vectors.emptyRoot));
  });

  it('match what proofs.ts generates and what the frontier-free root computes', async () => {
    for (const tree of vectors.trees) {
      const hasher = memorySubtreeHasher(allLeaves.slice(0, tree.size));
      assert.deepEqual(rootOf(tree.size), b64(tree.root), `root of ${tree.size}`);
      for (const v of tree.inclusion) {
        assert.deepEqual(await inclusionProof(v.index, tree.size, hasher), v.proof.map(b64), `inclusion ${v.index}/${tree.size}`);
      }
      for (const v of tree.consistency) {
        assert.deepEqual(await consistencyProof(v.oldSize, tree.size, hasher), v.proof.map(b64), `consistency ${v.oldSize}→${tree.size}`);
      }
    }
  });

  it('all verify', () => {
    for (const tree of vectors.trees) {
      for (const v of tree.inclusion) {
        verifyInclusion(allLeaves[v.index] as Buffer, v.index, tree.size, v.proof.map(b64), b64(tree.root));
      }
      for (const v of tree.consistency) verifyConsistency(v.oldSize, tree.size, b64(v.oldRoot), b64(tree.root), v.proof.map(b64));
    }
  });
});

describe('Certificate Transparency reference vectors (fixtures/ct-reference-vectors.json)', () => {
  const ct = fixture('ct-reference-vectors.json') as {
    emptyRoot: string;
    leaves: string[];
    roots: string[];
    consistency: Array<{ oldSize: number; newSize: number; proof: string[] }>;
    largeInclusion: { leafHash: string; index: number; size: number; root: string; proof: string[] };
  };
  const leaves = ct.leaves.map((l) => leafHash(hex(l)));

  it('gives the published root for every size from 0 to 8', () => {
    assert.equal(emptyRoot().toString('hex'), ct.emptyRoot);
    ct.roots.forEach((root, i) => assert.equal(rootOfLeafHashes(leaves.slice(0, i + 1)).toString('hex'), root, `size ${i + 1}`));
  });

  it('generates and accepts the published consistency proofs', async () => {
    for (const v of ct.consistency) {
      assert.deepEqual(await consistencyProof(v.oldSize, v.newSize, memorySubtreeHasher(leaves.slice(0, v.newSize))), v.proof.map(hex));
      verifyConsistency(v.oldSize, v.newSize, hex(ct.roots[v.oldSize - 1] as string), hex(ct.roots[v.newSize - 1] as string), v.proof.map(hex));
    }
  });

  it('accepts a real CT log inclusion proof deep in a tree of 3.6 million entries, and rejects it one index off', () => {
    const v = ct.largeInclusion;
    verifyInclusion(hex(v.leafHash), v.index, v.size, v.proof.map(hex), hex(v.root));
    assert.throws(() => verifyInclusion(hex(v.leafHash), v.index + 1, v.size, v.proof.map(hex), hex(v.root)), isProofInvalid);
    assert.deepEqual(inclusionProofRanges(v.index, v.size).length, v.proof.length);
  });
});

describe('when an inclusion proof is tampered with', () => {
  it('throws AUDIT_PROOF_INVALID for every flipped, dropped, added or swapped hash, index ±1, size ±1, wrong leaf or wrong root', () => {
    let cases = 0;
    for (const tree of vectors.trees) {
      const root = b64(tree.root);
      for (const v of tree.inclusion) {
        const proof = v.proof.map(b64);
        const leaf = allLeaves[v.index] as Buffer;
        const bad: Array<[string, () => void]> = [
          ...tamperedProofs(proof).map(([what, p]): [string, () => void] => [what, () => verifyInclusion(leaf, v.index, tree.size, p, root)]),
          ['index + 1', () => verifyInclusion(leaf, v.index + 1, tree.size, proof, root)],
          ['index - 1', () => verifyInclusion(leaf, v.index - 1, tree.size, proof, root)],
          ['size + 1 with its root', () => verifyInclusion(leaf, v.index, tree.size + 1, proof, rootOf(tree.size + 1))],
          ['size - 1 with its root', () => verifyInclusion(leaf, v.index, tree.size - 1, proof, rootOf(tree.size - 1))],
          ['neighbouring leaf', () => verifyInclusion(allLeaves[v.index + 1] as Buffer, v.index, tree.size, proof, root)],
          ['root of another size', () => verifyInclusion(leaf, v.index, tree.size, proof, rootOf(tree.size + 1))],
        ];
        for (const [what, attempt] of bad) {
          assert.throws(attempt, isProofInvalid, `${what}: leaf ${v.index} of ${tree.size}`);
          cases++;
        }
      }
    }
    assert.ok(cases > 5000, `${cases} tampered inclusion proofs`);
  });
});

describe('when a consistency proof is tampered with', () => {
  it('throws AUDIT_PROOF_INVALID for every flipped, dropped, added or swapped hash, either size ±1, or swapped roots', () => {
    let cases = 0;
    for (const tree of vectors.trees) {
      const n = tree.size;
      const newRoot = b64(tree.root);
      for (const v of tree.consistency) {
        const m = v.oldSize;
        const proof = v.proof.map(b64);
        const oldRoot = b64(v.oldRoot);
        const bad: Array<[string, () => void]> = [
          ...tamperedProofs(proof).map(([what, p]): [string, () => void] => [what, () => verifyConsistency(m, n, oldRoot, newRoot, p)]),
          ['old size + 1 with its root', () => verifyConsistency(m + 1, n, rootOf(m + 1), newRoot, proof)],
          ['old size - 1 with its root', () => verifyConsistency(m - 1, n, rootOf(m - 1), newRoot, proof)],
          ['new size + 1 with its root', () => verifyConsistency(m, n + 1, oldRoot, rootOf(n + 1), proof)],
          ['new size - 1 with its root', () => verifyConsistency(m, n - 1, oldRoot, rootOf(n - 1), proof)],
          ['old root of another size', () => verifyConsistency(m, n, rootOf(m + 1), newRoot, proof)],
          ['new root of another size', () => verifyConsistency(m, n, oldRoot, rootOf(n + 1), proof)],
        ];
        if (m !== n) bad.push(['roots swapped', () => verifyConsistency(m, n, newRoot, oldRoot, proof)]);
        // Any tree is consistent with the empty tree, so 1→1 shifted to 0→1 rightly verifies.
        if (m === 1 && n === 1) bad.splice(bad.findIndex(([what]) => what.startsWith('old size - 1')), 1);
        for (const [what, attempt] of bad) {
          assert.throws(attempt, isProofInvalid, `${what}: ${m}→${n}`);
          cases++;
        }
      }
    }
    assert.ok(cases > 5000, `${cases} tampered consistency proofs`);
  });
});

describe('edge cases the RFC leaves to the verifier', () => {
  const r = (n: number): Buffer => rootOf(n);

  it('rejects an index at or beyond the tree size, negative or fractional indices and sizes', () => {
    for (const [index, size] of [[3, 3], [4, 3], [0, 0], [-1, 3], [0.5, 3], [0, 2.5], [Number.NaN, 3], [0, 2 ** 53]]) {
      assert.throws(() => verifyInclusion(allLeaves[0] as Buffer, index as number, size as number, [], r(1)), isProofInvalid, `${index}/${size}`);
    }
  });

  it('accepts consistency from the empty tree only with an empty proof and the empty-tree root', () => {
    verifyConsistency(0, 5, emptyRoot(), r(5), []);
    verifyConsistency(0, 0, emptyRoot(), emptyRoot(), []);
    assert.throws(() => verifyConsistency(0, 5, emptyRoot(), r(5), [r(5)]), isProofInvalid);
    assert.throws(() => verifyConsistency(0, 5, r(1), r(5), []), isProofInvalid);
    assert.throws(() => verifyConsistency(0, 0, emptyRoot(), r(1), []), isProofInvalid);
  });

  it('accepts equal sizes only with an empty proof and equal roots', () => {
    verifyConsistency(7, 7, r(7), r(7), []);
    assert.throws(() => verifyConsistency(7, 7, r(7), r(7), [r(1)]), isProofInvalid);
    assert.throws(() => verifyConsistency(7, 7, r(7), r(6), []), isProofInvalid);
  });

  it('rejects an old size above the new size, and an empty proof between different sizes', () => {
    assert.throws(() => verifyConsistency(8, 6, r(8), r(6), []), isProofInvalid);
    assert.throws(() => verifyConsistency(4, 8, r(4), r(8), []), isProofInvalid);
  });

  it('says whether a proof was too long or too short for the tree', () => {
    const proof = vectors.trees[4]?.inclusion[0]?.proof.map(b64) ?? [];
    const leaf = allLeaves[0] as Buffer;
    assert.throws(() => verifyInclusion(leaf, 0, 5, [...proof, r(1)], r(5)), /longer than the path/);
    assert.throws(() => verifyInclusion(leaf, 0, 5, proof.slice(0, -1), r(5)), /shorter than the path/);
  });

  it('rejects hashes that are not 32 bytes and proofs that are not arrays', () => {
    const short = Buffer.alloc(31);
    assert.throws(() => verifyInclusion(short, 0, 1, [], short), isProofInvalid);
    assert.throws(() => verifyInclusion(allLeaves[0] as Buffer, 0, 2, [Buffer.alloc(33)], r(2)), isProofInvalid);
    assert.throws(() => verifyConsistency(1, 2, r(1), r(2), 'proof' as unknown as Buffer[]), isProofInvalid);
  });

  it('refuses to generate proofs that do not exist (AUDIT_PROOF_RANGE_INVALID)', async () => {
    const hasher = memorySubtreeHasher(allLeaves.slice(0, 4));
    await assert.rejects(inclusionProof(4, 4, hasher), isRangeInvalid);
    await assert.rejects(inclusionProof(-1, 4, hasher), isRangeInvalid);
    await assert.rejects(consistencyProof(5, 4, hasher), isRangeInvalid);
    await assert.rejects(inclusionProof(0, 8, hasher), isRangeInvalid); // the hasher has only 4 leaves
    assert.deepEqual(await consistencyProof(0, 4, hasher), []);
    assert.deepEqual(await consistencyProof(4, 4, hasher), []);
  });

  it('reports a damaged store when the subtree hasher answers with a malformed hash', async () => {
    const broken: SubtreeHasher = () => Promise.resolve(Buffer.alloc(5));
    await assert.rejects(inclusionProof(0, 4, broken), (e: unknown) => isSottoError(e, 'AUDIT_STATE_INVALID'));
  });
});

describe('at tree sizes near 2^53', () => {
  // With every leaf the same, a subtree's root depends only on its width, so true roots of
  // astronomically large trees are cheap: this checks arithmetic past 32 bits end to end.
  const same = leafHash(Buffer.from('same'));
  const widthRoots = new Map<number, Buffer>();
  const rootOfWidth = (w: number): Buffer => {
    if (w === 1) return same;
    let root = widthRoots.get(w);
    if (!root) {
      const k = largestPowerOfTwoBelow(w);
      widthRoots.set(w, (root = nodeHash(rootOfWidth(k), rootOfWidth(w - k))));
    }
    return root;
  };
  const hasher: SubtreeHasher = (start, end) => Promise.resolve(rootOfWidth(end - start));
  const max = Number.MAX_SAFE_INTEGER;

  it('generates and verifies inclusion and consistency proofs', async () => {
    for (const [index, size] of [[max - 1, max], [0, max], [2 ** 52, max], [2 ** 40 + 12345, 2 ** 52 + 3]]) {
      const proof = await inclusionProof(index as number, size as number, hasher);
      verifyInclusion(same, index as number, size as number, proof, rootOfWidth(size as number));
      assert.throws(() => verifyInclusion(same, index as number, size as number, proof.slice(1), rootOfWidth(size as number)), isProofInvalid);
    }
    for (const [m, n] of [[1, max], [2 ** 52, max], [2 ** 52 + 1, max], [max - 1, max], [2 ** 33 + 7, 2 ** 50 + 3]]) {
      const proof = await consistencyProof(m as number, n as number, hasher);
      verifyConsistency(m as number, n as number, rootOfWidth(m as number), rootOfWidth(n as number), proof);
      assert.throws(() => verifyConsistency(m as number, n as number, rootOfWidth(m as number), rootOfWidth(n as number), proof.slice(1)), isProofInvalid);
    }
  });

  it('range lists stay within 2 × 53 subtrees', () => {
    assert.ok(inclusionProofRanges(max - 1, max).length <= 53);
    assert.ok(consistencyProofRanges(2 ** 52 + 1, max).length <= 106);
  });
});
