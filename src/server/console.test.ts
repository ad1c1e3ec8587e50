import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../log/index.js';
import { CONSOLE_CSP, registerConsole } from './console.js';
import { httpsRequest, type HttpsAnswer } from './https-test-client.js';
import { startServer, type RunningServer } from './start.js';

let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sotto-console-serve-'));
  await mkdir(join(root, 'dist', 'assets'), { recursive: true });
  await writeFile(join(root, 'dist', 'index.html'), '<!doctype html><title>console</title><script type="module" src="/console/assets/index-AbC123.js"></script>');
  await writeFile(join(root, 'dist', 'assets', 'index-AbC123.js'), 'console.log("x")');
  await mkdir(join(root, 'empty'));
});
after(async () => rm(root, { recursive: true, force: true }));

async function httpsGet(url: string, caFile: string): Promise<HttpsAnswer> {
  return httpsRequest(url, { ca: await readFile(caFile, 'utf8') });
}

async function serve(distDir: string, tlsDir: string): Promise<RunningServer> {
  return startServer({ host: '127.0.0.1', port: 0, tls: {}, tlsDir: join(root, tlsDir), logger: createLogger({ level: 'silent' }), routes: (app) => registerConsole(app, { distDir }) });
}

describe('when the console is built', () => {
  let server: RunningServer;
  let ca: string;
  before(async () => {
    server = await serve(join(root, 'dist'), 'tls-built');
    ca = join(root, 'tls-built', 'cert.pem');
  });
  after(async () => server.close());

  it('redirects / to /console/', async () => {
    const answer = await httpsGet(`${server.url}/`, ca);
    assert.equal(answer.status, 302);
    assert.equal(answer.headers['location'], '/console/');
  });

  it('serves index.html under the console CSP, revalidated on every load', async () => {
    const answer = await httpsGet(`${server.url}/console/`, ca);
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^text\/html/);
    assert.equal(answer.headers['content-security-policy'], CONSOLE_CSP);
    assert.equal(answer.headers['cache-control'], 'no-cache');
    assert.equal(answer.headers['x-frame-options'], 'DENY');
  });

  it('answers a client route (/console/calls/…) with index.html, the single-page app', async () => {
    const answer = await httpsGet(`${server.url}/console/calls/call_x`, ca);
    assert.equal(answer.status, 200);
    assert.match(answer.body, /<title>console<\/title>/);
  });

  it('serves hashed assets with an immutable year-long cache', async () => {
    const answer = await httpsGet(`${server.url}/console/assets/index-AbC123.js`, ca);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(answer.headers['content-security-policy'], CONSOLE_CSP);
  });

  it('answers an unknown asset 404, not index.html', async () => {
    const answer = await httpsGet(`${server.url}/console/assets/missing.js`, ca);
    assert.equal(answer.status, 404);
  });
});

describe('when the console is not built', () => {
  it('still starts, and answers /console/ with 503 CONSOLE_NOT_BUILT', async () => {
    const server = await serve(join(root, 'empty'), 'tls-empty');
    try {
      const answer = await httpsGet(`${server.url}/console/`, join(root, 'tls-empty', 'cert.pem'));
      assert.equal(answer.status, 503);
      assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'CONSOLE_NOT_BUILT');
    } finally {
      await server.close();
    }
  });
});
