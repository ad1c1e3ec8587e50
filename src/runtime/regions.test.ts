// Data residency with two regions configured on one machine (docs/residency.md): 'us' is the
// default region, 'eu' another, each with its own blob root and local keyring.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../access/index.js';
import { isSottoError, type ErrorCode } from '../errors/index.js';
import { createLogger } from '../log/index.js';
import { openSqliteStore } from '../store/meta/index.js';
import { rotateTenantKey } from './key-rotation.js';
import { filesUnder, keyIdsIn, twoRegions, type TwoRegions } from './region-fixture.js';
import { openRuntime, type Runtime } from './runtime.js';

const failsWith = (code: ErrorCode) => (err: unknown) => isSottoError(err, code);
/** The code on the error or, where a layer re-codes failures (SubjectKeys), on its cause. */

async function* single(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text);
}

async function put(rt: Runtime, tenantId: string, subjectId: string, kind = 'recording'): Promise<string> {
  return (await rt.vault.put({ tenantId, subjectId, kind, body: single(`${kind} of ${tenantId}`) })).id;
}

async function read(rt: Runtime, artifactId: string): Promise<string> {
  const got = await rt.gateway.readArtifact(LOCAL_OPERATOR, undefined, artifactId, CLI_CONTEXT);
  const parts: Buffer[] = [];
  for await (const part of got.body) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
}

let dir: string;
let regions: TwoRegions;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sotto-regions-'));
  regions = twoRegions(dir);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('when a tenant is pinned to eu and another to us', () => {
  let rt: Runtime;
  const ids: Record<string, string> = {};
  before(async () => {
    rt = await regions.open();
    assert.deepEqual(await rt.regions.create('acme-eu', 'eu'), { tenantId: 'acme-eu', region: 'eu', createdAt: (await rt.store.tenants.get('acme-eu'))?.createdAt });
    await rt.regions.create('acme-us');
    ids.eu = await put(rt, 'acme-eu', '+4930000001');
    ids.us = await put(rt, 'acme-us', '+1555000001');
  });
  after(async () => {
    await rt?.close();
  });

  it('writes every blob of the eu tenant under eu’s root and none under us’s, and the reverse', async () => {
    const euFiles = await filesUnder(regions.roots.eu);
    const usFiles = await filesUnder(regions.roots.us);
    assert.ok(euFiles.length > 0 && usFiles.length > 0);
    assert.ok(euFiles.every((f) => f.startsWith('acme-eu/')), euFiles.join(', '));
    assert.ok(usFiles.every((f) => !f.startsWith('acme-eu/')), usFiles.join(', '));
    assert.ok(usFiles.some((f) => f.startsWith('acme-us/')));
  });

  it('reads each tenant’s artifact back through the gateway from its own region', async () => {
    assert.equal(await read(rt, ids.eu as string), 'recording of acme-eu');
    assert.equal(await read(rt, ids.us as string), 'recording of acme-us');
  });

  it('lists each tenant with its region', async () => {
    const list = await rt.regions.list();
    assert.deepEqual(
      list.filter((t) => t.tenantId.startsWith('acme-')).map((t) => [t.tenantId, t.region]).sort(),
      [
        ['acme-eu', 'eu'],
        ['acme-us', 'us'],
      ],
    );
  });

  it('refuses to move a tenant to another region (TENANT_REGION_IMMUTABLE) and to create it twice (STORE_CONFLICT)', async () => {
    await assert.rejects(rt.regions.create('acme-eu', 'us'), failsWith('TENANT_REGION_IMMUTABLE'));
    await assert.rejects(rt.regions.create('acme-eu', 'eu'), failsWith('STORE_CONFLICT'));
    assert.equal((await rt.store.tenants.get('acme-eu'))?.region, 'eu');
  });

  it('pins a tenant the vault creates on first use to the default region, never leaving it unpinned', async () => {
    await put(rt, 'newco', '+1555000009');
    assert.equal((await rt.store.tenants.get('newco'))?.region, 'us');
    assert.ok((await filesUnder(regions.roots.us)).some((f) => f.startsWith('newco/')));
    assert.ok(!(await filesUnder(regions.roots.eu)).some((f) => f.startsWith('newco/')));
  });

  it('refuses a region that is not configured (REGION_UNKNOWN) and creates nothing', async () => {
    await assert.rejects(rt.regions.create('acme-ap', 'ap-south'), failsWith('REGION_UNKNOWN'));
    assert.equal(await rt.store.tenants.get('acme-ap'), undefined);
  });

  it('erases an eu subject on eu’s store: its blobs are gone from eu’s root, us is untouched', async () => {
    const subject = '+4930000002';
    await put(rt, 'acme-eu', subject, 'transcript');
    const before = await filesUnder(regions.roots.eu);
    const usBefore = await filesUnder(regions.roots.us);
    const result = await rt.lifecycle.erase(LOCAL_OPERATOR, { tenantId: 'acme-eu', subjectId: subject }, CLI_CONTEXT);
    assert.equal(result.counts.transcript, 1);
    const after = await filesUnder(regions.roots.eu);
    assert.equal(after.length, before.length - 1);
    assert.deepEqual(await filesUnder(regions.roots.us), usBefore);
    // The deletion certificate is signed by the deployment key, which stays in the default region.
    assert.ok(result.certificate);
  });

  it('sweeps an expired eu artifact from eu’s store', async () => {
    const id = await put(rt, 'acme-eu', '+4930000003', 'export');
    const record = await rt.store.artifacts.get(id);
    assert.ok(record);
    // Aged by its record, not by a fake clock: exports are kept 7 days by default.
    await rt.store.sql.run('UPDATE artifacts SET created_at = ? WHERE id = ?', [new Date(Date.now() - 30 * 86_400_000).toISOString(), id]);
    assert.ok((await filesUnder(regions.roots.eu)).includes(record.blobKey));
    const report = await rt.lifecycle.sweep();
    assert.ok(report.deleted.export >= 1);
    assert.equal((await filesUnder(regions.roots.eu)).includes(record.blobKey), false);
  });

  it('rotates the eu tenant’s key in eu’s provider, and its artifact still reads', async () => {
    const rotated = await rotateTenantKey(rt, 'acme-eu');
    assert.equal(rotated.key.primaryVersion, 2);
    assert.equal(await read(rt, ids.eu as string), 'recording of acme-eu');
    assert.equal((await rt.keys.describe('tenant-acme-us'))?.primaryVersion, 1);
  });

  describe('and the runtime is closed', () => {
    before(async () => {
      await rt.close();
    });

    it('holds the eu tenant’s key-encryption key only in eu’s keyring, the us tenant’s and the deployment keys only in us’s', async () => {
      const eu = await keyIdsIn(regions.keyrings.eu, join(dir, 'regions', 'eu'));
      const us = await keyIdsIn(regions.keyrings.us, dir);
      assert.ok(eu.includes('tenant-acme-eu'));
      assert.ok(!eu.includes('tenant-acme-us') && !eu.includes('audit') && !eu.includes('lifecycle'), eu.join(', '));
      assert.ok(us.includes('tenant-acme-us') && us.includes('audit'));
      assert.ok(!us.includes('tenant-acme-eu'), us.join(', '));
    });
  });
});

