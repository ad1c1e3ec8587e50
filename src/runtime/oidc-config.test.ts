import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { loadConfig } from '../config/index.js';
import { isSottoError } from '../errors/index.js';
import { createLogger } from '../log/index.js';
import { openRuntime, type Runtime } from './runtime.js';

describe('when the configuration enables OIDC single sign-on', () => {
  let dir: string;
  let server: Server;
  let rt: Runtime;
  let sign: (claims: Record<string, unknown>) => Promise<string>;

  before(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    sign = (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer('https://idp.test').setAudience('sotto').setIssuedAt().setExpirationTime('5m').setSubject('emp-1').sign(privateKey);
    dir = await mkdtemp(join(tmpdir(), 'sotto-oidc-'));
    const access = { oidc: { issuer: 'https://idp.test', audience: 'sotto', jwksUri, tenantClaim: 'tenant', roleClaim: 'groups', roleMap: { 'cc-supervisors': 'supervisor' } } };
    await writeFile(join(dir, 'sotto.json'), JSON.stringify({ access }));
    const config = loadConfig({ dataDir: dir, env: { SOTTO_MASTER_SECRET: 'oidc-config-test-master-secret-0123456789' } });
    rt = await openRuntime(config, createLogger({ level: 'silent' }), { createKeys: true });
  });
  after(async () => {
    await rt.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('authenticates an IdP token as a principal of the claimed tenant with the mapped role, named by a keyed hash', async () => {
    await rt.vault.subjects.ensureTenant('acme');
    const principal = await rt.identity.authenticate(await sign({ tenant: 'acme', groups: ['cc-supervisors'] }));
    assert.deepEqual({ ...principal, id: '' }, { id: '', kind: 'user', tenantId: 'acme', roles: ['supervisor'] });
    // Invariant 5: the IdP subject (it may be an email) never becomes a principal id in the audit log.
    assert.match(principal.id, /^oidc_[0-9a-f]{32}$/);
    assert.doesNotMatch(principal.id, /emp-1/);
    const again = await rt.identity.authenticate(await sign({ tenant: 'acme', groups: ['cc-supervisors'] }));
    assert.equal(again.id, principal.id, 'stable, so break-glass grants and sessions still match');
  });

  it('refuses a token naming a tenant this installation does not have', async () => {
    await assert.rejects(rt.identity.authenticate(await sign({ tenant: 'nosuch', groups: ['cc-supervisors'] })), (e: unknown) => isSottoError(e, 'AUTH_INVALID'));
    assert.equal(await rt.store.tenants.get('nosuch'), undefined);
  });

  it('refuses an HS256 token signed with a shared secret (not an allowed algorithm) with AUTH_INVALID', async () => {
    const token = await new SignJWT({ tenant: 'acme', groups: [] }).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    await assert.rejects(rt.identity.authenticate(token), (e: unknown) => isSottoError(e, 'AUTH_INVALID'));
  });
});
