// startSottoServer's maxMediaStreams reaches the media endpoint: with a limit of 1, a second
// stream is answered 503 while the first is open. Recognition is replaced by
// test/support/scripted-asr.ts (no call gets as far as speech here).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startCallServer, type CallServer } from '../support/call-server.js';
import { createScriptedAsrProvider } from '../support/scripted-asr.js';

describe('startSottoServer with maxMediaStreams (recognition replaced by a scripted recognizer)', { timeout: 60_000 }, () => {
  let server: CallServer;

  before(async () => {
    server = await startCallServer({ server: { overrides: { asr: createScriptedAsrProvider([]) }, maxMediaStreams: 1 } });
  });

  after(async () => {
    await server?.close();
  });

  /** Resolves 'open', or the HTTP status the upgrade was refused with. */
  async function connect(): Promise<{ socket: WebSocket; outcome: 'open' | number }> {
    const socket = new WebSocket(server.mediaUrl, { ca: server.ca, headers: { authorization: `Bearer ${await server.streamToken()}` } });
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
