import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { isSottoError } from '../errors/index.js';
import { temporaryDir } from './https-test-client.js';
import { SELF_SIGNED_CERT_FILE, SELF_SIGNED_KEY_FILE, loadServerCertificate } from './tls-certificate.js';

const POSIX = process.platform !== 'win32';
const DAY_MS = 24 * 60 * 60 * 1000;

describe('loadServerCertificate', () => {
  let root: string;
  before(async () => {
    root = await temporaryDir();
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('when no certificate is configured', () => {
    it('creates a self-signed pair in a private directory, key readable by the owner only', async () => {
      const tlsDir = join(root, 'first', 'tls');
      const loaded = await loadServerCertificate({ tls: {}, tlsDir });
      assert.equal(loaded.origin, 'created');
      assert.equal(loaded.certFile, join(tlsDir, SELF_SIGNED_CERT_FILE));
      assert.equal(loaded.keyFile, join(tlsDir, SELF_SIGNED_KEY_FILE));
      assert.deepEqual((await readdir(tlsDir)).sort(), [SELF_SIGNED_CERT_FILE, SELF_SIGNED_KEY_FILE]);
      if (POSIX) {
        assert.equal((await stat(tlsDir)).mode & 0o777, 0o700);
        assert.equal((await stat(loaded.keyFile)).mode & 0o777, 0o600);
      }
      const remainingDays = (loaded.validTo.getTime() - Date.now()) / DAY_MS;
      assert.ok(remainingDays > 360 && remainingDays < 367, `valid for ${remainingDays} days`);
    });

    it('reuses the stored pair on the next start', async () => {
      const tlsDir = join(root, 'reuse');
      const first = await loadServerCertificate({ tls: {}, tlsDir });
      const second = await loadServerCertificate({ tls: {}, tlsDir });
      assert.equal(second.origin, 'reused');
      assert.equal(second.fingerprint256, first.fingerprint256);
      assert.equal(second.key, first.key);
    });

    it('tightens a directory that was created too open', { skip: !POSIX }, async () => {
      const tlsDir = join(root, 'loose');
      await loadServerCertificate({ tls: {}, tlsDir });
      await chmod(tlsDir, 0o755);
      await loadServerCertificate({ tls: {}, tlsDir });
      assert.equal((await stat(tlsDir)).mode & 0o777, 0o700);
    });
  });

  describe('when the stored pair cannot be used', () => {
    it('regenerates when the key file is unreadable as a key', async () => {
      const tlsDir = join(root, 'garbled');
      const first = await loadServerCertificate({ tls: {}, tlsDir });
      await writeFile(first.keyFile, 'not a key', { mode: 0o600 });
      const second = await loadServerCertificate({ tls: {}, tlsDir });
      assert.equal(second.origin, 'created');
      assert.notEqual(second.fingerprint256, first.fingerprint256);
    });

    it('regenerates when the key file became readable by others', { skip: !POSIX }, async () => {
      const tlsDir = join(root, 'exposed');
      const first = await loadServerCertificate({ tls: {}, tlsDir });
      await chmod(first.keyFile, 0o644);
      const second = await loadServerCertificate({ tls: {}, tlsDir });
      assert.equal(second.origin, 'created');
      assert.notEqual(second.key, first.key);
      assert.equal((await stat(second.keyFile)).mode & 0o777, 0o600);
    });

    it('regenerates when the certificate has expired', async () => {
      const tlsDir = join(root, 'expired');
      const first = await loadServerCertificate({ tls: {}, tlsDir });
      const later = new Date(first.validTo.getTime() + DAY_MS);
      const second = await loadServerCertificate({ tls: {}, tlsDir, now: later });
      assert.equal(second.origin, 'created');
      assert.ok(second.validTo.getTime() > later.getTime());
    });
  });

  describe('when certificate and key files are configured', () => {
    it('uses them and writes nothing to the TLS directory', async () => {
      const dir = join(root, 'configured');
      const tlsDir = join(dir, 'tls');
      const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256' });
      const certFile = join(root, 'operator-cert.pem');
      const keyFile = join(root, 'operator-key.pem');
      await writeFile(certFile, pems.cert);
      await writeFile(keyFile, pems.private, { mode: 0o600 });
      const loaded = await loadServerCertificate({ tls: { certFile, keyFile }, tlsDir });
      assert.equal(loaded.origin, 'configured');
      assert.equal(loaded.cert, pems.cert);
      assert.equal(loaded.certFile, certFile);
      await assert.rejects(stat(tlsDir), { code: 'ENOENT' });
    });

    it('throws CONFIG_INVALID when only one of the two is given', async () => {
      await assert.rejects(
        loadServerCertificate({ tls: { certFile: join(root, 'any-cert.pem') }, tlsDir: join(root, 'half') }),
        (err) => isSottoError(err, 'CONFIG_INVALID'),
      );
    });

    it('throws CONFIG_INVALID when the key does not match the certificate', async () => {
      const [mine, other] = await Promise.all([generate(undefined, { keyType: 'ec' }), generate(undefined, { keyType: 'ec' })]);
      const certFile = join(root, 'mine-cert.pem');
      const keyFile = join(root, 'other-key.pem');
      await writeFile(certFile, mine.cert);
      await writeFile(keyFile, other.private, { mode: 0o600 });
      await assert.rejects(
        loadServerCertificate({ tls: { certFile, keyFile }, tlsDir: join(root, 'mismatch') }),
        (err) => isSottoError(err, 'CONFIG_INVALID'),
      );
    });

    it('throws CONFIG_INVALID when the certificate has expired', async () => {
      const old = await generate(undefined, {
        keyType: 'ec',
        notBeforeDate: new Date(Date.now() - 10 * DAY_MS),
        notAfterDate: new Date(Date.now() - DAY_MS),
      });
      const certFile = join(root, 'old-cert.pem');
      const keyFile = join(root, 'old-key.pem');
      await writeFile(certFile, old.cert);
      await writeFile(keyFile, old.private, { mode: 0o600 });
      await assert.rejects(
        loadServerCertificate({ tls: { certFile, keyFile }, tlsDir: join(root, 'old') }),
        (err) => isSottoError(err, 'CONFIG_INVALID') && err.message.includes('expired'),
      );
    });
  });
});
