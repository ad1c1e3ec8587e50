// How Sotto's KEKs are laid out as PKCS#11 objects on the token. The token is the only store:
// nothing about keys is kept on disk, so several processes see the same state.
//
//   KEK version   CKO_SECRET_KEY, CKK_AES 256, label `sotto-kek:<keyId>`,
//                 CKA_ID = u32 version ‖ u64 createdAt (ms since the epoch)
//   retired       CKO_DATA, same label, CKA_APPLICATION `sotto-retired-kek`, CKA_VALUE = the
//                 same 12 bytes: a tombstone, so a destroyed version is still reported (and
//                 refused) rather than silently unknown.
import pkcs11js from 'pkcs11js';
import { SottoError } from '../../errors/index.js';
import { call, type Pkcs11Session } from './pkcs11-session.js';

const LABEL_PREFIX = 'sotto-kek:';
const TOMBSTONE_APPLICATION = 'sotto-retired-kek';
const VERSION_ID_BYTES = 12;

export interface KekObject {
  version: number;
  createdAt: string;
  handle: Buffer;
}

export function findKeks(session: Pkcs11Session, keyId: string): KekObject[] {
  return findVersioned(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_LABEL, value: LABEL_PREFIX + keyId },
  ], pkcs11js.CKA_ID);
}

export function findTombstones(session: Pkcs11Session, keyId: string): KekObject[] {
  return findVersioned(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
    { type: pkcs11js.CKA_APPLICATION, value: TOMBSTONE_APPLICATION },
    { type: pkcs11js.CKA_LABEL, value: LABEL_PREFIX + keyId },
  ], pkcs11js.CKA_VALUE);
}

/** Key ids of every Sotto KEK on the token, live or retired. */
export function listKeyIds(session: Pkcs11Session): string[] {
  const handles = [
    ...findObjects(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY }]),
    ...findObjects(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
      { type: pkcs11js.CKA_APPLICATION, value: TOMBSTONE_APPLICATION },
    ]),
  ];
  const ids = new Set<string>();
  for (const handle of handles) {
    const label = readAttribute(session, handle, pkcs11js.CKA_LABEL).toString('utf8');
    if (label.startsWith(LABEL_PREFIX)) ids.add(label.slice(LABEL_PREFIX.length));
  }
  return [...ids].sort();
}

/**
 * Generates a KEK inside the token. Sensitive and non-extractable: its value can never be read
 * out, not even wrapped; it may only encrypt and decrypt. Not modifiable, so those attributes
 * cannot be relaxed later.
 */
export function generateKek(session: Pkcs11Session, keyId: string, version: number): KekObject {
  const createdAtMs = Date.now();
  const handle = call('C_GenerateKey', () =>
    session.p11.C_GenerateKey(session.handle, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
      { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
      { type: pkcs11js.CKA_MODIFIABLE, value: false },
      { type: pkcs11js.CKA_ENCRYPT, value: true },
      { type: pkcs11js.CKA_DECRYPT, value: true },
      { type: pkcs11js.CKA_WRAP, value: false },
      { type: pkcs11js.CKA_UNWRAP, value: false },
      { type: pkcs11js.CKA_SIGN, value: false },
      { type: pkcs11js.CKA_VERIFY, value: false },
      { type: pkcs11js.CKA_DERIVE, value: false },
      { type: pkcs11js.CKA_LABEL, value: LABEL_PREFIX + keyId },
      { type: pkcs11js.CKA_ID, value: encodeVersionId(version, createdAtMs) },
    ]),
  );
  return { version, createdAt: new Date(createdAtMs).toISOString(), handle };
}

export function createTombstone(session: Pkcs11Session, keyId: string, kek: KekObject): void {
  call('C_CreateObject', () =>
    session.p11.C_CreateObject(session.handle, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_MODIFIABLE, value: false },
      { type: pkcs11js.CKA_LABEL, value: LABEL_PREFIX + keyId },
      { type: pkcs11js.CKA_APPLICATION, value: TOMBSTONE_APPLICATION },
      { type: pkcs11js.CKA_VALUE, value: encodeVersionId(kek.version, Date.parse(kek.createdAt)) },
    ]),
  );
}

export function destroyObject(session: Pkcs11Session, handle: Buffer): void {
  call('C_DestroyObject', () => session.p11.C_DestroyObject(session.handle, handle));
}

function findVersioned(session: Pkcs11Session, template: pkcs11js.Template, idAttribute: number): KekObject[] {
  const found: KekObject[] = [];
  for (const handle of findObjects(session, template)) {
    // Objects under our label with an id we did not write are not ours to use: skip them.
    const decoded = decodeVersionId(readAttribute(session, handle, idAttribute));
    if (decoded) found.push({ ...decoded, handle });
  }
  return found;
}

function findObjects(session: Pkcs11Session, template: pkcs11js.Template): Buffer[] {
  const { p11, handle } = session;
  call('C_FindObjectsInit', () => p11.C_FindObjectsInit(handle, template));
  try {
    const all: Buffer[] = [];
    for (;;) {
      const batch = call('C_FindObjects', () => p11.C_FindObjects(handle, 64));
      if (batch.length === 0) return all;
      all.push(...batch);
    }
  } finally {
    call('C_FindObjectsFinal', () => p11.C_FindObjectsFinal(handle));
  }
}

function readAttribute(session: Pkcs11Session, object: Buffer, type: number): Buffer {
  const [attribute] = call('C_GetAttributeValue', () => session.p11.C_GetAttributeValue(session.handle, object, [{ type }]));
  if (!attribute) throw new SottoError('KEY_PROVIDER_UNAVAILABLE', 'the token returned no attribute value');
  return attribute.value;
}

function encodeVersionId(version: number, createdAtMs: number): Buffer {
  const id = Buffer.alloc(VERSION_ID_BYTES);
  id.writeUInt32BE(version, 0);
  id.writeBigUInt64BE(BigInt(createdAtMs), 4);
  return id;
}

function decodeVersionId(id: Buffer): { version: number; createdAt: string } | undefined {
  if (id.length !== VERSION_ID_BYTES) return undefined;
  const version = id.readUInt32BE(0);
  const createdAtMs = Number(id.readBigUInt64BE(4));
  if (version < 1 || !Number.isSafeInteger(createdAtMs)) return undefined;
  const createdAt = new Date(createdAtMs);
  return Number.isNaN(createdAt.getTime()) ? undefined : { version, createdAt: createdAt.toISOString() };
}
