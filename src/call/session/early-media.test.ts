import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SottoError } from '../../errors/index.js';
import { holdEarlyMedia } from './early-media.js';
import type { CallMedia } from './media-port.js';

type Emit = { frame(timestampMs: number, value?: number): Int16Array; digit(d: string): void; mark(n: string): void; hangup(): void; error(e: SottoError): void };

// An in-memory media port (it REPLACES the transport): the tests drive its events by hand.
function port(): { media: CallMedia; emit: Emit } {
  const on: { frame: ((f: { timestampMs: number; samples: Int16Array }) => void)[]; digit: ((d: string) => void)[]; mark: ((n: string) => void)[]; hangup: (() => void)[]; error: ((e: SottoError) => void)[] } =
    { frame: [], digit: [], mark: [], hangup: [], error: [] };
  const media: CallMedia = {
    sampleRate: 8000,
    onFrame: (l) => void on.frame.push(l),
    onDigit: (l) => void on.digit.push(l),
    onMark: (l) => void on.mark.push(l),
    onHangup: (l) => void on.hangup.push(l),
    onError: (l) => void on.error.push(l),
    play: () => undefined,
    clear: () => undefined,
    hangup: () => undefined,
  };
  const emit: Emit = {
    frame(timestampMs, value = 1000) {
      const samples = new Int16Array(160).fill(value);
      for (const l of on.frame) l({ timestampMs, samples });
      return samples;
    },
    digit: (d) => on.digit.forEach((l) => l(d)),
    mark: (n) => on.mark.forEach((l) => l(n)),
    hangup: () => on.hangup.forEach((l) => l()),
    error: (e) => on.error.forEach((l) => l(e)),
  };
  return { media, emit };
}

/** A session's listeners, logging what reaches them in order. */
function listen(media: CallMedia): string[] {
  const log: string[] = [];
  media.onFrame((f) => log.push(`frame ${f.timestampMs}`));
  media.onDigit((d) => log.push(`digit ${d}`));
  media.onMark((n) => log.push(`mark ${n}`));
  media.onHangup(() => log.push('hangup'));
  media.onError((e) => log.push(`error ${e.code}`));
  return log;
}

describe('media held while a call is set up (in-memory media port in place of the transport)', () => {
  it('replays frames, digits and the hang-up that came before the session listened, in arrival order', () => {
    const { media, emit } = port();
    const held = holdEarlyMedia(media, { maxHeldMs: 2000 });
    emit.frame(0);
    emit.frame(20);
    emit.digit('5');
    emit.frame(40);
    emit.hangup();
    const log = listen(held);
    assert.deepEqual(log, [], 'nothing is delivered before release');
    held.release();
    assert.deepEqual(log, ['frame 0', 'frame 20', 'digit 5', 'frame 40', 'hangup']);
  });

  it('passes events straight through once released', () => {
    const { media, emit } = port();
    const held = holdEarlyMedia(media, { maxHeldMs: 2000 });
    const log = listen(held);
    held.release();
    emit.frame(0);
    emit.mark('greeting');
    emit.error(new SottoError('TRANSPORT_MALFORMED_FRAME'));
    assert.deepEqual(log, ['frame 0', 'mark greeting', 'error TRANSPORT_MALFORMED_FRAME']);
  });

  it('keeps at most maxHeldMs of audio, dropping the oldest frames and zeroing them', () => {
    const { media, emit } = port();
    const held = holdEarlyMedia(media, { maxHeldMs: 100 });
    const first = emit.frame(0);
    for (let at = 20; at < 200; at += 20) emit.frame(at);
    const log = listen(held);
    held.release();
    assert.deepEqual(log, ['frame 100', 'frame 120', 'frame 140', 'frame 160', 'frame 180']);
    assert.equal(held.droppedFrames, 5);
    assert.ok(first.every((s) => s === 0), 'a dropped frame is wiped');
  });

  it('bounds the keypad digits and marks it holds', () => {
    const { media, emit } = port();
    const held = holdEarlyMedia(media, { maxHeldMs: 2000, maxHeldEvents: 3 });
    for (const d of '0123456789') emit.digit(d);
    const log = listen(held);
    held.release();
    assert.deepEqual(log, ['digit 0', 'digit 1', 'digit 2']);
  });

  it('delivers an event raised while the held ones are replayed after them, not before', () => {
    const { media, emit } = port();
    const held = holdEarlyMedia(media, { maxHeldMs: 2000 });
    emit.frame(0);
    emit.frame(20);
    const log = listen(held);
    // A listener that hangs up on the first frame: the transport reports the hang-up at once.
    let hungUp = false;
    held.onFrame(() => {
      if (!hungUp) {
        hungUp = true;
        emit.hangup();
      }
    });
    held.release();
    assert.deepEqual(log, ['frame 0', 'frame 20', 'hangup']);
  });

  it('when setup fails, zeroes what it held and delivers nothing, then or later', () => {
    const { media, emit } = port();
    const held = holdEarlyMedia(media, { maxHeldMs: 2000 });
    const frame = emit.frame(0);
    const log = listen(held);
    held.discard();
    held.release();
    emit.frame(20);
    assert.deepEqual(log, []);
    assert.ok(frame.every((s) => s === 0));
  });
});
