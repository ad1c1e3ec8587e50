import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import { defaultConfig, loadConfig, type LoadOptions } from './index.js';

// Every call passes `env` explicitly: the developer's SOTTO_* variables (and the test runner's
// SOTTO_LOG_LEVEL) must not leak into what is being checked.
const NO_ENV: NodeJS.ProcessEnv = Object.freeze({});

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sotto-config-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

let dirs = 0;
/** A fresh data directory, optionally holding `sotto.json`. */
async function dataDir(config?: unknown): Promise<string> {
  const dir = join(root, `data-${++dirs}`);
  await mkdir(dir);
  if (config !== undefined) await writeFile(join(dir, 'sotto.json'), JSON.stringify(config));
  return dir;
}

/** Run with the working directory in an empty dir, so a developer's ./data/sotto.json cannot interfere. */
async function inEmptyWorkingDir<T>(run: () => T): Promise<T> {
  const cwd = process.cwd();
  process.chdir(await dataDir());
  try {
    return run();
  } finally {
    process.chdir(cwd);
  }
}

async function configFile(text: string): Promise<string> {
  const path = join(root, `config-${++dirs}.json`);
  await writeFile(path, text);
  return path;
}

/** loadConfig on an empty data dir with just these env vars and this config file content. */
async function load(options: { env?: NodeJS.ProcessEnv; file?: unknown } = {}) {
  return loadConfig({ dataDir: await dataDir(options.file), env: options.env ?? NO_ENV });
}

/** Asserts CONFIG_INVALID whose message matches every pattern (the field path, usually). */
function rejectsInvalid(run: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(isSottoError(err, 'CONFIG_INVALID'), `expected CONFIG_INVALID, got ${String(err)}`);
    for (const pattern of patterns) assert.match(err.message, pattern);
    return true;
  });
}

async function loadInvalid(file: unknown, env: NodeJS.ProcessEnv, ...patterns: RegExp[]): Promise<void> {
  const options: LoadOptions = { dataDir: await dataDir(file), env };
  rejectsInvalid(() => loadConfig(options), ...patterns);
}

