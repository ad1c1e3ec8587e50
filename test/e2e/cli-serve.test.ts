// `sotto serve` as a real process: HTTPS only with its self-signed certificate, a warning about
// the generated master secret on first start, and a clean exit on SIGTERM.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { SERVER_HEAP_FLAG } from '../../src/cli/server-heap.js';
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

/** Live child processes of `pid` with their command lines (Linux /proc). */
async function childrenOf(pid: number): Promise<{ pid: number; cmdline: string[] }[]> {
  const out: { pid: number; cmdline: string[] }[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name in parentheses, which may itself hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      out.push({ pid: Number(name), cmdline: (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0').filter(Boolean) });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

async function waitForStdoutLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  let stdout = '';
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
    });
    child.once('close', () => reject(new Error('serve exited early')));
  });
}

describe('when the sotto process that started the server is killed outright', () => {
  it('the server notices and stops as well (no orphan holding the port)', { timeout: RUN_TIMEOUT_MS * 2 }, async () => {
    const box = await createSandbox();
    const child = box.spawn(['serve', '--port', '0', '--json', '--data', box.data]);
    try {
      const { url } = JSON.parse(await waitForStdoutLine(child)) as { url: string };
      const [server] = await childrenOf(child.pid ?? -1);
      assert.ok(server, 'the server runs in a child process');
      child.kill('SIGKILL');
      // Running unless its /proc entry is gone or a zombie (state Z) awaiting its reaper.
      const running = (): Promise<boolean> =>
        readFile(`/proc/${server.pid}/stat`, 'utf8').then(
          (stat) => stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z',
          () => false,
        );
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (await running())) await sleep(100);
      assert.equal(await running(), false, 'the server process still runs 10 s after its supervisor was killed');
      const answered = await getStatus(`${url}/healthz`).then(
        () => true,
        (err: Error) => !/ECONNREFUSED/.test(err.message),
      );
      assert.equal(answered, false, 'the port is free again');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await box.remove();
    }
  });
});

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

  it('serves from a process of its own started with the V8 heap flag (src/cli/server-heap.ts)', async () => {
    const servers = await childrenOf(child.pid ?? -1);
    assert.equal(servers.length, 1, `children of the sotto process: ${JSON.stringify(servers)}`);
    assert.ok(servers[0]?.cmdline.includes(SERVER_HEAP_FLAG), `server command line: ${servers[0]?.cmdline.join(' ')}`);
    assert.ok(servers[0]?.cmdline.includes('serve'));
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
