import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../access/index.js';
import { loadConfig, type SottoConfig } from '../config/index.js';
import { randomBytes } from '../crypto/index.js';
import { isSottoError, type ErrorCode } from '../errors/index.js';
import { createLogger, type Logger } from '../log/index.js';
import { createTestSchema, postgresSkipReason, TEST_POSTGRES_URL, type TestSchema } from '../../test/support/postgres.js';
import { startLocalS3Server, type LocalS3Server } from '../../test/support/s3-server.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../test/support/softhsm.js';
import { bytes, drain } from '../../test/support/vault-fixture.js';
import { openRuntime } from './index.js';

const MASTER_SECRET = 'runtime-test-master-secret-0123456789abcdef';
const pgSkip = await postgresSkipReason();

let root: string;
let token: SoftHsmToken;
let s3: LocalS3Server;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sotto-runtime-'));
  token = await createSoftHsmToken('sotto-runtime-test');
  s3 = await startLocalS3Server('sotto-runtime');
});
after(async () => {
  await s3?.close();
  await token?.cleanup();
  await rm(root, { recursive: true, force: true });
});

let dirs = 0;
async function emptyDataDir(config?: unknown): Promise<string> {
  const dir = await mkdtemp(join(root, `data-${++dirs}-`));
  if (config !== undefined) await writeFile(join(dir, 'sotto.json'), JSON.stringify(config));
  return dir;
}

/** A logger whose lines the test can read. */
function capturingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void raw.push(line) } });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Run with process.env changed (undefined deletes), restored afterwards whatever happens. */
async function withProcessEnv<T>(vars: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  try {
    return await run();
  } finally {
    apply(saved);
  }
}

/**
 * The local key provider reads the master secret from process.env (openRuntime passes no env),
 * so tests pin it: set, or absent, never the developer's own.
 */
const localSecret = (secret: string | undefined) => ({ SOTTO_MASTER_SECRET: secret, SOTTO_MASTER_SECRET_FILE: undefined });

/**
 * The config schema has no S3 credentials (they are secrets, and the SDK's default chain
 * covers env, shared files and instance roles), so the S3 store finds s3rver's key pair in
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. AWS_PROFILE would make the SDK skip them.
 */
const s3Credentials = () => ({
  AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
});

function rejectsWithCode(expected: ErrorCode, check?: (err: Error) => void) {
  return (err: unknown) => {
    assert.ok(isSottoError(err, expected), `expected ${expected}, got ${String(err)}`);
    check?.(err);
    return true;
  };
}

