import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { rejectsWithCode } from './blob-store-contract.js';
import { openBlobStore } from './index.js';

void describe('opening a blob store from configuration', () => {
  void describe('when the kind is fs', () => {
    void it('opens a filesystem store at the root', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'sotto-open-'));
      try {
        const store = await openBlobStore({ kind: 'fs', root: join(dir, 'blobs') });
        assert.equal(store.name, 'fs');
        await store.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  void describe('when the kind is s3', () => {
    void it('opens an S3 store, and applies the https-only endpoint rule', async () => {
      const store = await openBlobStore({ kind: 's3', bucket: 'b', region: 'eu-west-1', endpoint: 'https://s3.example.com' });
      assert.equal(store.name, 's3');
      await store.close();
      await rejectsWithCode(
        openBlobStore({ kind: 's3', bucket: 'b', region: 'eu-west-1', endpoint: 'http://s3.example.com' }),
        'CONFIG_INVALID',
      );
    });
  });
});
