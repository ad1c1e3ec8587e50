// werift itself, in process: the answerer against the loopback caller over real ICE and
// DTLS-SRTP. Checks that the answer and the sockets stay on the configured address.
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { WebrtcAnswerer } from './answerer.js';
import { openLoopbackCaller } from './loopback-caller.js';

/** This machine's first non-loopback IPv4 address, if it has one. */
const LAN = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;

const candidates = (sdp: string): string[] => sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:'));

describe('the WebRTC answerer (werift, in process)', { timeout: 60_000 }, () => {
  let loopback: WebrtcAnswerer;
  before(async () => {
    loopback = await WebrtcAnswerer.create({ hostAddress: '127.0.0.1', portRange: [41000, 41001], maxPeers: 2 });
  });
  after(async () => {
    await loopback?.close();
  });

  it('answers ICE-lite, DTLS client, PCMU first, with one host candidate on the configured address and port range', async () => {
    const caller = await openLoopbackCaller({ address: '127.0.0.1' });
    const peer = await loopback.answer(caller.offerSdp);
    try {
      assert.match(peer.answerSdp, /^a=ice-lite$/m);
      assert.match(peer.answerSdp, /^a=setup:active$/m);
      assert.match(peer.answerSdp, /^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0( |$)/m);
      assert.match(peer.answerSdp, /^a=rtpmap:\d+ telephone-event\/8000$/m, 'keypad events are accepted');
      assert.doesNotMatch(peer.answerSdp, /opus|VP8|H264|webrtc-datachannel/i);
      const [candidate, ...others] = candidates(peer.answerSdp);
      assert.deepEqual(others, []);
      assert.match(candidate ?? '', / udp \d+ 127\.0\.0\.1 4100[01] typ host/);
      if (LAN) assert.ok(!peer.answerSdp.includes(LAN), 'the machine’s other address is not revealed');
    } finally {
      await Promise.all([caller.close(), peer.close()]);
    }
  });

  it('carries PCMU both ways once connected, with the marker on the first packet', async () => {
    const caller = await openLoopbackCaller({ address: '127.0.0.1' });
    const peer = await loopback.answer(caller.offerSdp);
    try {
      const heardByBrowser: boolean[] = [];
      let heardByServer = 0;
      caller.onRtp((rtp) => heardByBrowser.push(rtp.marker));
      peer.onRtp((rtp) => void (rtp.kind === 'pcmu' && rtp.payload.length === 160 && heardByServer++));
      peer.send(Array.from({ length: 5 }, () => Buffer.alloc(160, 0x10)));
      await caller.accept(peer.answerSdp);
      caller.send(Array.from({ length: 5 }, () => Buffer.alloc(160, 0x10)));
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(peer.state, 'connected');
      assert.deepEqual(heardByBrowser, [true, false, false, false, false]);
      assert.equal(heardByServer, 5);
    } finally {
      await Promise.all([caller.close(), peer.close()]);
    }
    assert.equal(peer.state, 'closed');
  });

  it('refuses more peers than maxPeers with TRANSPORT_OVERLOADED', async () => {
    const callers = await Promise.all([0, 1, 2].map(() => openLoopbackCaller({ address: '127.0.0.1' })));
    const peers = [await loopback.answer(callers[0]?.offerSdp), await loopback.answer(callers[1]?.offerSdp)];
    try {
      await assert.rejects(loopback.answer(callers[2]?.offerSdp), { code: 'TRANSPORT_OVERLOADED' });
    } finally {
      await Promise.all([...callers.map((c) => c.close()), ...peers.map((p) => p.close())]);
    }
    assert.equal(loopback.openPeers, 0);
  });

  it('on a LAN address, announces the configured public address and nothing else', { skip: LAN === undefined && 'no non-loopback IPv4 interface' }, async () => {
    const lan = await WebrtcAnswerer.create({ hostAddress: LAN as string, announcedAddress: '198.51.100.7', maxPeers: 1 });
    const caller = await openLoopbackCaller({ address: LAN as string });
    try {
      const peer = await lan.answer(caller.offerSdp);
      const [candidate, ...others] = candidates(peer.answerSdp);
      assert.deepEqual(others, []);
      assert.match(candidate ?? '', / udp \d+ 198\.51\.100\.7 \d+ typ host/);
      assert.ok(!peer.answerSdp.includes(LAN as string) && !peer.answerSdp.includes('127.0.0.1'));
    } finally {
      await caller.close();
      await lan.close();
    }
  });
});
