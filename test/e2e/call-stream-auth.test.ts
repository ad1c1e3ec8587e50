// Issue 5 "the secure call": a media stream is admitted by a one-time stream token (or, with
// Twilio configured, by a signature seen once), never by an API or session token. Real server,
// real TLS WebSockets, real metadata store; recognition is replaced by test/support/scripted-asr.ts
// (no call here gets as far as speech).
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../src/access/index.js';
import type { AuditEntry } from '../../src/audit/entry.js';
import { issueStreamToken } from '../../src/call/stream-tokens/index.js';
import { connectMediaStream, twilioSignature } from '../../src/transport/index.js';
import { startCallServer, type CallServer } from '../support/call-server.js';
import { createSandbox, type Sandbox } from './support/sotto-process.js';
import { createScriptedAsrProvider } from '../support/scripted-asr.js';

/** 'open' or the HTTP status the upgrade was refused with. */
function upgrade(server: CallServer, url: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket; outcome: 'open' | number }> {
  const socket = new WebSocket(url, { ca: server.ca, headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, outcome: 'open' }));
    socket.once('unexpected-response', (_req, res) => resolve({ socket, outcome: res.statusCode ?? 0 }));
    socket.once('error', reject);
  });
}

function post(server: CallServer, path: string, bearer: string | undefined, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const port = new URL(server.mediaUrl).port;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: 'localhost', port, path, method: 'POST', ca: server.ca, headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (p: Buffer) => parts.push(p));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Audit entries from `from` on; the refusal of an upgrade is audited just after the 401 is sent, so wait for it. */
async function auditAfter(server: CallServer, from: number, match: (e: AuditEntry) => boolean): Promise<AuditEntry[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const size = await server.rt.audit.size();
    const entries = size > from ? (await server.rt.audit.entries({ from, limit: size - from })).map((e) => e.entry) : [];
    if (entries.some(match)) return entries;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail('the expected audit entry was not written');
}

const refusal = (code: string) => (e: AuditEntry) => e.action === 'media.connect' && e.outcome === 'denied' && e.reason === code;

