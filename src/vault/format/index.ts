export { encryptArtifact } from './encrypt.js';
export type { EncryptOptions } from './encrypt.js';
export { decryptArtifact } from './decrypt.js';
export { decryptRange } from './range.js';
export type { ReadBlobRange } from './range.js';
export { artifactAad } from './keys.js';
export { DEFAULT_SEGMENT_SIZE, HEADER_BYTES, TAG_BYTES, ciphertextSizeFor } from './layout.js';
