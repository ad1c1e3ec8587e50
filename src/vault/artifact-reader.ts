import type { Readable } from 'node:stream';
import { SottoError } from '../errors/index.js';
import type { BlobStore } from '../store/blob/blob-store.js';
import type { ArtifactRecord, MetadataStore } from '../store/meta/metadata-store.js';
import { artifactAad, decryptArtifact, decryptRange } from './format/index.js';
import { checkArtifactId } from './names.js';
import type { SubjectKeys } from './subject-keys.js';

/**
 * Decrypting reads of stored artifacts. Only the access gateway may import this module
 * (eslint enforces it): every read must be authorized and audited first (DESIGN.md inv. 2).
 */
export interface ArtifactReaderDeps {
  store: MetadataStore;
  blobs: BlobStore;
  subjects: SubjectKeys;
}

export interface OpenArtifact {
  record: ArtifactRecord;
  /** The whole plaintext; each chunk released only after its segment verifies. */
  stream(): AsyncGenerator<Buffer>;
  /** Plaintext bytes [start, end] inclusive. */
  range(start: number, end: number): AsyncGenerator<Buffer>;
  /** Wipe the unwrapped data key. */
  close(): void;
}

export async function findArtifact(store: MetadataStore, id: string): Promise<ArtifactRecord> {
  const record = await store.artifacts.get(checkArtifactId(id));
  if (!record || record.deletedAt) throw new SottoError('ARTIFACT_NOT_FOUND', 'no such artifact');
  return record;
}

export async function openArtifact(deps: ArtifactReaderDeps, record: ArtifactRecord): Promise<OpenArtifact> {
  const aad = artifactAad(record.tenantId, record.id, record.kind);
  const dataKey = await deps.subjects.openDataKey(record, aad);
  // The recorded size is checked before any byte is decrypted, so a blob cut or extended
  // by someone with write access to the blob store is named for what it is.
  const stat = await deps.blobs.stat(record.blobKey);
  if (!stat) throw new SottoError('BLOB_NOT_FOUND', 'the artifact’s blob is missing');
  if (stat.size < record.ciphertextSize) throw new SottoError('VAULT_TRUNCATED', 'blob is shorter than recorded');
  if (stat.size > record.ciphertextSize) throw new SottoError('VAULT_TRAILING_DATA', 'blob is longer than recorded');

  const readRange = async (start: number, end: number): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for await (const chunk of await deps.blobs.get(record.blobKey, { start, end })) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  };
  return {
    record,
    stream: async function* () {
      yield* decryptArtifact(dataKey, aad, (await deps.blobs.get(record.blobKey)) as Readable);
    },
    range: (start, end) => decryptRange(dataKey, aad, record.ciphertextSize, readRange, start, end),
    close: () => dataKey.fill(0),
  };
}
