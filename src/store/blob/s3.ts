import { Readable } from 'node:stream';

import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

import { SottoError, isSottoError } from '../../errors/index.js';
import { isValidBlobKey, type BlobStore, type ByteRange } from './blob-store.js';
import { assertWellFormedRange } from './byte-range.js';
import { checkS3Endpoint } from './s3-endpoint.js';
import { deliverRange } from './s3-range.js';
import { classifyS3Failure, s3Failure } from './s3-errors.js';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Folder inside the bucket, e.g. `sotto/blobs`; object key = `${prefix}/${blobKey}`. */
  prefix?: string;
  region: string;
  /** For S3-compatible services; https:// unless loopback. Omitted: AWS S3 over https. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Omitted: the SDK's default chain (environment, shared config, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Multipart part size; S3's minimum is 5 MiB, which is also the default. */
  partSizeBytes?: number;
  connectTimeoutMs?: number;
  maxAttempts?: number;
}

const MIN_PART_SIZE_BYTES = 5 * 1024 * 1024;

export async function openS3BlobStore(options: S3BlobStoreOptions): Promise<S3BlobStore> {
  const endpoint = options.endpoint === undefined ? undefined : checkS3Endpoint(options.endpoint);
  if (options.bucket === '') throw new SottoError('CONFIG_INVALID', 'The S3 bucket name is empty.');
  const prefix = options.prefix?.replace(/\/+$/, '') ?? '';
  if (prefix !== '' && !isValidBlobKey(prefix)) {
    throw new SottoError('CONFIG_INVALID', 'The S3 key prefix may only use [A-Za-z0-9._/-] and no dot segments.');
  }
  const partSize = options.partSizeBytes ?? MIN_PART_SIZE_BYTES;
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE_BYTES) {
    throw new SottoError('CONFIG_INVALID', 'The S3 part size must be at least 5 MiB.');
  }
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts,
    // Many S3-compatible servers reject the SDK's default CRC trailers (aws-chunked bodies).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: options.connectTimeoutMs ?? 5000 },
  });
  const where = endpoint?.origin ?? `AWS S3 (${options.region})`;
  return new S3BlobStore(client, { bucket: options.bucket, prefix, partSize, where });
}

interface S3Placement {
  bucket: string;
  prefix: string;
  partSize: number;
  /** Endpoint origin for messages; never includes credentials. */
  where: string;
}

/**
 * Blobs as S3 objects. A PUT (or a completed multipart upload) is atomic per object, so a
 * reader sees the whole blob or none; an interrupted multipart upload is aborted and was
 * never visible.
 */
export class S3BlobStore implements BlobStore {
  readonly name = 's3';

  constructor(
    private readonly client: S3Client,
    private readonly placement: S3Placement,
  ) {}

  async put(key: string, body: AsyncIterable<Uint8Array>): Promise<{ size: number }> {
    const objectKey = this.objectKey(key);
    // Checked first as well as sent as If-None-Match: some S3-compatible servers ignore the header.
    if ((await this.stat(key)) !== undefined) {
      throw new SottoError('STORE_CONFLICT', `A blob is already stored under ${key}.`);
    }
    let size = 0;
    let bodyFailure: { error: unknown } | undefined;
    const counted = async function* (): AsyncGenerator<Uint8Array> {
      try {
        for await (const chunk of body) {
          size += chunk.byteLength;
          yield chunk;
        }
      } catch (error) {
        bodyFailure = { error };
        throw error;
      }
    };
    const source = Readable.from(counted());
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.placement.bucket, Key: objectKey, Body: source, IfNoneMatch: '*' },
      partSize: this.placement.partSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
      return { size };
    } catch (err) {
      // The body's own error wins over whatever the SDK made of it: the caller must see its code.
      if (bodyFailure !== undefined) {
        if (isSottoError(bodyFailure.error)) throw bodyFailure.error;
        throw new SottoError('BLOB_WRITE_FAILED', `Blob ${key} could not be written.`, { cause: bodyFailure.error });
      }
      throw s3Failure(err, 'PutObject', this.placement.where, key, 'BLOB_WRITE_FAILED');
    } finally {
      source.destroy();
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const objectKey = this.objectKey(key);
    if (range) assertWellFormedRange(range);
    let answer;
    try {
      answer = await this.client.send(
        new GetObjectCommand({
          Bucket: this.placement.bucket,
          Key: objectKey,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
    } catch (err) {
      throw s3Failure(err, 'GetObject', this.placement.where, key, 'BLOB_STORE_UNAVAILABLE');
    }
    const body = answer.Body;
    if (!(body instanceof Readable)) {
      throw new SottoError('BLOB_STORE_UNAVAILABLE', `S3 GetObject of blob ${key} returned no readable body.`);
    }
    if (!range) return body;
    try {
      return deliverRange(body, range, answer, key);
    } catch (err) {
      body.destroy();
      throw err;
    }
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    const objectKey = this.objectKey(key);
    let answer;
    try {
      answer = await this.client.send(new HeadObjectCommand({ Bucket: this.placement.bucket, Key: objectKey }));
    } catch (err) {
      if (classifyS3Failure(err) === 'not-found') return undefined;
      throw s3Failure(err, 'HeadObject', this.placement.where, key, 'BLOB_STORE_UNAVAILABLE');
    }
    if (answer.ContentLength === undefined) {
      throw new SottoError('BLOB_STORE_UNAVAILABLE', `S3 HeadObject of blob ${key} returned no size.`);
    }
    return { size: answer.ContentLength };
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.placement.bucket, Key: objectKey }));
    } catch (err) {
      // S3 answers 204 for an absent key; some compatible servers answer 404. Both mean "gone".
      if (classifyS3Failure(err) === 'not-found') return;
      throw s3Failure(err, 'DeleteObject', this.placement.where, key, 'BLOB_WRITE_FAILED');
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    // The key is not echoed: an invalid key may be hostile input.
    if (!isValidBlobKey(key)) throw new SottoError('BLOB_KEY_INVALID');
    return this.placement.prefix === '' ? key : `${this.placement.prefix}/${key}`;
  }
}
