// The deletion-certificate signing key lives in lifecycle_keys, wrapped by the key provider
// (key id 'lifecycle', context {purpose}) the way the audit log keeps its checkpoint key
// (src/audit/log/log-keys.ts): a copy of the database alone cannot forge a certificate. The
// public key is stored in the clear so a certificate can be checked without the key provider.
import { createEd25519NoteSigner, verifierKeyString, type NoteSigner } from '../audit/checkpoint/index.js';
import { generateEd25519KeyPair } from '../crypto/index.js';
import { SottoError } from '../errors/index.js';
import { integerColumn, type IntegerColumn } from '../store/meta/records.js';
import type { SqlStatements } from '../store/meta/sql-client.js';
import type { ResolvedLifecycleDeps } from './deps.js';

export const LIFECYCLE_KEK_ID = 'lifecycle';
const PURPOSE = 'deletion-certificate-signing';

interface KeyRow {
  provider: string;
  key_id: string;
  key_version: IntegerColumn;
  ciphertext: Buffer;
  public_key: Buffer;
}

export interface CertificateSigner {
  signer: NoteSigner;
  /** C2SP verifier key string to publish: `<name>+<key id>+<base64 key>`. */
  verifierKey: string;
}

/** Load the signing key, creating it on first use. Needs the key provider (fails closed without it). */
export async function loadCertificateSigner(deps: ResolvedLifecycleDeps): Promise<CertificateSigner> {
  let row = await keyRow(deps.store.sql);
  if (row === undefined) {
    await deps.keys.ensureKey(LIFECYCLE_KEK_ID);
    const pair = generateEd25519KeyPair();
    const wrapped = await deps.keys.wrap(LIFECYCLE_KEK_ID, pair.privateKeyPkcs8, { purpose: PURPOSE });
    pair.privateKeyPkcs8.fill(0);
    // Two processes creating it at once: the first insert wins and both use it.
    await deps.store.sql.run(
      `INSERT INTO lifecycle_keys (purpose, provider, key_id, key_version, ciphertext, public_key, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (purpose) DO NOTHING`,
      [PURPOSE, wrapped.provider, wrapped.keyId, wrapped.version, wrapped.ciphertext, pair.publicKey, deps.now().toISOString()],
    );
    row = await keyRow(deps.store.sql);
    if (row === undefined) throw new SottoError('INTERNAL', 'the certificate key was not stored');
  }
  const secret = await deps.keys.unwrap(
    { provider: row.provider, keyId: row.key_id, version: integerColumn(row.key_version, 'key_version'), ciphertext: row.ciphertext },
    { purpose: PURPOSE },
  );
  try {
    // Refuses a stored public key that does not belong to the private key (a swapped row).
    const signer = createEd25519NoteSigner(deps.certificateKeyName, secret, row.public_key);
    return { signer, verifierKey: verifierKeyString(deps.certificateKeyName, row.public_key) };
  } finally {
    secret.fill(0);
  }
}

/** The verifier key from the stored public key, without the key provider; undefined before the first certificate. */
export async function storedCertificateVerifierKey(sql: SqlStatements, name: string): Promise<string | undefined> {
  const row = await keyRow(sql);
  return row === undefined ? undefined : verifierKeyString(name, row.public_key);
}

async function keyRow(sql: SqlStatements): Promise<KeyRow | undefined> {
  const [row] = await sql.rows<KeyRow>('SELECT provider, key_id, key_version, ciphertext, public_key FROM lifecycle_keys WHERE purpose = ?', [PURPOSE]);
  return row;
}
