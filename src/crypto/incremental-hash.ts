import { createHash } from 'node:crypto';

/** SHA-256 over data that arrives in pieces (a stream): `update` each piece, then `hex()` once. */
export interface IncrementalSha256 {
  update(piece: Uint8Array): void;
  hex(): string;
}

export function incrementalSha256(): IncrementalSha256 {
  const hash = createHash('sha256');
  return {
    update: (piece) => void hash.update(piece),
    hex: () => hash.digest('hex'),
  };
}
