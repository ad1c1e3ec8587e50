// `sotto users create` and `sotto tokens create` as real processes: exit codes, one-time
// output (password, TOTP enrolment URI, API token) that no file under the data dir keeps, and
// the printed credentials working against the same data dir afterwards.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'otpauth';
import { IdentityService } from '../../src/access/identity/index.js';
import { totpCode } from '../../src/access/identity/totp.js';
import { isSottoError } from '../../src/errors/index.js';
import { openSqliteStore } from '../../src/store/meta/sqlite.js';
import { LocalKeyProvider } from '../../src/vault/keys/local-keyring.js';
import { assertFailure, assertNoFileContains, assertSuccess, createSandbox, jsonLine, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

const timeout = RUN_TIMEOUT_MS;
const CHOSEN_PASSWORD = 'a chosen passphrase, long enough';

interface UserJson {
  id: string;
  tenant: string;
  email: string;
  role: string;
  totpEnabled: boolean;
  password?: string;
  totpUri?: string;
}

interface TokenJson {
  id: string;
  tenant: string;
  role: string;
  name: string;
  expiresAt: string | null;
  token: string;
}

/** Use what the CLI printed, in-process, against the CLI's own data dir. */
async function withIdentity<T>(box: Sandbox, use: (identity: IdentityService) => Promise<T>): Promise<T> {
  const store = await openSqliteStore({ path: join(box.data, 'sotto.db') });
  const keys = await LocalKeyProvider.open({ dataDir: box.data, env: {} });
  try {
    return await use(new IdentityService({ store, keys }));
  } finally {
    await keys.close();
    await store.close();
  }
}

describe('when an operator creates users and API tokens through the CLI', () => {
  let box: Sandbox;
  const secrets: string[] = [];
  const binarySecrets: Buffer[] = [];
  let generated: { password: string; totpUri: string; email: string } | undefined;
  let chosen: UserJson | undefined;
  let apiToken: TokenJson | undefined;

  before(async () => {
    box = await createSandbox();
  });
  after(async () => {
    await box.remove();
  });

  it('users create generates a password and prints it and the TOTP URI once', { timeout }, async () => {
    const run = await box.sotto(['users', 'create', '--tenant', 'acme', '--email', 'Ana@Example.com', '--role', 'supervisor']);
    assertSuccess(run);
    const text = run.stdout.toString('utf8');
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 3, text);
    assert.match(lines[0] ?? '', /^user usr_[A-Za-z0-9_-]{22} \(ana@example\.com\) created in tenant acme with role supervisor$/);
    const password = /^password \(shown once\): ([A-Za-z0-9_-]{24})$/.exec(lines[1] ?? '')?.[1];
    const totpUri = /(otpauth:\/\/totp\/\S+)$/.exec(lines[2] ?? '')?.[1];
    assert.ok(password && totpUri, text);
    generated = { password, totpUri, email: 'ana@example.com' };
    secrets.push(password, URI.parse(totpUri).secret.base32);
    binarySecrets.push(Buffer.from(URI.parse(totpUri).secret.bytes));
  });

  it('users create --password-stdin --json takes the password from stdin and does not echo it', { timeout }, async () => {
    const run = await box.sotto(
      ['users', 'create', '--tenant', 'acme', '--email', 'bo@example.com', '--role', 'auditor', '--password-stdin', '--json'],
      { input: `${CHOSEN_PASSWORD}\n` },
    );
    assertSuccess(run);
    chosen = jsonLine<UserJson>(run);
    assert.deepEqual([chosen.tenant, chosen.email, chosen.role, chosen.totpEnabled], ['acme', 'bo@example.com', 'auditor', true]);
    assert.equal(chosen.password, undefined);
    assert.equal(run.stdout.includes(CHOSEN_PASSWORD), false);
    assert.match(chosen.totpUri ?? '', /^otpauth:\/\/totp\//);
    secrets.push(CHOSEN_PASSWORD, URI.parse(chosen.totpUri ?? '').secret.base32);
    binarySecrets.push(Buffer.from(URI.parse(chosen.totpUri ?? '').secret.bytes));
  });

  it('users create for an email the tenant has fails with USER_EXISTS (exit 1) and prints nothing', { timeout }, async () => {
    const line = assertFailure(await box.sotto(['users', 'create', '--tenant', 'acme', '--email', 'ANA@example.com', '--role', 'analyst']), 1);
    assert.match(line, /^sotto: USER_EXISTS: /);
  });

  it('users create with an unknown role is a usage error (exit 2)', { timeout }, async () => {
    const line = assertFailure(await box.sotto(['users', 'create', '--tenant', 'acme', '--email', 'cy@example.com', '--role', 'root']), 2);
    assert.match(line, /--role/);
  });

  it('users create with a bad email or tenant is a usage error (exit 2)', { timeout }, async () => {
    assertFailure(await box.sotto(['users', 'create', '--tenant', 'acme', '--email', 'cy', '--role', 'analyst']), 2);
    assertFailure(await box.sotto(['users', 'create', '--tenant', 'Not/A/Tenant', '--email', 'cy@example.com', '--role', 'analyst']), 2);
  });

  it('users create with a short password from stdin fails with PASSWORD_WEAK (exit 1)', { timeout }, async () => {
    const run = await box.sotto(['users', 'create', '--tenant', 'acme', '--email', 'cy@example.com', '--role', 'analyst', '--password-stdin'], {
      input: 'too-short\n',
    });
    assert.match(assertFailure(run, 1), /^sotto: PASSWORD_WEAK: /);
  });

  it('tokens create prints the API token alone, once', { timeout }, async () => {
    const run = await box.sotto(['tokens', 'create', '--tenant', 'acme', '--role', 'auditor', '--ttl-days', '30']);
    assertSuccess(run);
    assert.match(run.stdout.toString('utf8'), /^sotto_t_[A-Za-z0-9_-]{43}\n$/);
    secrets.push(run.stdout.toString('utf8').trim().slice('sotto_t_'.length));
  });

  it('tokens create --json adds id, role, name and expiry', { timeout }, async () => {
    const run = await box.sotto(['tokens', 'create', '--tenant', 'acme', '--role', 'developer', '--name', 'ci export', '--json']);
    assertSuccess(run);
    apiToken = jsonLine<TokenJson>(run);
    assert.match(apiToken.id, /^tok_/);
    assert.deepEqual([apiToken.tenant, apiToken.role, apiToken.name, apiToken.expiresAt], ['acme', 'developer', 'ci export', null]);
    assert.match(apiToken.token, /^sotto_t_[A-Za-z0-9_-]{43}$/);
    secrets.push(apiToken.token.slice('sotto_t_'.length));
  });

  it('tokens create with an unknown role, a missing role or a bad --ttl-days is a usage error (exit 2)', { timeout }, async () => {
    assertFailure(await box.sotto(['tokens', 'create', '--tenant', 'acme', '--role', 'god']), 2);
    assertFailure(await box.sotto(['tokens', 'create', '--tenant', 'acme']), 2);
    assertFailure(await box.sotto(['tokens', 'create', '--tenant', 'acme', '--role', 'analyst', '--ttl-days', '0']), 2);
    assertFailure(await box.sotto(['tokens', 'create', '--tenant', 'acme', '--role', 'analyst', '--ttl-days', '1.5']), 2);
  });

  it('tokens list shows the tokens but never a token itself', { timeout }, async () => {
    const run = await box.sotto(['tokens', 'list', '--tenant', 'acme', '--json']);
    assertSuccess(run);
    const listed = jsonLine<{ tokens: { id: string }[] }>(run);
    assert.equal(listed.tokens.length, 2);
    assert.equal(run.stdout.includes('sotto_t_'), false);
  });

  it('no file under the data dir holds a password, a TOTP secret or an API token', async () => {
    assert.deepEqual([secrets.length, binarySecrets.length], [6, 2]);
    await assertNoFileContains(box.data, [...secrets, ...binarySecrets]);
  });

  it('the printed password and TOTP URI log in, and the printed API token authenticates', { timeout }, async () => {
    assert.ok(generated && apiToken);
    const { password, totpUri, email } = generated;
    const token = apiToken;
    await withIdentity(box, async (identity) => {
      const secret = URI.parse(totpUri).secret.bytes;
      const login = await identity.login({ tenantId: 'acme', email, password, totp: totpCode(secret, new Date()) });
      assert.deepEqual([login.principal.kind, login.principal.tenantId, login.principal.roles], ['user', 'acme', ['supervisor']]);
      assert.deepEqual(await identity.authenticate(token.token), { id: token.id, kind: 'service', tenantId: 'acme', roles: ['developer'] });
    });
  });

  it('tokens revoke stops the token at once', { timeout }, async () => {
    assert.ok(apiToken);
    const token = apiToken;
    assertSuccess(await box.sotto(['tokens', 'revoke', token.id, '--tenant', 'acme']));
    await withIdentity(box, async (identity) => {
      await assert.rejects(identity.authenticate(token.token), (err: unknown) => isSottoError(err, 'AUTH_INVALID'));
    });
    assert.match(assertFailure(await box.sotto(['tokens', 'revoke', 'tok_unknown', '--tenant', 'acme']), 1), /^sotto: NOT_FOUND: /);
  });
});
