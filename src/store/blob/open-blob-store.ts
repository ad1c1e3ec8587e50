import type { BlobStore } from './blob-store.js';
import { openFilesystemBlobStore, type FilesystemBlobStoreOptions } from './filesystem.js';
import { openS3BlobStore, type S3BlobStoreOptions } from './s3.js';

/** Where blobs live, as configuration names it. */
export type BlobStoreConfig =
  | ({ kind: 'fs' } & FilesystemBlobStoreOptions)
  | ({ kind: 's3' } & S3BlobStoreOptions);

export async function openBlobStore(config: BlobStoreConfig): Promise<BlobStore> {
  switch (config.kind) {
    case 'fs': {
      const { kind: _kind, ...options } = config;
      return openFilesystemBlobStore(options);
    }
    case 's3': {
      const { kind: _kind, ...options } = config;
      return openS3BlobStore(options);
    }
  }
}
