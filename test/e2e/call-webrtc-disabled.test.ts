// `webrtc.enabled: false`: browser calls are refused with a typed answer, after the usual
// call.connect decision, and the refusal is audited. werift is never loaded (it is imported
// only by the answerer the server starts when enabled).
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { request } from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { AuditEntry } from '../../src/audit/entry.js';
import { startCallServer, type CallServer } from '../support/call-server.js';

/** A minimal audio offer of the shape the server answers when enabled (never parsed here). */
const OFFER = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 0', 'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:abcd', 'a=ice-pwd:0123456789abcdefghijkl', 'a=fingerprint:sha-256 AB:CD', 'a=setup:actpass', 'a=mid:0', 'a=sendrecv', 'a=rtpmap:0 PCMU/8000', '',
].join('\r\n');

let server: CallServer;
let udpSockets = 0;
const createSocket = dgram.createSocket;

before(async () => {
  (dgram as { createSocket: typeof createSocket }).createSocket = ((...args: Parameters<typeof createSocket>) => {
    udpSockets++;
    return createSocket(...args);
  }) as typeof createSocket;
  syncBuiltinESMExports(); // werift imports { createSocket } by name
  server = await startCallServer({ configure: (config) => void (config.webrtc.enabled = false) });
});

after(async () => {
  (dgram as { createSocket: typeof createSocket }).createSocket = createSocket;
  syncBuiltinESMExports();
  await server?.close();
});

function post(body: unknown): Promise<{ status: number; json: { error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const url = `${server.sotto.server.url.replace('127.0.0.1', 'localhost')}/v1/calls/webrtc`;
    const req = request(url, { method: 'POST', ca: server.ca, headers: { authorization: `Bearer ${server.apiToken}`, 'content-type': 'application/json' }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { code: string } } }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('when WebRTC is turned off (webrtc.enabled: false)', () => {
  it('answers 503 WEBRTC_DISABLED, audits the refusal, and opens no UDP socket', async () => {
    const from = await server.rt.audit.size();
    const answer = await post({ sdp: OFFER });
    assert.equal(answer.status, 503);
    assert.equal(answer.json.error?.code, 'WEBRTC_DISABLED');
    const size = await server.rt.audit.size();
    const entries = (await server.rt.audit.entries({ from, limit: size - from })).map((e: { entry: AuditEntry }) => e.entry);
    assert.ok(entries.some((e) => e.action === 'call.connect' && e.outcome === 'allowed'));
    assert.ok(entries.some((e) => e.action === 'call.webrtc' && e.outcome === 'denied' && e.reason === 'WEBRTC_DISABLED'));
    assert.equal(udpSockets, 0, 'no warm-up, no peer');
    assert.equal(server.sotto.pipeline.service.activeCalls, 0);
  });
});
