// The unsealed content of the local keyring, and its byte encoding inside the sealed file.
// Layout: u32 length ‖ JSON metadata ‖ key bytes (32 per live version, referenced by index).
// Key bytes stay out of the JSON so they never become JS strings, which cannot be wiped.
import { z } from 'zod';
import { AES_KEY_BYTES } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import type { KeyDescription, KeyVersionState } from './provider.js';

export interface KekVersion {
  version: number;
  state: KeyVersionState;
  createdAt: string;
  /** Absent once retired: the bytes are wiped, only the bookkeeping stays. */
  key: Buffer | undefined;
}

export interface KeyringEntry {
  keyId: string;
  versions: KekVersion[];
}

export type Keyring = Map<string, KeyringEntry>;

const MetadataSchema = z.strictObject({
  keys: z.array(
    z.strictObject({
      keyId: z.string().min(1).max(128),
      versions: z
        .array(
          z.strictObject({
            version: z.number().int().min(1).max(0xffffffff),
            state: z.enum(['primary', 'active', 'retired']),
            createdAt: z.string().max(64),
            keyIndex: z.number().int().min(0).nullable(),
          }),
        )
        .min(1),
    }),
  ),
});

export function encodeKeyringBody(keyring: Keyring): Buffer {
  const keyBytes: Buffer[] = [];
  const keys = [...keyring.values()].map((entry) => ({
    keyId: entry.keyId,
    versions: entry.versions.map((v) => {
      const keyIndex = v.key ? keyBytes.push(v.key) - 1 : null;
      return { version: v.version, state: v.state, createdAt: v.createdAt, keyIndex };
    }),
  }));
  const json = Buffer.from(JSON.stringify({ keys }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  return Buffer.concat([len, json, ...keyBytes]);
}

/**
 * The body has already authenticated under the sealing key, so a malformed one means a bug or
 * a file written by something else with the right secret: still reported, never half-loaded.
 */
export function decodeKeyringBody(body: Buffer): Keyring {
  const corrupt = (why: string, cause?: unknown) =>
    new SottoError('KEYRING_CORRUPT', `the keyring content is malformed: ${why}`, { cause });
  if (body.length < 4) throw corrupt('too short');
  const jsonLength = body.readUInt32BE(0);
  if (4 + jsonLength > body.length) throw corrupt('metadata length out of range');
  const keyArea = body.subarray(4 + jsonLength);
  if (keyArea.length % AES_KEY_BYTES !== 0) throw corrupt('key area is not whole keys');

  let metadata: z.infer<typeof MetadataSchema>;
  try {
    metadata = MetadataSchema.parse(JSON.parse(body.subarray(4, 4 + jsonLength).toString('utf8')));
  } catch (cause) {
    throw corrupt('metadata does not validate', cause);
  }

  const keyring: Keyring = new Map();
  for (const entry of metadata.keys) {
    if (keyring.has(entry.keyId)) throw corrupt('duplicate key id');
    const versions = entry.versions.map((v): KekVersion => {
      const live = v.state !== 'retired';
      if (live !== (v.keyIndex !== null)) throw corrupt('key bytes do not match the version state');
      let key: Buffer | undefined;
      if (v.keyIndex !== null) {
        const start = v.keyIndex * AES_KEY_BYTES;
        if (start + AES_KEY_BYTES > keyArea.length) throw corrupt('key index out of range');
        // Copy: the caller wipes the decrypted body once it is decoded.
        key = Buffer.from(keyArea.subarray(start, start + AES_KEY_BYTES));
      }
      return { version: v.version, state: v.state, createdAt: v.createdAt, key };
    });
    if (versions.filter((v) => v.state === 'primary').length !== 1) throw corrupt('a key needs exactly one primary version');
    if (new Set(versions.map((v) => v.version)).size !== versions.length) throw corrupt('duplicate key version');
    keyring.set(entry.keyId, { keyId: entry.keyId, versions });
  }
  return keyring;
}

export function primaryOf(entry: KeyringEntry): KekVersion {
  const primary = entry.versions.find((v) => v.state === 'primary');
  // decodeKeyringBody and every mutation keep exactly one primary.
  if (!primary) throw new SottoError('KEYRING_CORRUPT', 'the key has no primary version');
  return primary;
}

export function describeEntry(entry: KeyringEntry, provider: string): KeyDescription {
  return {
    keyId: entry.keyId,
    provider,
    primaryVersion: primaryOf(entry).version,
    versions: entry.versions.map((v) => ({ version: v.version, state: v.state, createdAt: v.createdAt })),
  };
}

export function wipeKeyring(keyring: Keyring): void {
  for (const entry of keyring.values()) for (const v of entry.versions) v.key?.fill(0);
}
