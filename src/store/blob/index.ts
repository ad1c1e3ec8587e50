export { isValidBlobKey } from './blob-store.js';
export type { BlobStore, ByteRange } from './blob-store.js';
export { FilesystemBlobStore, TEMPORARY_FILE_PREFIX, openFilesystemBlobStore } from './filesystem.js';
export type { FilesystemBlobStoreOptions } from './filesystem.js';
export { S3BlobStore, openS3BlobStore } from './s3.js';
export type { S3BlobStoreOptions } from './s3.js';
export { openBlobStore } from './open-blob-store.js';
export type { BlobStoreConfig } from './open-blob-store.js';
