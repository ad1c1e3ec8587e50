// Region-routed key providers: 'eu' on a SoftHSM2 PKCS#11 token, 'us' (the default region) on a
// local keyring — two real providers of different kinds on one machine (docs/residency.md).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSoftHsmToken, type SoftHsmToken } from '../../../test/support/softhsm.js';
import { randomBytes } from '../../crypto/index.js';
import { SottoError, isSottoError, type ErrorCode } from '../../errors/index.js';
import { tenantKekId } from '../names.js';
import { LocalKeyProvider } from './local-keyring.js';
import { Pkcs11KeyProvider } from './pkcs11.js';
import { RegionBoundKeyProvider, RegionalKeyProvider, tenantOfKeyId } from './region-router.js';

const failsWith = (code: ErrorCode) => (err: unknown) => isSottoError(err, code);

/** Placement from a fixed table (the runtime reads the tenants table; src/runtime/regions.test.ts). */
const table: Record<string, string> = { 'acme-eu': 'eu', 'acme-us': 'us', 'acme-ap': 'ap' };
const placement = {
  defaultRegion: 'us',
  lookup: {
    regionOf: (tenantId: string) => {
      const region = table[tenantId];
      return region === undefined ? Promise.reject(new SottoError('REGION_UNAVAILABLE', 'no region')) : Promise.resolve(region);
    },
  },
};

describe('region-routed key providers (eu: SoftHSM2 PKCS#11, us: local keyring; placement from a fixed table)', () => {
  let dir: string;
  let token: SoftHsmToken;
  let eu: Pkcs11KeyProvider;
  let us: LocalKeyProvider;
  let euBound: RegionBoundKeyProvider;
  let router: RegionalKeyProvider;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sotto-key-regions-'));
    token = await createSoftHsmToken('sotto-region-eu');
    eu = await Pkcs11KeyProvider.open({ modulePath: token.modulePath, tokenLabel: token.tokenLabel, pin: token.pin });
    us = await LocalKeyProvider.open({ dataDir: dir, createIfMissing: true, env: { SOTTO_MASTER_SECRET: 'region-router-test-master-secret-0123456789' } });
    euBound = new RegionBoundKeyProvider('eu', eu, placement);
    router = new RegionalKeyProvider(new Map([['eu', euBound], ['us', new RegionBoundKeyProvider('us', us, placement)]]), placement);
  });
  after(async () => {
    await eu?.close();
    await us?.close();
    await token?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the tenant from a tenant KEK id, and nothing from a deployment key id', () => {
    assert.equal(tenantOfKeyId(tenantKekId('acme-eu')), 'acme-eu');
    assert.equal(tenantOfKeyId('audit'), undefined);
    assert.equal(tenantOfKeyId('lifecycle'), undefined);
  });

  it('creates and wraps with the eu tenant’s KEK on the eu token only, and unwraps there', async () => {
    await router.ensureKey(tenantKekId('acme-eu'));
    const secret = randomBytes(32);
    const context = { purpose: 'subject-key', tenant: 'acme-eu', subject: 'ref' };
    const wrapped = await router.wrap(tenantKekId('acme-eu'), secret, context);
    assert.equal(wrapped.provider, eu.name);
    assert.deepEqual(await router.unwrap(wrapped, context), secret);
    assert.ok((await eu.listKeys()).includes('tenant-acme-eu'));
    assert.equal(await us.describe('tenant-acme-eu'), undefined);
  });

  it('keeps deployment-wide keys (audit, lifecycle) in the default region', async () => {
    await router.ensureKey('audit');
    assert.ok((await us.listKeys()).includes('audit'));
    assert.ok(!(await eu.listKeys()).includes('audit'));
    assert.deepEqual((await router.listKeys()).filter((k) => k === 'audit' || k === 'tenant-acme-eu'), ['audit', 'tenant-acme-eu']);
  });

  it('a region’s provider handed another region’s key refuses with RESIDENCY_VIOLATION', async () => {
    await router.ensureKey(tenantKekId('acme-us'));
    await assert.rejects(euBound.ensureKey(tenantKekId('acme-us')), (err: unknown) => {
      assert.ok(isSottoError(err, 'RESIDENCY_VIOLATION'));
      assert.match(err.message, /tenant acme-us is pinned to region us; refused by the key provider of region eu/);
      return true;
    });
    const wrapped = await router.wrap(tenantKekId('acme-us'), randomBytes(32), { tenant: 'acme-us' });
    await assert.rejects(euBound.unwrap(wrapped, { tenant: 'acme-us' }), failsWith('RESIDENCY_VIOLATION'));
    await assert.rejects(euBound.wrap('audit', randomBytes(32), { purpose: 'x' }), failsWith('RESIDENCY_VIOLATION'));
    assert.ok(!(await eu.listKeys()).includes('tenant-acme-us'), 'nothing was created on the eu token');
  });

  it('refuses a tenant whose region has no provider here (REGION_UNAVAILABLE), never using the default region', async () => {
    await assert.rejects(router.ensureKey(tenantKekId('acme-ap')), failsWith('REGION_UNAVAILABLE'));
    await assert.rejects(router.wrap(tenantKekId('nobody'), randomBytes(32), {}), failsWith('REGION_UNAVAILABLE'));
    assert.equal(await us.describe('tenant-acme-ap'), undefined);
  });
});
