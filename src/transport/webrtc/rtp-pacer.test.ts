import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RtpPacer, type PacedPacket, type PacerClock } from './rtp-pacer.js';

/** A clock the test moves by hand; timers fire in time order as it passes them. */
function manualClock(): PacerClock & { advance(ms: number): void; stall(ms: number): void; pending(): number } {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id as number),
    pending: () => timers.size,
    /** Time passes with the event loop blocked: no timer fires until the next advance. */
    stall(ms) {
      now += ms;
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = until;
    },
  };
}

const frames = (n: number, tag = 0): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.alloc(160, (tag + i) & 0xff));

function pacerWith(initial = { sequenceNumber: 65534, timestamp: 0xffffff00 }) {
  const clock = manualClock();
  const sent: (PacedPacket & { at: number })[] = [];
  const pacer = new RtpPacer((p) => sent.push({ ...p, at: clock.now() }), { clock, initial });
  return { clock, sent, pacer };
}

describe('the RTP pacer', () => {
  it('sends nothing before start (DTLS not yet connected), then one frame per 20 ms', () => {
    const { clock, sent, pacer } = pacerWith();
    pacer.push(frames(5));
    clock.advance(100);
    assert.equal(sent.length, 0);
    pacer.start();
    clock.advance(0);
    assert.equal(sent.length, 1);
    clock.advance(80);
    assert.deepEqual(sent.map((p) => p.at), [100, 120, 140, 160, 180]);
  });

  it('wraps sequence numbers at 16 bits and timestamps at 32 bits, 160 samples apart', () => {
    const { clock, sent, pacer } = pacerWith();
    pacer.start();
    pacer.push(frames(3));
    clock.advance(60);
    assert.deepEqual(sent.map((p) => p.sequenceNumber), [65534, 65535, 0]);
    assert.deepEqual(sent.map((p) => p.timestamp), [0xffffff00, 0xffffffa0, 0x40]);
  });

  it('sets the marker on the first packet of each talkspurt only', () => {
    const { clock, sent, pacer } = pacerWith();
    pacer.start();
    pacer.push(frames(3));
    clock.advance(200); // the queue ran dry: a gap
    pacer.push(frames(2));
    clock.advance(60);
    assert.deepEqual(sent.map((p) => p.marker), [true, false, false, true, false]);
  });

  it('keeps the RTP clock running through a gap, so the next talkspurt carries its real start time', () => {
    const { clock, sent, pacer } = pacerWith({ sequenceNumber: 10, timestamp: 1000 });
    pacer.start();
    pacer.push(frames(1));
    clock.advance(1000);
    pacer.push(frames(1));
    clock.advance(20);
    assert.equal(sent.length, 2);
    assert.equal(sent[1]?.sequenceNumber, 11, 'sequence numbers count packets, without gaps');
    assert.equal(((sent[1]?.timestamp ?? 0) - 1000) / 160, 50, '1 s later = 50 frame periods');
  });

  it('does not mark audio queued back to back as a new talkspurt', () => {
    const { clock, sent, pacer } = pacerWith();
    pacer.start();
    pacer.push(frames(2));
    clock.advance(30); // frame 2 went at 20 ms; the next period starts at 40 ms
    pacer.push(frames(2));
    clock.advance(60);
    assert.deepEqual(sent.map((p) => p.marker), [true, false, false, false]);
    assert.deepEqual(sent.map((p) => p.at), [0, 20, 40, 60]);
  });

  it('catches up after a late timer instead of drifting', () => {
    const { clock, sent, pacer } = pacerWith();
    pacer.start();
    pacer.push(frames(10));
    clock.advance(0);
    // The event loop stalls 70 ms: the overdue frames go at once, the rest back on the 20 ms grid.
    clock.stall(70);
    clock.advance(130);
    assert.equal(sent.length, 10);
    assert.deepEqual(sent.map((p) => p.at), [0, 70, 70, 70, 80, 100, 120, 140, 160, 180]);
  });

  it('stops its timer when idle', () => {
    const { clock, pacer } = pacerWith();
    pacer.start();
    pacer.push(frames(2));
    clock.advance(100);
    assert.equal(clock.pending(), 0);
  });

  it('runs a `sent` callback when the frames before it have gone out, and on clear', () => {
    const { clock, sent, pacer } = pacerWith();
    const reached: string[] = [];
    pacer.start();
    pacer.push(frames(3), () => reached.push(`a after ${sent.length}`));
    pacer.push(frames(50), () => reached.push(`b after ${sent.length}`));
    clock.advance(50);
    assert.deepEqual(reached, ['a after 3']);
    pacer.clear();
    assert.deepEqual(reached, ['a after 3', 'b after 3'], 'a cleared reply counts as played, as Twilio reports marks on clear');
    pacer.push(frames(1));
    clock.advance(20);
    assert.equal(sent.at(-1)?.marker, true, 'audio after a barge-in starts a talkspurt');
  });

  it('sends nothing after stop', () => {
    const { clock, sent, pacer } = pacerWith();
    pacer.start();
    pacer.push(frames(5));
    clock.advance(20);
    pacer.stop();
    clock.advance(200);
    assert.equal(sent.length, 2);
  });

  it('starts from random sequence numbers and timestamps by default (RFC 3550 §5.1)', () => {
    const starts = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const clock = manualClock();
      let first: PacedPacket | undefined;
      const pacer = new RtpPacer((p) => (first ??= p), { clock });
      pacer.start();
      pacer.push(frames(1));
      clock.advance(0);
      starts.add(`${first?.sequenceNumber}/${first?.timestamp}`);
    }
    assert.ok(starts.size >= 7, `${starts.size} distinct starts of 8`);
  });
});
