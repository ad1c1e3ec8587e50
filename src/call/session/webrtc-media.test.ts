import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulawEncode } from '../../audio/index.js';
import type { SottoError } from '../../errors/index.js';
import type { InboundRtp, PeerState, WebrtcPeer } from '../../transport/webrtc/index.js';
import { webrtcCallMedia } from './webrtc-media.js';

/** A scripted peer in place of werift's: the test delivers RTP and state changes by hand. */
function scriptedPeer() {
  const rtp: ((p: InboundRtp) => void)[] = [];
  const states: ((s: Exclude<PeerState, 'new'>) => void)[] = [];
  const sent: { frames: readonly Buffer[]; sent?: (() => void) | undefined }[] = [];
  let closes = 0;
  let cleared = 0;
  const peer: WebrtcPeer = {
    answerSdp: 'v=0\r\n',
    state: 'new',
    onRtp: (l) => void rtp.push(l),
    onStateChange: (l) => void states.push(l),
    send: (frames, done) => void sent.push({ frames, sent: done }),
    clear: () => void cleared++,
    close: async () => void closes++,
  };
  return {
    peer,
    sent,
    get closes() {
      return closes;
    },
    get cleared() {
      return cleared;
    },
    state: (s: Exclude<PeerState, 'new'>) => states.forEach((l) => l(s)),
    audio: (timestamp: number, payload = Buffer.alloc(160, 0xff)) => rtp.forEach((l) => l({ kind: 'pcmu', sequenceNumber: 0, timestamp, marker: false, payload })),
    key: (timestamp: number, code: number) => rtp.forEach((l) => l({ kind: 'telephone-event', sequenceNumber: 0, timestamp, marker: false, payload: Buffer.from([code, 0x8a, 3, 32]) })),
  };
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const OPTIONS = { setupTimeoutMs: 60_000, noAudioTimeoutMs: 60_000 };

describe('a WebRTC peer as call media (with a scripted peer in place of werift)', () => {
  it('gives frames call times from the RTP clock, relative to the first packet, across a 32-bit wrap', () => {
    const p = scriptedPeer();
    const media = webrtcCallMedia(p.peer, OPTIONS);
    const times: number[] = [];
    media.onFrame((f) => times.push(f.timestampMs));
    p.state('connected');
    p.audio(0xffffff60);
    p.audio(0x00000000); // 160 samples later, wrapped
    p.audio(0xffffff00); // reordered: from before the first packet, dropped
    p.audio(0x000000a0, Buffer.alloc(320, 0xff)); // 40 ms in one packet: two frames
    assert.deepEqual(times, [0, 20, 40, 60]);
    media.hangup();
  });

  it('reports each keypad press once', () => {
    const p = scriptedPeer();
    const media = webrtcCallMedia(p.peer, OPTIONS);
    const digits: string[] = [];
    media.onDigit((d) => digits.push(d));
    p.state('connected');
    for (let i = 0; i < 3; i++) p.key(8000, 4);
    p.key(9600, 11);
    assert.deepEqual(digits, ['4', '#']);
    media.hangup();
  });

  it('sends agent audio as 160-byte mu-law frames, the last padded with silence, and reports the mark once sent', () => {
    const p = scriptedPeer();
    const media = webrtcCallMedia(p.peer, OPTIONS);
    const marks: string[] = [];
    media.onMark((m) => marks.push(m));
    const samples = new Int16Array(400).fill(1000);
    media.play(samples, 'end');
    const [chunk] = p.sent;
    assert.deepEqual(chunk?.frames.map((f) => f.length), [160, 160, 160]);
    assert.deepEqual(Buffer.concat(chunk?.frames ?? []).subarray(0, 400), mulawEncode(samples));
    assert.ok(chunk?.frames[2]?.subarray(80).every((b) => b === 0xff));
    assert.deepEqual(marks, []);
    chunk?.sent?.();
    assert.deepEqual(marks, ['end']);
    media.clear();
    assert.equal(p.cleared, 1);
    media.hangup();
  });

  it('ends the call with TRANSPORT_IDLE_TIMEOUT when the browser stops sending audio, and closes the peer', async () => {
    const p = scriptedPeer();
    const media = webrtcCallMedia(p.peer, { setupTimeoutMs: 60_000, noAudioTimeoutMs: 60 });
    const errors: SottoError[] = [];
    media.onError((e) => errors.push(e));
    p.state('connected');
    for (let i = 0; i < 4; i++) {
      p.audio(i * 160);
      await wait(20);
    }
    assert.equal(errors.length, 0, 'audio keeps the call alive');
    await wait(150);
    assert.deepEqual(errors.map((e) => e.code), ['TRANSPORT_IDLE_TIMEOUT']);
    assert.equal(p.closes, 1);
  });

  it('ends the call with WEBRTC_CONNECTION_FAILED when ICE and DTLS do not complete in time', async () => {
    const p = scriptedPeer();
    const media = webrtcCallMedia(p.peer, { setupTimeoutMs: 30, noAudioTimeoutMs: 60_000 });
    const errors: string[] = [];
    media.onError((e) => errors.push(e.code));
    await wait(80);
    assert.deepEqual(errors, ['WEBRTC_CONNECTION_FAILED']);
    assert.equal(p.closes, 1);
  });

  it('hears a browser that closed as a hang-up, once', () => {
    const p = scriptedPeer();
    const media = webrtcCallMedia(p.peer, OPTIONS);
    let hangups = 0;
    media.onHangup(() => hangups++);
    p.state('connected');
    p.state('closed');
    media.hangup();
    assert.equal(hangups, 1);
  });

  it('closes the peer when the session hangs up, and ignores audio after', () => {
    const p = scriptedPeer();
    const media = webrtcCallMedia(p.peer, OPTIONS);
    let frames = 0;
    media.onFrame(() => frames++);
    p.state('connected');
    media.hangup();
    p.audio(0);
    assert.equal(frames, 0);
    assert.equal(p.closes, 1);
  });
});
