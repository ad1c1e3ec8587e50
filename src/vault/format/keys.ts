// Per-file keys. From the artifact's data key and the header's random salt, HKDF-SHA256
// (RFC 5869) derives:
//   commitment  = HKDF(dataKey, salt, "sotto-vault-v1 commitment", 32)
//   macKey ‖ segmentKey = HKDF(dataKey, salt, "sotto-vault-v1 keys" ‖ u32(len(aad)) ‖ aad, 64)
// The commitment is stored in the header and compared first, so a wrong key is reported as
// such (and no ciphertext can decrypt validly under two keys — key commitment, as in the AWS
// Encryption SDK). The associated data (tenant, artifact id, kind) enters the MAC and segment
// keys, so a blob presented as another artifact fails at the header MAC.
import { HEADER_MAC_BYTES } from './layout.js';
import { hkdfSha256, hmacSha256 } from '../../crypto/index.js';

const COMMITMENT_INFO = Buffer.from('sotto-vault-v1 commitment', 'ascii');
const KEYS_INFO = Buffer.from('sotto-vault-v1 keys', 'ascii');

export interface FileKeys {
  commitment: Buffer;
  macKey: Buffer;
  segmentKey: Buffer;
}

export function deriveFileKeys(dataKey: Uint8Array, salt: Uint8Array, aad: Uint8Array): FileKeys {
  const commitment = hkdfSha256(dataKey, salt, COMMITMENT_INFO, 32);
  const aadLength = Buffer.alloc(4);
  aadLength.writeUInt32BE(aad.length);
  const keys = hkdfSha256(dataKey, salt, Buffer.concat([KEYS_INFO, aadLength, aad]), 64);
  return { commitment, macKey: keys.subarray(0, 32), segmentKey: keys.subarray(32, 64) };
}

export function headerMac(macKey: Uint8Array, headerBody: Uint8Array): Buffer {
  return hmacSha256(macKey, headerBody).subarray(0, HEADER_MAC_BYTES);
}

/**
 * Associated data binding a blob to its place: length-prefixed so that no two distinct
 * (tenant, artifact, kind) triples encode alike.
 */
export function artifactAad(tenantId: string, artifactId: string, kind: string): Buffer {
  const parts: Buffer[] = [Buffer.from('sotto-artifact-v1', 'ascii')];
  for (const field of [tenantId, artifactId, kind]) {
    const b = Buffer.from(field, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    parts.push(len, b);
  }
  return Buffer.concat(parts);
}
