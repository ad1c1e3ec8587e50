// startSottoServer's maxMediaStreams reaches the media endpoint: with a limit of 1, a second
// stream is answered 503 while the first is open. Recognition is replaced by
// test/support/scripted-asr.ts (no call gets as far as speech here).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';
import { openRuntime, type Runtime } from '../../src/runtime/index.js';
import { startSottoServer, type SottoServer } from '../../src/server/sotto-server.js';
import { createScriptedAsrProvider } from '../support/scripted-asr.js';

describe('startSottoServer with maxMediaStreams (recognition replaced by a scripted recognizer)', { timeout: 60_000 }, () => {
  let dir: string;
  let rt: Runtime;
  let sotto: SottoServer;
  let token: string;
  let ca: Buffer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sotto-stream-limit-'));
    const config = loadConfig({ dataDir: dir, env: { SOTTO_MASTER_SECRET: 'stream-limit-test-master-secret-0123456789' } });
    rt = await openRuntime(config, createLogger({ level: 'silent' }), { createKeys: true });
    await rt.vault.subjects.ensureTenant('acme');
    token = (await rt.identity.createApiToken({ tenantId: 'acme', role: 'developer', name: 'carrier' })).token;
    sotto = await startSottoServer(rt, { host: '127.0.0.1', port: 0, overrides: { asr: createScriptedAsrProvider([]) }, maxMediaStreams: 1 });
    ca = await readFile(join(dir, 'tls', 'cert.pem'));
  });

  after(async () => {
    await sotto?.close();
    await rt?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Resolves 'open', or the HTTP status the upgrade was refused with. */
  function connect(): Promise<{ socket: WebSocket; outcome: 'open' | number }> {
    const socket = new WebSocket(sotto.mediaUrl.replace('127.0.0.1', 'localhost'), { ca, headers: { authorization: `Bearer ${token}` } });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve({ socket, outcome: 'open' }));
      socket.once('unexpected-response', (_req, res) => resolve({ socket, outcome: res.statusCode ?? 0 }));
      socket.once('error', reject);
    });
  }

  it('refuses a second stream with 503 while the first is open, and accepts one again once it closed', async () => {
    const first = await connect();
    assert.equal(first.outcome, 'open');
    const second = await connect();
    assert.equal(second.outcome, 503);
    const closed = new Promise((resolve) => first.socket.once('close', resolve));
    first.socket.close();
    await closed;
    // The server notices the close asynchronously: retry briefly.
    let third: Awaited<ReturnType<typeof connect>> | undefined;
    for (let attempt = 0; attempt < 20 && third?.outcome !== 'open'; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      third = await connect();
    }
    assert.equal(third?.outcome, 'open');
    third?.socket.close();
  });
});
