import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { captureLog, httpsRequest, startTestServer, temporaryDir } from './https-test-client.js';
import type { TestServer } from './https-test-client.js';
import { packageVersion } from './health.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { startServer } from './start.js';

describe('HTTPS server', () => {
  let running: TestServer;
  before(async () => {
    running = await startTestServer();
  });
  after(async () => {
    await running.stop();
  });

  describe('when a client that trusts the generated certificate asks GET /healthz', () => {
    it('answers 200 with the status and the package version', async () => {
      const answer = await httpsRequest(`${running.server.url}/healthz`, { ca: running.ca });
      assert.equal(answer.status, 200);
      assert.match(String(answer.headers['content-type']), /^application\/json/);
      assert.deepEqual(JSON.parse(answer.body), { status: 'ok', version: packageVersion() });
    });

    it('presents a certificate for localhost, 127.0.0.1 and ::1', async () => {
      const answer = await httpsRequest(`${running.server.url}/healthz`, { ca: running.ca });
      assert.equal(answer.peerCertificate.fingerprint256, running.server.tls.fingerprint256);
      const names = answer.peerCertificate.subjectaltname ?? '';
      for (const name of ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1']) {
        assert.ok(names.includes(name), `${name} missing from ${names}`);
      }
    });

    it('sends every security header', async () => {
      const answer = await httpsRequest(`${running.server.url}/healthz`, { ca: running.ca });
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(answer.headers[name], value, name);
      assert.equal(answer.headers['x-powered-by'], undefined);
      assert.equal(answer.headers['server'], undefined);
    });

    it('logs a warning naming the self-signed certificate file', () => {
      const warnings = running.log.lines().filter((line) => line['level'] === 40);
      assert.equal(warnings.length, 1);
      assert.match(String(warnings[0]?.['msg']), /self-signed/);
      assert.equal(warnings[0]?.['certFile'], running.server.tls.certFile);
    });
  });

  describe('when a client sends its own request id', () => {
    it('ignores it and answers with a server-generated id', async () => {
      const answer = await httpsRequest(`${running.server.url}/healthz`, { ca: running.ca, headers: { 'x-request-id': 'forged-id' } });
      assert.match(String(answer.headers['x-request-id']), /^req_[A-Za-z0-9_-]{22}$/);
    });
  });

  describe('when the route is unknown', () => {
    it('answers 404 NOT_FOUND as JSON with the security headers', async () => {
      const answer = await httpsRequest(`${running.server.url}/no/such/route?token=abc123`, { ca: running.ca });
      assert.equal(answer.status, 404);
      assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'NOT_FOUND');
      assert.equal(answer.headers['content-security-policy'], SECURITY_HEADERS['content-security-policy']);
      assert.equal(answer.headers['cache-control'], 'no-store');
    });

    it('does not log the requested URL', () => {
      const text = running.log.text();
      assert.ok(text.includes('"statusCode":404'));
      assert.ok(!text.includes('/no/such/route') && !text.includes('abc123'));
    });
  });
});

describe('HTTPS server restarts', () => {
  describe('when started twice with the same TLS directory', () => {
    it('creates the certificate once (key mode 0600) and presents the same one after restart', async () => {
      const first = await startTestServer();
      const tlsDir = first.tlsDir;
      let firstFingerprint: string | undefined;
      try {
        assert.equal(first.server.tls.origin, 'created');
        if (process.platform !== 'win32') assert.equal((await stat(join(tlsDir, 'key.pem'))).mode & 0o777, 0o600);
        firstFingerprint = (await httpsRequest(`${first.server.url}/healthz`, { ca: first.ca })).peerCertificate.fingerprint256;
        await first.server.close();
        const log = captureLog();
        const second = await startServer({ host: '127.0.0.1', port: 0, tls: {}, tlsDir, logger: log.logger });
        try {
          assert.equal(second.tls.origin, 'reused');
          const answer = await httpsRequest(`${second.url}/healthz`, { ca: first.ca });
          assert.equal(answer.status, 200);
          assert.equal(answer.peerCertificate.fingerprint256, firstFingerprint);
        } finally {
          await second.close();
        }
      } finally {
        await first.stop();
      }
    });
  });
});

describe('HTTPS server with configured certificate files', () => {
  let root: string;
  before(async () => {
    root = await temporaryDir();
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('presents the configured certificate and generates none', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const certFile = join(root, 'cert-from-operator.pem');
    const keyFile = join(root, 'key-from-operator.pem');
    await writeFile(certFile, pems.cert);
    await writeFile(keyFile, pems.private, { mode: 0o600 });
    const tlsDir = join(root, 'generated');
    const log = captureLog();
    const server = await startServer({ host: '127.0.0.1', port: 0, tls: { certFile, keyFile }, tlsDir, logger: log.logger });
    try {
      assert.equal(server.tls.origin, 'configured');
      const answer = await httpsRequest(`${server.url}/healthz`, { ca: await readFile(certFile, 'utf8') });
      assert.equal(answer.status, 200);
      assert.equal(answer.peerCertificate.fingerprint256, server.tls.fingerprint256);
      await assert.rejects(stat(tlsDir), { code: 'ENOENT' });
      assert.ok(!log.text().includes('self-signed'));
    } finally {
      await server.close();
    }
  });
});