describe('media stream authentication with stream tokens (recognition replaced by a scripted recognizer)', { timeout: 120_000 }, () => {
  let server: CallServer;
  before(async () => {
    server = await startCallServer({ server: { overrides: { asr: createScriptedAsrProvider([]) } } });
  });
  after(async () => server?.close());

  it('a token minted through POST /v1/calls/stream-tokens admits one stream; the same token again is 401 and audited as used', async () => {
    const minted = await post(server, '/v1/calls/stream-tokens', server.apiToken, { ttlSeconds: 120 });
    assert.equal(minted.status, 201);
    const token = minted.json.token as string;
    assert.match(token, /^sotto_m_/);
    assert.match(minted.json.mediaUrl as string, /^wss:\/\/localhost:\d+\/v1\/media-stream\/sotto_m_/);
    assert.ok(Date.parse(minted.json.expiresAt as string) > Date.now());
    const from = await server.rt.audit.size();
    const first = await upgrade(server, minted.json.mediaUrl as string);
    assert.equal(first.outcome, 'open');
    first.socket.close();
    const second = await upgrade(server, minted.json.mediaUrl as string);
    assert.equal(second.outcome, 401);
    const entries = await auditAfter(server, from, refusal('TRANSPORT_STREAM_TOKEN_USED'));
    assert.ok(!JSON.stringify(entries).includes(token.slice(8)), 'no token value in the audit log');
  });

  it('a stream that starts is audited as admitted, on the call it became, by the token id (never the token)', async () => {
    const minted = await post(server, '/v1/calls/stream-tokens', server.apiToken, { ttlSeconds: 120 });
    const token = minted.json.token as string;
    const from = await server.rt.audit.size();
    const client = await connectMediaStream({ url: minted.json.mediaUrl as string, ca: server.ca });
    client.start();
    const admitted = (e: AuditEntry): boolean => e.action === 'media.connect' && e.outcome === 'allowed';
    const entries = await auditAfter(server, from, admitted);
    await client.close();
    const entry = entries.find(admitted) as AuditEntry;
    assert.match(entry.reason, /^stream_token:stk_/);
    assert.equal(entry.resource?.type, 'call');
    assert.equal(entry.resource?.tenantId, 'acme');
    assert.ok(!JSON.stringify(entries).includes(token.slice(8)), 'no token value in the audit log');
    // The call id in the entry is the call that was recorded.
    const callId = entry.resource?.id as string;
    for (let i = 0; i < 50 && (await server.rt.calls.get(callId)) === undefined; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await server.rt.calls.get(callId))?.tenantId, 'acme');
  });

  it('minting is audited with the token id, never the token', async () => {
    const from = await server.rt.audit.size();
    const minted = await post(server, '/v1/calls/stream-tokens', server.apiToken, { agent: 'card-payment' });
    assert.equal(minted.status, 201);
    const entries = await auditAfter(server, from, (e) => e.action === 'call.stream_token' && e.outcome === 'allowed');
    assert.ok(entries.some((e) => e.action === 'call.connect' && e.outcome === 'allowed'));
    assert.ok(!JSON.stringify(entries).includes((minted.json.token as string).slice(8)));
  });

  it('minting without call.connect (an auditor) is 403 and audited; without a bearer it is 401', async () => {
    const { token: auditor } = await server.rt.identity.createApiToken({ tenantId: 'acme', role: 'auditor', name: 'auditor' });
    const from = await server.rt.audit.size();
    assert.equal((await post(server, '/v1/calls/stream-tokens', auditor, {})).status, 403);
    await auditAfter(server, from, (e) => e.action === 'call.connect' && e.outcome === 'denied');
    assert.equal((await post(server, '/v1/calls/stream-tokens', undefined, {})).status, 401);
    assert.equal((await post(server, '/v1/calls/stream-tokens', server.apiToken, { ttlSeconds: 3601 })).status, 400);
    assert.equal((await post(server, '/v1/calls/stream-tokens', server.apiToken, { tenant: 'globex' })).status, 404);
  });

  it('an API token or a session-shaped token is not a stream token: 401 before the socket opens, audited', async () => {
    const from = await server.rt.audit.size();
    assert.equal((await upgrade(server, server.mediaUrl, { authorization: `Bearer ${server.apiToken}` })).outcome, 401);
    assert.equal((await upgrade(server, `${server.mediaUrl}/${server.apiToken}`)).outcome, 401);
    assert.equal((await upgrade(server, server.mediaUrl, { authorization: `Bearer sotto_s_${'a'.repeat(43)}` })).outcome, 401);
    assert.equal((await upgrade(server, server.mediaUrl)).outcome, 401);
    await auditAfter(server, from, refusal('TRANSPORT_AUTH_FAILED'));
  });

  it('an expired token is 401, audited as expired', async () => {
    const token = await server.streamToken({ ttlSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const from = await server.rt.audit.size();
    assert.equal((await upgrade(server, `${server.mediaUrl}/${token}`)).outcome, 401);
    await auditAfter(server, from, refusal('TRANSPORT_STREAM_TOKEN_EXPIRED'));
  });

  it('`sotto calls stream-token` (another process, same data dir) mints a token that admits one stream; bad input exits 1 or 2', async () => {
    const sandbox: Sandbox = await createSandbox();
    try {
      // The fixture's runtime generated the keyring's secret file on first start.
      const env = { SOTTO_MASTER_SECRET_FILE: join(server.dir, 'keys', 'master.secret') };
      const minted = await sandbox.run(['--data', server.dir, 'calls', 'stream-token', '--tenant', 'acme', '--ttl', '120', '--json'], { env });
      assert.equal(minted.code, 0, minted.stderr);
      const { token, expiresAt } = JSON.parse(minted.stdout.toString('utf8')) as { token: string; expiresAt: string };
      assert.match(token, /^sotto_m_/);
      assert.ok(Date.parse(expiresAt) - Date.now() <= 120_000);
      const first = await upgrade(server, `${server.mediaUrl}/${token}`);
      assert.equal(first.outcome, 'open');
      first.socket.close();
      assert.equal((await upgrade(server, `${server.mediaUrl}/${token}`)).outcome, 401);
      const tooLong = await sandbox.run(['--data', server.dir, 'calls', 'stream-token', '--tenant', 'acme', '--ttl', '3601'], { env });
      assert.equal(tooLong.code, 2);
      assert.match(tooLong.stderr, /^sotto: USAGE: /);
      const unknown = await sandbox.run(['--data', server.dir, 'calls', 'stream-token', '--tenant', 'globex'], { env });
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /NOT_FOUND/);
    } finally {
      await sandbox.remove();
    }
  });

  it('a token bound to an agent: a start message asking for another agent closes the stream 1008 TRANSPORT_AUTH_FAILED', async () => {
    const token = await server.streamToken({ agent: 'card-payment' });
    const { socket, outcome } = await upgrade(server, `${server.mediaUrl}/${token}`);
    assert.equal(outcome, 'open');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    const streamSid = `MZ${'a'.repeat(32)}`;
    socket.send(JSON.stringify({ event: 'start', sequenceNumber: '1', streamSid, start: { streamSid, accountSid: `AC${'b'.repeat(32)}`, callSid: `CA${'c'.repeat(32)}`, tracks: ['inbound'], customParameters: { agent: 'llm' }, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } } }));
    assert.deepEqual(await closed, { code: 1008, reason: 'TRANSPORT_AUTH_FAILED' });
  });
});

