// The console's own check of the audit log, in the browser with WebCrypto only (the CSP allows no
// outside code): a checkpoint's Ed25519 signature (C2SP signed-note, tlog-checkpoint) and an
// RFC 9162 §2.1.4.2 consistency proof between two checkpoints. It mirrors src/audit (checkpoint/
// and merkle/proofs.ts) so that what the server says about its own log is checked by the reader.
// Everything here comes from the server and is treated as untrusted: each check throws.

export class AuditCheckError extends Error {
  override readonly name = 'AuditCheckError';
}

export interface NoteKey {
  name: string;
  /** 8 hex digits: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]. */
  keyId: string;
  publicKey: Uint8Array<ArrayBuffer>;
}

export interface CheckedCheckpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array<ArrayBuffer>;
  /** The signature that verified, as `<name>+<key ID>`. */
  signedBy: string;
}

const SIGNATURE_PREFIX = '\u2014 ';
const ED25519 = 0x01;

function fail(message: string): never {
  throw new AuditCheckError(message);
}

/** Standard padded base64 in its one canonical spelling (as src/audit/checkpoint/base64.ts). */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return encodeBase64(out) === text ? out : undefined;
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts)));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `<name>+<key ID>+<base64(0x01 ‖ public key)>`, its key ID recomputed, not trusted. */
export async function parseVerifierKey(text: string): Promise<NoteKey> {
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first <= 0 || second < 0) fail('verifier key is not <name>+<key ID>+<key>');
  const name = text.slice(0, first);
  const keyId = text.slice(first + 1, second);
  const raw = decodeBase64(text.slice(second + 1));
  if (!raw || raw.length !== 33 || raw[0] !== ED25519) fail('verifier key is not an Ed25519 key');
  const publicKey = raw.slice(1);
  const derived = hex((await sha256(new TextEncoder().encode(name), new Uint8Array([0x0a, ED25519]), publicKey)).subarray(0, 4));
  if (derived !== keyId) fail('verifier key ID does not match its name and public key');
  return { name, keyId, publicKey };
}

/** Open a signed checkpoint: a signature line by `key` must verify, and the body must parse. */
export async function verifyCheckpointNote(note: string, key: NoteKey): Promise<CheckedCheckpoint> {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) fail('checkpoint is not a signed note');
  const body = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const verifier = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  let verified = false;
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) fail('checkpoint signature line is malformed');
    const [name, encoded, extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    const raw = encoded === undefined ? undefined : decodeBase64(encoded);
    if (extra !== undefined || !raw || raw.length < 5) fail('checkpoint signature line is malformed');
    // Signatures by other keys (cosigners) are skipped, as the signed-note spec requires.
    if (name !== key.name || hex(raw.subarray(0, 4)) !== key.keyId) continue;
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, verifier, raw.slice(4), new TextEncoder().encode(body)))) {
      fail(`checkpoint signature by ${key.name}+${key.keyId} does not verify`);
    }
    verified = true;
  }
  if (!verified) fail(`checkpoint has no signature by ${key.name}+${key.keyId}`);
  const [origin, sizeText, rootText, ...rest] = body.slice(0, -1).split('\n');
  if (rest.length > 0 || origin !== key.name) fail('checkpoint body is not <origin>\\n<size>\\n<root> for this log');
  if (sizeText === undefined || !/^(0|[1-9][0-9]{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) fail('checkpoint size is malformed');
  const rootHash = rootText === undefined ? undefined : decodeBase64(rootText);
  if (!rootHash || rootHash.length !== 32) fail('checkpoint root hash is not 32 bytes');
  return { origin, size: Number(sizeText), rootHash, signedBy: `${key.name}+${key.keyId}` };
}

const half = (n: number): number => Math.floor(n / 2);
const nodeHash = (left: Uint8Array, right: Uint8Array): Promise<Uint8Array<ArrayBuffer>> => sha256(new Uint8Array([0x01]), left, right);

/** RFC 9162 §2.1.4.2: the tree of `newSize` leaves extends the tree of `oldSize` leaves. */
export async function verifyConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): Promise<void> {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) fail('tree sizes are not in order');
  if (proof.some((h) => h.length !== 32)) fail('a proof hash is not 32 bytes');
  if (oldSize === 0) {
    if (proof.length !== 0) fail('a consistency proof from the empty tree must be empty');
    if (!sameBytes(oldRoot, await sha256())) fail('the old root is not the empty-tree root');
    return;
  }
  if (oldSize === newSize) {
    if (proof.length !== 0 || !sameBytes(oldRoot, newRoot)) fail('equal tree sizes with a proof or different roots');
    return;
  }
  if (proof.length === 0) fail('consistency proof is empty');
  const path = (oldSize & (oldSize - 1)) === 0 ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) fail('consistency proof is longer than the trees need');
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) fail('consistency proof is shorter than the trees need');
  if (!sameBytes(fr, oldRoot)) fail('consistency proof does not lead to the old root hash');
  if (!sameBytes(sr, newRoot)) fail('consistency proof does not lead to the new root hash');
}

/** A `sotto-audit-proof-v1` consistency file: both checkpoints signed by `key`, and the proof. */
export async function verifyConsistencyFile(file: unknown, key: NoteKey): Promise<{ older: CheckedCheckpoint; newer: CheckedCheckpoint }> {
  const f = file as { format?: unknown; kind?: unknown; old?: unknown; new?: unknown; proof?: unknown } | null;
  if (f?.format !== 'sotto-audit-proof-v1' || f.kind !== 'consistency' || typeof f.old !== 'string' || typeof f.new !== 'string' || !Array.isArray(f.proof)) {
    fail('not a consistency proof file');
  }
  const proof = f.proof.map((h) => (typeof h === 'string' ? decodeBase64(h) : undefined) ?? fail('a proof hash is not base64'));
  const older = await verifyCheckpointNote(f.old, key);
  const newer = await verifyCheckpointNote(f.new, key);
  await verifyConsistency(older.size, newer.size, older.rootHash, newer.rootHash, proof);
  return { older, newer };
}
