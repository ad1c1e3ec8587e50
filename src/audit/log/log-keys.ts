// The log's two secrets live in audit_keys, wrapped by the KeyProvider (key id 'audit', context
// {purpose}), so a copy of the database alone cannot forge MACs or checkpoints.
import { generateEd25519KeyPair, randomBytes } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import type { KeyProvider } from '../../vault/keys/index.js';
import { createEd25519NoteSigner, verifierKeyString, type NoteSigner } from '../checkpoint/index.js';
import type { AuditStore } from '../store/index.js';
import { MAC_KEY_BYTES } from './entry-mac.js';

export const AUDIT_KEK_ID = 'audit';
const MAC_PURPOSE = 'entry-mac';
const SIGNING_PURPOSE = 'checkpoint-signing';

export interface AuditLogKeys {
  readonly macKey: Buffer;
  readonly signer: NoteSigner;
  /** C2SP verifier key string: `<origin>+<key id>+<base64 key>`. */
  readonly verifierKey: string;
}

export async function loadAuditLogKeys(store: AuditStore, keys: KeyProvider, origin: string): Promise<AuditLogKeys> {
  await keys.ensureKey(AUDIT_KEK_ID);
  const mac = await loadOrCreate(store, keys, MAC_PURPOSE, () => ({ secret: randomBytes(MAC_KEY_BYTES), publicKey: null }));
  if (mac.secret.length !== MAC_KEY_BYTES) throw new SottoError('AUDIT_KEY_INVALID', 'the stored audit MAC key has the wrong length');
  const signing = await loadOrCreate(store, keys, SIGNING_PURPOSE, () => {
    const pair = generateEd25519KeyPair();
    return { secret: pair.privateKeyPkcs8, publicKey: pair.publicKey };
  });
  if (signing.publicKey === null) throw new SottoError('AUDIT_KEY_INVALID', 'the stored checkpoint key has no public key');
  // Refuses a stored public key that does not belong to the private key (a swapped row).
  const signer = createEd25519NoteSigner(origin, signing.secret, signing.publicKey);
  return { macKey: mac.secret, signer, verifierKey: verifierKeyString(origin, signing.publicKey) };
}

async function loadOrCreate(
  store: AuditStore,
  keys: KeyProvider,
  purpose: string,
  generate: () => { secret: Buffer; publicKey: Buffer | null },
): Promise<{ secret: Buffer; publicKey: Buffer | null }> {
  let row = await store.key(purpose);
  if (row === undefined) {
    const fresh = generate();
    const wrapped = await keys.wrap(AUDIT_KEK_ID, fresh.secret, { purpose });
    fresh.secret.fill(0);
    // Two processes opening a new log race here; the first insert wins and both use it.
    await store.insertKey({
      purpose,
      provider: wrapped.provider,
      keyId: wrapped.keyId,
      keyVersion: wrapped.version,
      ciphertext: wrapped.ciphertext,
      publicKey: fresh.publicKey,
    });
    row = await store.key(purpose);
    if (row === undefined) throw new SottoError('AUDIT_STATE_INVALID', `the audit ${purpose} key was not stored`);
  }
  const secret = await keys.unwrap(
    { provider: row.provider, keyId: row.keyId, version: Number(row.keyVersion), ciphertext: row.ciphertext },
    { purpose },
  );
  return { secret, publicKey: row.publicKey };
}
