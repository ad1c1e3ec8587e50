// A real S3-protocol server in this process (s3rver), on loopback port 0, for tests of the
// S3 blob store. Signatures are checked (SigV4) with s3rver's fixed test credentials.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import S3rver from 's3rver';

export interface LocalS3Server {
  /** `http://127.0.0.1:<port>`: loopback, so the store's https-only rule allows it. */
  endpoint: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

export async function startLocalS3Server(bucket = 'sotto-test'): Promise<LocalS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'sotto-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  try {
    const { port } = await server.run();
    return {
      endpoint: `http://127.0.0.1:${port}`,
      bucket,
      region: 'us-east-1',
      // s3rver accepts exactly this key pair and verifies request signatures with it.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      close: async () => {
        await server.close();
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(directory, { recursive: true, force: true });
    throw err;
  }
}