/** PostgreSQL connections opened under this application name, as the server sees them. */
async function connectionsOf(schema: TestSchema, applicationName: string): Promise<number> {
  // A closed connection leaves pg_stat_activity a moment after the client's end() resolves.
  for (let attempt = 0; ; attempt++) {
    const [row] = await schema.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    if (row?.n === 0 || attempt === 20) return row?.n ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function postgresUrl(applicationName: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('application_name', applicationName);
  return url.toString();
}

/** The config file of a deployment: PostgreSQL in a test schema, s3rver, the SoftHSM token. */
function deploymentConfig(schema: TestSchema, applicationName: string, keys: Record<string, unknown> = {}) {
  return {
    metadata: { kind: 'postgres', url: postgresUrl(applicationName), schema: schema.name },
    blobs: { kind: 's3', bucket: s3.bucket, region: s3.region, endpoint: s3.endpoint, forcePathStyle: true, prefix: applicationName },
    keys: { provider: 'pkcs11', modulePath: token.modulePath, tokenLabel: token.tokenLabel, ...keys },
    vault: { segmentSize: 4096 },
  };
}

void describe('openRuntime', () => {
  void describe('when the configuration selects PostgreSQL, S3 and PKCS#11', { skip: pgSkip }, () => {
    let schema: TestSchema;
    before(async () => {
      schema = await createTestSchema({ create: false });
    });
    after(async () => {
      await schema?.drop();
    });

    void it('puts and reads an artifact through the gateway, writes nothing under the data dir, and a second runtime reads it too', async () => {
      const applicationName = `sotto_rt_${randomBytes(4).toString('hex')}`;
      const dataDir = await emptyDataDir(deploymentConfig(schema, applicationName));
      // The PIN from the environment, as SOTTO_PKCS11_PIN, never from the file.
      const config = loadConfig({ dataDir, env: { SOTTO_PKCS11_PIN: token.pin } });
      assert.equal(config.keys.provider === 'pkcs11' && config.keys.pin, token.pin);
      const plain = Buffer.from('caller: my card number is 4111 1111 1111 1111. '.repeat(400));

      const id = await withProcessEnv(s3Credentials(), async () => {
        const { logger, lines } = capturingLogger();
        const runtime = await openRuntime(config, logger, { createKeys: false });
        try {
          assert.equal(runtime.store.backend, 'postgres');
          assert.equal(runtime.blobs.name, 's3');
          assert.equal(runtime.keys.name, 'pkcs11');
          const stored = await runtime.vault.put({ tenantId: 'acme', subjectId: '+15551234567', kind: 'transcript', body: bytes(plain) });
          assert.ok(stored.ciphertextSize > plain.length);
          assert.deepEqual(await drain((await runtime.gateway.readArtifact(LOCAL_OPERATOR, undefined, stored.id, CLI_CONTEXT)).body), plain);
          // The read is in the audit log, by ids and keyed hashes only.
          const recorded = await runtime.audit.entries({ from: 0, limit: 100 });
          assert.equal(recorded.filter(({ entry }) => entry.resource.id === stored.id && entry.outcome === 'allowed').length, 1);
          assert.doesNotMatch(JSON.stringify(recorded), /15551234567|4111/);
          assert.doesNotMatch(JSON.stringify(lines()), /15551234567|4111/);
          return stored.id;
        } finally {
          await runtime.close();
        }
      });

      assert.deepEqual(await schema.query('SELECT id, kind FROM artifacts'), [{ id, kind: 'transcript' }]);
      assert.deepEqual(await readdir(dataDir), ['sotto.json'], 'remote backends keep nothing in the data dir');
      assert.equal(await connectionsOf(schema, applicationName), 0, 'close() ended the PostgreSQL pool');

      await withProcessEnv(s3Credentials(), async () => {
        const again = await openRuntime(config, createLogger({ level: 'silent' }), { createKeys: false });
        try {
          assert.deepEqual(await drain((await again.gateway.readArtifact(LOCAL_OPERATOR, undefined, id, CLI_CONTEXT)).body), plain);
        } finally {
          await again.close();
        }
      });
    });

    void it('when the key provider fails to open (wrong PIN) → KEY_PROVIDER_UNAVAILABLE, and the PostgreSQL pool is closed', async () => {
      const applicationName = `sotto_rt_${randomBytes(4).toString('hex')}`;
      const dataDir = await emptyDataDir(deploymentConfig(schema, applicationName));
      const config = loadConfig({ dataDir, env: { SOTTO_PKCS11_PIN: 'not-the-pin' } });
      await assert.rejects(
        openRuntime(config, createLogger({ level: 'silent' }), { createKeys: true }),
        rejectsWithCode('KEY_PROVIDER_UNAVAILABLE', (err) => assert.doesNotMatch(err.message, /not-the-pin/)),
      );
      assert.equal(await connectionsOf(schema, applicationName), 0);
    });

    void it('when the token is not there → KEY_PROVIDER_UNAVAILABLE, and the PostgreSQL pool is closed', async () => {
      const applicationName = `sotto_rt_${randomBytes(4).toString('hex')}`;
      const dataDir = await emptyDataDir(deploymentConfig(schema, applicationName, { tokenLabel: 'no-such-token' }));
      const config = loadConfig({ dataDir, env: { SOTTO_PKCS11_PIN: token.pin } });
      await assert.rejects(openRuntime(config, createLogger({ level: 'silent' }), { createKeys: true }), rejectsWithCode('KEY_PROVIDER_UNAVAILABLE'));
      assert.equal(await connectionsOf(schema, applicationName), 0);
    });

    void it('when the blob store refuses its configuration → CONFIG_INVALID, and the PostgreSQL pool is closed', async () => {
      const applicationName = `sotto_rt_${randomBytes(4).toString('hex')}`;
      const file = deploymentConfig(schema, applicationName);
      // Plain http:// off loopback: the S3 store refuses it at open, after the metadata store opened.
      const dataDir = await emptyDataDir({ ...file, blobs: { ...file.blobs, endpoint: 'http://s3.example.com' } });
      const config = loadConfig({ dataDir, env: { SOTTO_PKCS11_PIN: token.pin } });
      await assert.rejects(openRuntime(config, createLogger({ level: 'silent' }), { createKeys: true }), rejectsWithCode('CONFIG_INVALID'));
      assert.equal(await connectionsOf(schema, applicationName), 0);
    });
  });

  void describe('when createKeys is false and the data dir is empty', () => {
    const open = (config: SottoConfig) => openRuntime(config, createLogger({ level: 'silent' }), { createKeys: false });

    void it('without a master secret → KEYRING_SECRET_MISSING; no keyring or secret is created, and SQLite is closed', async () => {
      const dataDir = await emptyDataDir();
      await withProcessEnv(localSecret(undefined), async () => {
        await assert.rejects(open(loadConfig({ dataDir, env: {} })), rejectsWithCode('KEYRING_SECRET_MISSING'));
      });
      assert.equal(existsSync(join(dataDir, 'keys', 'keyring.sealed')), false);
      assert.equal(existsSync(join(dataDir, 'keys', 'master.secret')), false);
      // SQLite removes its write-ahead log when the last connection closes.
      assert.equal(existsSync(join(dataDir, 'sotto.db-wal')), false, 'the SQLite connection was left open');
    });

    void it('with a master secret but no keyring → KEY_PROVIDER_UNAVAILABLE pointing at `sotto keys init`, and SQLite is closed', async () => {
      const dataDir = await emptyDataDir();
      await withProcessEnv(localSecret(MASTER_SECRET), async () => {
        await assert.rejects(
          open(loadConfig({ dataDir, env: {} })),
          rejectsWithCode('KEY_PROVIDER_UNAVAILABLE', (err) => assert.match(err.message, /keys init/)),
        );
      });
      assert.equal(existsSync(join(dataDir, 'keys', 'keyring.sealed')), false);
      assert.equal(existsSync(join(dataDir, 'sotto.db-wal')), false, 'the SQLite connection was left open');
    });
  });

  void describe('when createKeys is true on an empty data dir (first start)', () => {
    void it('creates the keyring and a master secret file, warns where the secret is, and the runtime works', async () => {
      const dataDir = await emptyDataDir();
      const { logger, lines } = capturingLogger();
      await withProcessEnv(localSecret(undefined), async () => {
        const runtime = await openRuntime(loadConfig({ dataDir, env: {} }), logger, { createKeys: true });
        try {
          const { id } = await runtime.vault.put({ tenantId: 'acme', subjectId: 's-1', kind: 'recording', body: bytes(Buffer.from('hello')) });
          assert.deepEqual(await drain((await runtime.gateway.readArtifact(LOCAL_OPERATOR, undefined, id, CLI_CONTEXT)).body), Buffer.from('hello'));
        } finally {
          await runtime.close();
        }
      });
      assert.ok(existsSync(join(dataDir, 'keys', 'keyring.sealed')));
      assert.ok(existsSync(join(dataDir, 'keys', 'master.secret')));
      const warnings = lines().filter((line) => line.level === 40);
      assert.equal(warnings.length, 1);
      assert.match(String(warnings[0]?.msg), /master\.secret/);
      assert.match(String(warnings[0]?.msg), /SOTTO_MASTER_SECRET/);

      // The next start finds what the first created, with createKeys false.
      await withProcessEnv(localSecret(undefined), async () => {
        const again = await openRuntime(loadConfig({ dataDir, env: {} }), createLogger({ level: 'silent' }), { createKeys: false });
        await again.close();
      });
    });
  });
});
