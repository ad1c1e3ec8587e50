import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import { loadConfig } from '../config/index.js';
import { isSottoError } from '../errors/index.js';
import { createLogger } from '../log/index.js';
import { retireTenantKeyVersion, rotateTenantKey } from './key-rotation.js';
import { openRuntime, type Runtime } from './runtime.js';

describe('tenant key rotation with identity secrets', () => {
  let dir: string;
  let rt: Runtime;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sotto-rotate-'));
    const config = loadConfig({ dataDir: dir, env: { SOTTO_MASTER_SECRET: 'rotation-test-master-secret-0123456789abcdef' } });
    rt = await openRuntime(config, createLogger({ level: 'silent' }), { createKeys: true });
  });
  after(async () => {
    await rt.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to retire a version that still wraps a TOTP secret, and after rotating, the user still signs in', async () => {
    await rt.vault.subjects.ensureTenant('acme');
    const created = await rt.identity.createUser({ tenantId: 'acme', email: 'ops@acme.test', role: 'supervisor', password: 'correct horse battery staple' });
    assert.ok(created.totpUri);
    const totp = OTPAuth.URI.parse(created.totpUri) as OTPAuth.TOTP;

    await assert.rejects(retireTenantKeyVersion(rt, 'acme', 1), (e: unknown) => isSottoError(e, 'KEY_IN_USE'));
    const rotated = await rotateTenantKey(rt, 'acme');
    assert.equal(rotated.key.primaryVersion, 2);
    assert.equal(rotated.totpRewrapped, 1);
    await retireTenantKeyVersion(rt, 'acme', 1);

    const login = await rt.identity.login({ tenantId: 'acme', email: 'ops@acme.test', password: 'correct horse battery staple', totp: totp.generate() });
    assert.equal(login.principal.tenantId, 'acme');
  });
});
