import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SottoError, isSottoError, type ErrorCode } from '../../errors/index.js';
import { openFilesystemBlobStore, type FilesystemBlobStore } from './filesystem.js';
import { RegionBoundBlobStore, RegionalBlobStore, tenantOfBlobKey, type TenantRegionLookup } from './region-router.js';

const failsWith = (code: ErrorCode) => (err: unknown) => isSottoError(err, code);

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}

/** Placement from a fixed table (the runtime reads the tenants table; src/runtime/regions.test.ts). */
function fixedPlacement(table: Record<string, string>): TenantRegionLookup {
  return {
    regionOf: (tenantId) => {
      const region = table[tenantId];
      return region === undefined ? Promise.reject(new SottoError('REGION_UNAVAILABLE', 'no region')) : Promise.resolve(region);
    },
  };
}

describe('region-routed blob stores over two filesystem roots (placement from a fixed table)', () => {
  let dir: string;
  let eu: FilesystemBlobStore;
  let us: FilesystemBlobStore;
  const lookup = fixedPlacement({ 'acme-eu': 'eu', 'acme-us': 'us', 'acme-ap': 'ap' });
  let euBound: RegionBoundBlobStore;
  let router: RegionalBlobStore;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sotto-blob-regions-'));
    eu = await openFilesystemBlobStore({ root: join(dir, 'eu') });
    us = await openFilesystemBlobStore({ root: join(dir, 'us') });
    euBound = new RegionBoundBlobStore('eu', eu, lookup);
    router = new RegionalBlobStore(new Map([['eu', euBound], ['us', new RegionBoundBlobStore('us', us, lookup)]]), lookup);
  });
  after(async () => {
    await eu.close();
    await us.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('routes each tenant’s blob to its region’s root', async () => {
    await router.put('acme-eu/recording/a1', bytes('eu bytes'));
    await router.put('acme-us/recording/a2', bytes('us bytes'));
    assert.deepEqual(await readdir(join(dir, 'eu')), ['acme-eu']);
    assert.deepEqual(await readdir(join(dir, 'us')), ['acme-us']);
    assert.deepEqual(await router.stat('acme-eu/recording/a1'), { size: 8 });
    await router.delete('acme-eu/recording/a1');
    assert.equal(await eu.stat('acme-eu/recording/a1'), undefined);
  });

  it('a region’s store handed another region’s tenant refuses with RESIDENCY_VIOLATION and stores nothing', async () => {
    await assert.rejects(euBound.put('acme-us/recording/a3', bytes('misrouted')), (err: unknown) => {
      assert.ok(isSottoError(err, 'RESIDENCY_VIOLATION'));
      assert.match(err.message, /pinned to region us; refused by the blob store of region eu/);
      return true;
    });
    for (const op of [euBound.get('acme-us/recording/a2'), euBound.stat('acme-us/recording/a2'), euBound.delete('acme-us/recording/a2')]) {
      await assert.rejects(op, failsWith('RESIDENCY_VIOLATION'));
    }
    assert.equal(await eu.stat('acme-us/recording/a3'), undefined);
    assert.deepEqual(await us.stat('acme-us/recording/a2'), { size: 8 }, 'the refused delete removed nothing');
  });

  it('refuses a tenant whose region has no store here (REGION_UNAVAILABLE), never writing it to another region', async () => {
    await assert.rejects(router.put('acme-ap/recording/a4', bytes('ap bytes')), failsWith('REGION_UNAVAILABLE'));
    await assert.rejects(router.put('nobody/recording/a5', bytes('x')), failsWith('REGION_UNAVAILABLE'));
    assert.deepEqual((await readdir(join(dir, 'eu'))).sort(), ['acme-eu']);
    assert.deepEqual((await readdir(join(dir, 'us'))).sort(), ['acme-us']);
  });

  it('refuses a key that does not start with a tenant id (BLOB_KEY_INVALID)', async () => {
    for (const key of ['no-slash', '/acme-eu/x', 'Acme/x', '../acme-eu/x']) {
      assert.throws(() => tenantOfBlobKey(key), failsWith('BLOB_KEY_INVALID'), key);
      await assert.rejects(router.put(key, bytes('x')), failsWith('BLOB_KEY_INVALID'));
    }
  });
});