void describe('loadConfig', () => {
  void describe('when nothing is configured', () => {
    void it('returns the embedded defaults with ./data resolved against the working directory', async () => {
      await inEmptyWorkingDir(() => {
        const config = loadConfig({ env: NO_ENV });
        assert.equal(config.dataDir, resolve('data'));
        assert.deepEqual(config, defaultConfig(resolve('data')));
        assert.deepEqual(config.metadata, { kind: 'sqlite' });
        assert.deepEqual(config.blobs, { kind: 'fs' });
        assert.deepEqual(config.keys, { provider: 'local' });
        assert.equal(config.server.host, '127.0.0.1');
        assert.equal(config.server.port, 8443);
        assert.equal(config.log.level, 'info');
      });
    });

    void it('resolves a relative --data to an absolute path', () => {
      const config = loadConfig({ dataDir: 'relative/dir', env: NO_ENV });
      assert.equal(config.dataDir, resolve('relative/dir'));
    });
  });

  void describe('when the data directory is given in several places', () => {
    void it('--data beats SOTTO_DATA, which beats ./data', async () => {
      const flag = await dataDir();
      const fromEnv = await dataDir();
      assert.equal(loadConfig({ dataDir: flag, env: { SOTTO_DATA: fromEnv } }).dataDir, flag);
      assert.equal(loadConfig({ env: { SOTTO_DATA: fromEnv } }).dataDir, fromEnv);
    });

    void it('treats an empty SOTTO_DATA as unset, not as the working directory', async () => {
      await inEmptyWorkingDir(() => assert.equal(loadConfig({ env: { SOTTO_DATA: '' } }).dataDir, resolve('data')));
    });

    void it('ignores a dataDir inside the config file: the directory is chosen before the file is read', async () => {
      const dir = await dataDir({ dataDir: '/elsewhere' });
      assert.equal(loadConfig({ dataDir: dir, env: NO_ENV }).dataDir, dir);
    });
  });

  void describe('when a config file is present', () => {
    void it('picks up <data>/sotto.json and merges it over the defaults section by section', async () => {
      const config = await load({ file: { server: { port: 9443 }, vault: { segmentSize: 65536 } } });
      assert.equal(config.server.port, 9443);
      assert.equal(config.server.host, '127.0.0.1', 'a partial section keeps the other defaults');
      assert.deepEqual(config.server.tls, {});
      assert.equal(config.vault.segmentSize, 65536);
    });

    void it('the configFile option beats SOTTO_CONFIG, which beats <data>/sotto.json', async () => {
      const dir = await dataDir({ server: { port: 1001 } });
      const fromEnv = await configFile(JSON.stringify({ server: { port: 1002 } }));
      const fromOption = await configFile(JSON.stringify({ server: { port: 1003 } }));
      const port = (options: LoadOptions) => loadConfig({ dataDir: dir, ...options }).server.port;
      assert.equal(port({ env: NO_ENV }), 1001);
      assert.equal(port({ env: { SOTTO_CONFIG: fromEnv } }), 1002);
      assert.equal(port({ env: { SOTTO_CONFIG: fromEnv }, configFile: fromOption }), 1003);
      // The chosen file replaces <data>/sotto.json; the two are not merged.
      assert.equal(loadConfig({ dataDir: dir, env: NO_ENV, configFile: await configFile('{}') }).server.port, 8443);
    });

    void it('treats an empty SOTTO_CONFIG as unset, so <data>/sotto.json still applies', async () => {
      const dir = await dataDir({ server: { port: 1004 } });
      assert.equal(loadConfig({ dataDir: dir, env: { SOTTO_CONFIG: '' } }).server.port, 1004);
    });

    void it('a config file that does not exist is CONFIG_INVALID naming it', async () => {
      const missing = join(root, 'no-such-config.json');
      rejectsInvalid(() => loadConfig({ dataDir: root, configFile: missing, env: NO_ENV }), /no-such-config\.json/);
      rejectsInvalid(() => loadConfig({ dataDir: root, env: { SOTTO_CONFIG: missing } }), /no-such-config\.json/);
    });
  });

  void describe('when the file switches a backend', () => {
    void it('metadata: postgres replaces the sqlite section instead of merging into it', async () => {
      const config = await load({ file: { metadata: { kind: 'postgres', url: 'postgres://db.internal/sotto', schema: 'sotto' } } });
      assert.deepEqual(config.metadata, { kind: 'postgres', url: 'postgres://db.internal/sotto', schema: 'sotto' });
    });

    void it('blobs: s3 and keys: pkcs11 replace their sections too', async () => {
      const config = await load({
        file: {
          blobs: { kind: 's3', bucket: 'sotto-blobs', region: 'eu-west-1' },
          keys: { provider: 'pkcs11', modulePath: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'sotto' },
        },
      });
      assert.deepEqual(config.blobs, { kind: 's3', bucket: 'sotto-blobs', region: 'eu-west-1' });
      assert.deepEqual(config.keys, { provider: 'pkcs11', modulePath: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'sotto' });
    });

    void it('a section without a kind merges into the default backend', async () => {
      const config = await load({ file: { metadata: { path: '/srv/sotto/meta.db' } } });
      assert.deepEqual(config.metadata, { kind: 'sqlite', path: '/srv/sotto/meta.db' });
    });
  });

  void describe('when environment variables are set', () => {
    void it('SOTTO_HOST, SOTTO_PORT and SOTTO_LOG_LEVEL override the file', async () => {
      const config = await load({
        file: { server: { host: '10.0.0.1', port: 9000 }, log: { level: 'warn' } },
        env: { SOTTO_HOST: '0.0.0.0', SOTTO_PORT: '8444', SOTTO_LOG_LEVEL: 'debug' },
      });
      assert.equal(config.server.host, '0.0.0.0');
      assert.equal(config.server.port, 8444);
      assert.equal(config.log.level, 'debug');
    });

    void it('SOTTO_METADATA_URL switches sqlite to postgres, leaving no sqlite path behind', async () => {
      const config = await load({ file: { metadata: { kind: 'sqlite', path: '/srv/meta.db' } }, env: { SOTTO_METADATA_URL: 'postgres://u:pw@db/sotto' } });
      assert.deepEqual(config.metadata, { kind: 'postgres', url: 'postgres://u:pw@db/sotto' });
    });

    void it('SOTTO_METADATA_URL replaces only the URL of a postgres section: the file’s schema stays', async () => {
      const config = await load({
        file: { metadata: { kind: 'postgres', url: 'postgres://placeholder/sotto', schema: 'tenant_a' } },
        env: { SOTTO_METADATA_URL: 'postgres://u:pw@db/sotto' },
      });
      assert.deepEqual(config.metadata, { kind: 'postgres', url: 'postgres://u:pw@db/sotto', schema: 'tenant_a' });
    });

    void it('SOTTO_PKCS11_PIN sets the PIN of a pkcs11 provider, over the file’s', async () => {
      const keys = { provider: 'pkcs11', modulePath: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'sotto', pin: 'from-file' };
      const config = await load({ file: { keys }, env: { SOTTO_PKCS11_PIN: '4817' } });
      assert.deepEqual(config.keys, { ...keys, pin: '4817' });
    });

    void it('SOTTO_PKCS11_PIN is ignored by the local provider (and does not make its section invalid)', async () => {
      const config = await load({ env: { SOTTO_PKCS11_PIN: '4817' } });
      assert.deepEqual(config.keys, { provider: 'local' });
    });

    void it('empty variables are ignored', async () => {
      const config = await load({ env: { SOTTO_HOST: '', SOTTO_PORT: '', SOTTO_LOG_LEVEL: '', SOTTO_METADATA_URL: '' } });
      assert.deepEqual({ ...config, dataDir: 'x' }, defaultConfig('x'));
    });
  });

  void describe('when the configuration is invalid', () => {
    void it('an unknown top-level key → CONFIG_INVALID naming the key', async () => {
      await loadInvalid({ colour: 'blue' }, NO_ENV, /colour/);
    });

    void it('an unknown key in a section → CONFIG_INVALID naming the section and the key', async () => {
      await loadInvalid({ server: { hots: 'x' } }, NO_ENV, /configuration server\b/, /hots/);
      await loadInvalid({ keys: { provider: 'pkcs11', modulePath: '/m.so', tokenLabel: 't', slot: 1 } }, NO_ENV, /configuration keys\b/, /slot/);
    });

    void it('a port out of range or not an integer → CONFIG_INVALID naming server.port', async () => {
      await loadInvalid({ server: { port: 70000 } }, NO_ENV, /server\.port/);
      await loadInvalid({ server: { port: 80.5 } }, NO_ENV, /server\.port/);
      await loadInvalid({ server: { port: '8443' } }, NO_ENV, /server\.port/);
    });

    void it('a SOTTO_PORT that is not a plain decimal number → CONFIG_INVALID naming server.port', async () => {
      for (const value of ['84a', ' ', '0x20FB', '1e3', '-1', '65536']) {
        await loadInvalid({}, { SOTTO_PORT: value }, /server\.port/);
      }
    });

    void it('a file that is not JSON → CONFIG_INVALID naming the file, without quoting its content', async () => {
      const texts = ['keys:\n  pin: s3cret-pin-value\n', '{"keys": {"provider": "pkcs11", "pin": s3cret-pin-value, "tokenLabel": "x"}}'];
      for (const text of texts) {
        const path = await configFile(text);
        assert.throws(
          () => loadConfig({ dataDir: root, configFile: path, env: NO_ENV }),
          (err: unknown) => {
            assert.ok(isSottoError(err, 'CONFIG_INVALID'), String(err));
            assert.ok(err.message.includes(path), err.message);
            assert.match(err.message, /not valid JSON/);
            // V8's SyntaxError quotes the text around the error: neither message nor cause may carry it.
            assert.doesNotMatch(err.message, /s3cret/);
            assert.equal(err.cause, undefined);
            return true;
          },
        );
      }
    });

    void it('a JSON array, string or null → CONFIG_INVALID: the file must hold an object', async () => {
      for (const text of ['[{"server": {"port": 1}}]', '"sotto"', 'null']) {
        const path = await configFile(text);
        rejectsInvalid(() => loadConfig({ dataDir: root, configFile: path, env: NO_ENV }), /JSON object/);
      }
    });

    void it('a bad log level, from the file or SOTTO_LOG_LEVEL → CONFIG_INVALID naming log.level', async () => {
      await loadInvalid({ log: { level: 'loud' } }, NO_ENV, /log\.level/);
      await loadInvalid({}, { SOTTO_LOG_LEVEL: 'verbose' }, /log\.level/);
    });

    void it('a section that is not an object → CONFIG_INVALID naming it, even when env overrides target it', async () => {
      await loadInvalid({ keys: null }, NO_ENV, /configuration keys\b/);
      await loadInvalid({ keys: null }, { SOTTO_PKCS11_PIN: '4817' }, /configuration keys\b/);
      await loadInvalid({ server: 5 }, { SOTTO_HOST: '0.0.0.0', SOTTO_PORT: '1' }, /configuration server\b/);
      await loadInvalid({ log: 'debug' }, { SOTTO_LOG_LEVEL: 'info' }, /configuration log\b/);
      await loadInvalid({ metadata: [] }, NO_ENV, /configuration metadata\b/);
    });

    void it('an unknown backend, or a backend missing a required field → CONFIG_INVALID naming the field', async () => {
      await loadInvalid({ metadata: { kind: 'mysql' } }, NO_ENV, /metadata\.kind/);
      await loadInvalid({ blobs: { kind: 's3', region: 'eu-west-1' } }, NO_ENV, /blobs\.bucket/);
      await loadInvalid({ keys: { provider: 'pkcs11', tokenLabel: 'sotto' } }, NO_ENV, /keys\.modulePath/);
      await loadInvalid({ vault: { segmentSize: 1024 } }, NO_ENV, /vault\.segmentSize/);
    });

    void it('a malformed metadata URL → CONFIG_INVALID naming metadata.url without echoing the password', async () => {
      const url = 'postgres//u:hunter2@db';
      await assert.rejects(load({ env: { SOTTO_METADATA_URL: url } }), (err: unknown) => {
        assert.ok(isSottoError(err, 'CONFIG_INVALID'));
        assert.match(err.message, /metadata\.url/);
        assert.doesNotMatch(err.message, /hunter2/);
        return true;
      });
    });
  });

  void describe('when the file carries __proto__ or constructor keys (proto-poisoning)', () => {
    const hostile = [
      '{"__proto__": {"polluted": "yes", "server": {"port": 1}}}',
      '{"server": {"__proto__": {"polluted": "yes", "port": 1}}}',
      '{"constructor": {"prototype": {"polluted": "yes"}}}',
      '{"metadata": {"kind": "postgres", "url": "postgres://db/x", "__proto__": {"polluted": "yes"}}}',
    ];
    for (const text of hostile) {
      void it(`does not pollute Object.prototype or the result: ${text}`, async () => {
        const path = await configFile(text);
        let config: unknown;
        try {
          config = loadConfig({ dataDir: root, configFile: path, env: NO_ENV });
        } catch (err) {
          // Rejecting the key is as good as dropping it; only a coded error is acceptable.
          assert.ok(isSottoError(err, 'CONFIG_INVALID'), String(err));
        }
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
        assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
        if (config !== undefined) {
          assert.deepEqual(config, defaultConfig(root), 'a __proto__ section must not be merged in');
          assert.equal(Object.getPrototypeOf((config as { server: object }).server), Object.prototype);
        }
      });
    }
  });
});