describe('when regions.eu is missing from the configuration of a deployment that has eu tenants', () => {
  let rt: Runtime;
  let euArtifact: string;
  before(async () => {
    const both = await regions.open();
    try {
      await both.regions.create('globex-eu', 'eu');
      euArtifact = await put(both, 'globex-eu', '+4930000009');
    } finally {
      await both.close();
    }
    rt = await regions.open({ withoutEu: true });
  });
  after(async () => {
    await rt?.close();
  });

  it('fails closed: writing and reading the eu tenant’s data is REGION_UNAVAILABLE, nothing lands in us', async () => {
    const usBefore = await filesUnder(regions.roots.us);
    await assert.rejects(put(rt, 'globex-eu', '+4930000010'), failsWith('REGION_UNAVAILABLE'));
    await assert.rejects(read(rt, euArtifact), failsWith('REGION_UNAVAILABLE'));
    assert.deepEqual(await filesUnder(regions.roots.us), usBefore);
  });

  it('refuses to create a tenant in the unconfigured region', async () => {
    await assert.rejects(rt.regions.create('initech', 'eu'), failsWith('REGION_UNKNOWN'));
  });

  it('keeps serving tenants of configured regions', async () => {
    const id = await put(rt, 'acme-us', '+1555000002');
    assert.equal(await read(rt, id), 'recording of acme-us');
  });
});

describe('when the configuration of regions is unsafe', () => {
  it('refuses a regions entry that repeats calls.region (CONFIG_INVALID)', async () => {
    const config = await regions.config();
    const bad = { ...config, regions: { us: { blobs: { kind: 'fs' as const, root: join(dir, 'x') }, keys: { provider: 'local' as const } } } };
    await assert.rejects(openRuntime(bad, createLogger({ level: 'silent' }), { createKeys: true }), failsWith('CONFIG_INVALID'));
  });

  it('refuses two regions sharing one blob root or one keyring (CONFIG_INVALID)', async () => {
    const config = await regions.config();
    const eu = config.regions.eu;
    assert.ok(eu);
    const sharedRoot = { ...config, regions: { eu: { ...eu, blobs: { kind: 'fs' as const, root: regions.roots.us } } } };
    await assert.rejects(openRuntime(sharedRoot, createLogger({ level: 'silent' }), { createKeys: true }), failsWith('CONFIG_INVALID'));
    const nestedRoot = { ...config, regions: { eu: { ...eu, blobs: { kind: 'fs' as const, root: join(regions.roots.us, 'eu') } } } };
    await assert.rejects(openRuntime(nestedRoot, createLogger({ level: 'silent' }), { createKeys: true }), failsWith('CONFIG_INVALID'));
    const sharedKeys = { ...config, regions: { eu: { ...eu, keys: { provider: 'local' as const, keyringPath: regions.keyrings.us } } } };
    await assert.rejects(openRuntime(sharedKeys, createLogger({ level: 'silent' }), { createKeys: true }), failsWith('CONFIG_INVALID'));
  });
});

describe('when a tenant predates regions (a row without one)', () => {
  it('is pinned to the default region when the runtime opens', async () => {
    const legacyDir = await mkdtemp(join(tmpdir(), 'sotto-regions-legacy-'));
    try {
      const legacy = twoRegions(legacyDir);
      const config = await legacy.config();
      const store = await openSqliteStore({ path: join(legacyDir, 'sotto.db') });
      await store.migrate();
      const wrapped = { provider: 'local', keyId: 'tenant-old', version: 1, ciphertext: Buffer.alloc(60, 1) };
      await store.tenants.create({ id: 'old', createdAt: new Date().toISOString(), pseudonymKey: wrapped });
      assert.equal((await store.tenants.get('old'))?.region, undefined);
      await store.close();
      const rt = await openRuntime(config, createLogger({ level: 'silent' }), { createKeys: true });
      try {
        assert.equal((await rt.store.tenants.get('old'))?.region, 'us');
      } finally {
        await rt.close();
      }
    } finally {
      await rm(legacyDir, { recursive: true, force: true });
    }
  });
});
