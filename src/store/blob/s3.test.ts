import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { randomBytes, randomId } from '../../crypto/index.js';
import { isSottoError } from '../../errors/index.js';
import { startLocalS3Server, type LocalS3Server } from '../../../test/support/s3-server.js';
import { chunksOf, describeBlobStoreContract, readAll, rejectsWithCode } from './blob-store-contract.js';
import { openS3BlobStore, type S3BlobStoreOptions } from './s3.js';

function optionsFor(server: LocalS3Server, prefix?: string): S3BlobStoreOptions {
  return {
    bucket: server.bucket,
    prefix,
    region: server.region,
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: server.credentials,
  };
}

describeBlobStoreContract('S3 (against s3rver, a local S3-protocol server)', async () => {
  const server = await startLocalS3Server();
  const store = await openS3BlobStore(optionsFor(server, 'sotto/blobs'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      await server.close();
    },
  };
});

void describe('S3 blob store', () => {
  void describe('when the endpoint is plain http:// to a host that is not loopback', () => {
    for (const endpoint of ['http://s3.example.com', 'http://10.0.0.5:9000', 'http://127.0.0.1.nip.io:9000', 'ftp://127.0.0.1']) {
      void it(`refuses ${endpoint} with CONFIG_INVALID before sending anything`, async () => {
        await rejectsWithCode(openS3BlobStore({ bucket: 'b', region: 'us-east-1', endpoint }), 'CONFIG_INVALID');
      });
    }
  });

  void describe('when the endpoint is https:// or loopback http://', () => {
    for (const endpoint of ['https://s3.example.com', 'http://127.0.0.1:9000', 'http://localhost:9000', 'http://[::1]:9000']) {
      void it(`accepts ${endpoint}`, async () => {
        const store = await openS3BlobStore({ bucket: 'b', region: 'us-east-1', endpoint });
        await store.close();
      });
    }
  });

  void describe('when the endpoint URL carries credentials', () => {
    void it('refuses it with CONFIG_INVALID and does not echo them', async () => {
      const endpoint = 'https://AKIDEXAMPLE:hunter2@s3.example.com';
      await assert.rejects(openS3BlobStore({ bucket: 'b', region: 'us-east-1', endpoint }), (err) => {
        assert.ok(isSottoError(err, 'CONFIG_INVALID'));
        assert.ok(!err.message.includes('hunter2'));
        return true;
      });
    });
  });

  void describe('when the endpoint cannot be reached', () => {
    const secret = 'secret-never-in-messages';
    const open = () =>
      openS3BlobStore({
        bucket: 'b',
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret },
        maxAttempts: 1,
      });

    void it('throws BLOB_STORE_UNAVAILABLE naming the endpoint but not the credentials', async () => {
      const store = await open();
      try {
        for (const work of [
          () => store.stat('k'),
          () => store.get('k'),
          () => store.put('k', chunksOf(randomBytes(10))),
          () => store.delete('k'),
        ]) {
          await assert.rejects(work(), (err) => {
            assert.ok(isSottoError(err, 'BLOB_STORE_UNAVAILABLE'), String(err));
            assert.match(err.message, /http:\/\/127\.0\.0\.1:1/);
            assert.ok(!err.message.includes(secret) && !err.message.includes('AKIDEXAMPLE'));
            return true;
          });
        }
      } finally {
        await store.close();
      }
    });
  });

  void describe('when two stores share a bucket under different prefixes', () => {
    let server: LocalS3Server;
    before(async () => {
      server = await startLocalS3Server();
    });
    after(async () => {
      await server.close();
    });

    void it('neither sees the other’s blobs', async () => {
      const a = await openS3BlobStore(optionsFor(server, 'tenant-a'));
      const b = await openS3BlobStore(optionsFor(server, 'tenant-b/'));
      try {
        const key = randomId('blob');
        await a.put(key, chunksOf(randomBytes(10)));
        assert.equal(await b.stat(key), undefined);
        await b.put(key, chunksOf(randomBytes(20)));
        assert.equal((await readAll(await a.get(key))).byteLength, 10);
        assert.equal((await readAll(await b.get(key))).byteLength, 20);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });

  void describe('when the prefix is not a valid key path', () => {
    void it('refuses it with CONFIG_INVALID', async () => {
      await rejectsWithCode(openS3BlobStore({ bucket: 'b', region: 'us-east-1', prefix: '../up' }), 'CONFIG_INVALID');
    });
  });
});
