// `sotto serve` as a real process: HTTPS only with its self-signed certificate, a warning about
// the generated master secret on first start, and a clean exit on SIGTERM.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createSandbox, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

const STOP_WITHIN_MS = 5_000;

function getStatus(url: string, options: { ca?: string } = {}): Promise<{ status: number; body: string }> {
  const request = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, timeout: 5_000, ...(options.ca ? { ca: options.ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

describe('when sotto serve starts on a fresh data dir', () => {
  let box: Sandbox;
  let child: ChildProcessWithoutNullStreams;
  let closed: Promise<[number | null, NodeJS.Signals | null]>;
  let stdout = '';
  let stderr = '';
  let url = '';

  before(
    async () => {
      box = await createSandbox();
      // warn, not silent: the master-secret warning is part of what is tested.
      child = box.spawn(['serve', '--port', '0', '--json', '--data', box.data], { env: { SOTTO_LOG_LEVEL: 'warn' } });
      closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      // The first stdout line is the result; an early exit fails the whole describe.
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => {
          if (stdout.includes('\n')) resolve();
        });
        void closed.then(() => reject(new Error(`serve exited early: ${stderr}`)));
      });
      url = (JSON.parse(stdout.split('\n')[0] ?? '') as { url: string }).url;
    },
    { timeout: RUN_TIMEOUT_MS },
  );
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await box.remove();
  });

  it('prints one JSON line with an https URL on a picked port', () => {
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(url).port, '0');
  });

  it('answers GET /healthz with 200 {status:"ok"} over HTTPS verified against data/tls/cert.pem', async () => {
    const ca = await readFile(join(box.data, 'tls', 'cert.pem'), 'utf8');
    const answer = await getStatus(`${url}/healthz`, { ca });
    assert.equal(answer.status, 200);
    assert.equal((JSON.parse(answer.body) as { status: string }).status, 'ok');
  });

  it('refuses the same request over HTTPS without trusting the certificate', async () => {
    await assert.rejects(getStatus(`${url}/healthz`), /self-signed|unable to verify|certificate/i);
  });

  it('does not answer plain http:// on the same port with 200', async () => {
    const plain = url.replace(/^https:/, 'http:');
    const status = await getStatus(`${plain}/healthz`).then(
      (answer) => answer.status,
      () => 0, // connection reset by the TLS listener: refused, as it should be
    );
    assert.notEqual(status, 200);
  });

  it('warned on stderr about the generated data/keys/master.secret', () => {
    assert.match(stderr, /master\.secret/);
  });

  it('stops with exit code 0 within a few seconds of SIGTERM, with nothing more on stdout', { timeout: STOP_WITHIN_MS * 2 }, async () => {
    child.kill('SIGTERM');
    const [code, signal] = await Promise.race([
      closed,
      sleep(STOP_WITHIN_MS, undefined, { ref: false }).then(() => assert.fail(`still running ${STOP_WITHIN_MS} ms after SIGTERM`)),
    ]);
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
    assert.equal(stdout.split('\n').length, 2, `stdout: ${JSON.stringify(stdout)}`);
  });
});