describe('media stream authentication with a Twilio auth token (recognition replaced by a scripted recognizer)', { timeout: 120_000 }, () => {
  const AUTH_TOKEN = 'e2e-twilio-auth-token-0123456789abcdef';
  let server: CallServer;
  let previous: string | undefined;
  before(async () => {
    previous = process.env.SOTTO_TWILIO_AUTH_TOKEN;
    process.env.SOTTO_TWILIO_AUTH_TOKEN = AUTH_TOKEN;
    server = await startCallServer({
      configure: (config) => {
        config.calls.twilio.tenant = 'acme';
      },
      server: { overrides: { asr: createScriptedAsrProvider([]) } },
    });
  });
  after(async () => {
    if (previous === undefined) delete process.env.SOTTO_TWILIO_AUTH_TOKEN;
    else process.env.SOTTO_TWILIO_AUTH_TOKEN = previous;
    await server?.close();
  });

  it('the same signed upgrade twice: the second is refused 401 and audited as a replay', async () => {
    const url = `${server.mediaUrl}?call=CA0001`;
    const headers = { 'x-twilio-signature': twilioSignature(AUTH_TOKEN, url) };
    const first = await upgrade(server, url, headers);
    assert.equal(first.outcome, 'open');
    first.socket.close();
    const from = await server.rt.audit.size();
    assert.equal((await upgrade(server, url, headers)).outcome, 401);
    await auditAfter(server, from, refusal('TRANSPORT_SIGNATURE_REPLAYED'));
  });

  it('a signed upgrade carrying another tenant’s stream token is refused 401', async () => {
    await server.rt.vault.subjects.ensureTenant('globex');
    const { token } = await issueStreamToken(server.rt, LOCAL_OPERATOR, { tenantId: 'globex' }, CLI_CONTEXT);
    const url = `${server.mediaUrl}/${token}`;
    assert.equal((await upgrade(server, url, { 'x-twilio-signature': twilioSignature(AUTH_TOKEN, url) })).outcome, 401);
    // The tenant's own token, signed, is admitted.
    const own = `${server.mediaUrl}/${await server.streamToken()}`;
    const ok = await upgrade(server, own, { 'x-twilio-signature': twilioSignature(AUTH_TOKEN, own) });
    assert.equal(ok.outcome, 'open');
    ok.socket.close();
  });
});
