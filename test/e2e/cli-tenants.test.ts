// `sotto tenants create|list` with two regions configured on one machine (docs/residency.md):
// the default region 'local' (top-level blobs and keys) and 'eu' (its own blob root and keyring).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertFailure, assertSuccess, createSandbox, filesUnder, jsonLine, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

// Each test runs up to four commands, and every one starts a fresh process.
const timeout = 4 * RUN_TIMEOUT_MS;
const env = { SOTTO_MASTER_SECRET: 'cli-tenants-test-master-secret-0123456789abcdef' };

describe('when an operator pins tenants to regions through the CLI', () => {
  let box: Sandbox;
  let euRoot: string;
  let localRoot: string;
  const sotto = (args: string[], input?: string) => box.sotto(args, { env, ...(input === undefined ? {} : { input }) });

  before(async () => {
    box = await createSandbox();
    euRoot = join(box.root, 'eu', 'blobs');
    localRoot = join(box.data, 'blobs');
    await mkdir(box.data, { recursive: true });
    const config = { regions: { eu: { blobs: { kind: 'fs', root: euRoot }, keys: { provider: 'local', keyringPath: join(box.root, 'eu', 'keys', 'keyring.sealed') } } } };
    await writeFile(join(box.data, 'sotto.json'), JSON.stringify(config));
  });
  after(() => box.remove());

  it('creates a tenant in eu and one in the default region, and lists both with their regions', { timeout }, async () => {
    const eu = jsonLine<{ tenantId: string; region: string }>(await sotto(['tenants', 'create', '--tenant', 'acme-eu', '--region', 'eu', '--json']));
    assert.deepEqual([eu.tenantId, eu.region], ['acme-eu', 'eu']);
    const local = jsonLine<{ region: string }>(await sotto(['tenants', 'create', '--tenant', 'acme', '--json']));
    assert.equal(local.region, 'local');
    const listed = jsonLine<{ tenants: { tenantId: string; region: string }[] }>(await sotto(['tenants', 'list', '--json']));
    assert.deepEqual(listed.tenants.map((t) => [t.tenantId, t.region]).sort(), [
      ['acme', 'local'],
      ['acme-eu', 'eu'],
    ]);
  });

  it('stores the eu tenant’s artifact under eu’s blob root only', { timeout }, async () => {
    const run = await sotto(['vault', 'put', '--tenant', 'acme-eu', '--subject', '+4930000001', '--kind', 'recording', '--in', '-'], 'recording of an eu caller');
    assertSuccess(run);
    const euFiles = (await filesUnder(euRoot)).map((f) => relative(euRoot, f));
    assert.equal(euFiles.length, 1);
    assert.match(euFiles[0] ?? '', /^acme-eu\/recording\/art_/);
    const localFiles = await filesUnder(localRoot).catch(() => []);
    assert.ok(localFiles.every((f) => !relative(localRoot, f).startsWith('acme-eu')), localFiles.join(', '));
  });

  it('refuses an unknown region (exit 1, REGION_UNKNOWN) and moving a tenant (exit 1, TENANT_REGION_IMMUTABLE)', { timeout }, async () => {
    assert.match(assertFailure(await sotto(['tenants', 'create', '--tenant', 'initech', '--region', 'mars']), 1), /^sotto: REGION_UNKNOWN: no region mars is configured/);
    assert.match(assertFailure(await sotto(['tenants', 'create', '--tenant', 'acme-eu', '--region', 'local']), 1), /^sotto: TENANT_REGION_IMMUTABLE: tenant acme-eu is pinned to region eu/);
    const listed = jsonLine<{ tenants: { tenantId: string }[] }>(await sotto(['tenants', 'list', '--json']));
    assert.ok(!listed.tenants.some((t) => t.tenantId === 'initech'));
  });

  it('is a usage error (exit 2) without --tenant or with a malformed tenant id', { timeout }, async () => {
    assertFailure(await sotto(['tenants', 'create', '--region', 'eu']), 2);
    assertFailure(await sotto(['tenants', 'create', '--tenant', 'Not Valid']), 2);
  });
});
