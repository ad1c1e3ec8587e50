import type { SottoError } from '../../errors/index.js';
import type { CallMedia } from './media-port.js';

/**
 * What a media stream delivers while its call is being set up (call record, recognizer) is held
 * here — in memory only (DESIGN.md invariant 1), at most `maxHeldMs` of audio — and handed to
 * the session in arrival order once it listens. Without it the first frames of every call were
 * lost, and so were a stop, a transport error or a close that came before the session listened
 * (a missed close left the session open until calls.maxDurationMs).
 */
export interface HeldMedia extends CallMedia {
  /** The session listens now: replay what was held, in order, then pass events straight through. */
  release(): void;
  /** Setup failed: zero and drop what was held; later events are ignored. */
  discard(): void;
  /** Oldest frames dropped because more than `maxHeldMs` of audio came before release. */
  readonly droppedFrames: number;
}

export interface HoldOptions {
  /** Audio kept before release; older frames are dropped first. */
  maxHeldMs: number;
  /** Keypad digits and marks kept before release (a flood of them is not a call). */
  maxHeldEvents?: number;
}

type Held =
  | { kind: 'frame'; frame: { timestampMs: number; samples: Int16Array } }
  | { kind: 'digit'; digit: string }
  | { kind: 'mark'; name: string }
  | { kind: 'hangup' }
  | { kind: 'error'; err: SottoError };

type Listeners = { [K in Held['kind']]: ((event: Extract<Held, { kind: K }>) => void)[] };

export function holdEarlyMedia(media: CallMedia, options: HoldOptions): HeldMedia {
  const maxHeldEvents = options.maxHeldEvents ?? 256;
  const listeners: Listeners = { frame: [], digit: [], mark: [], hangup: [], error: [] };
  let queue: Held[] = [];
  let heldMs = 0;
  let heldEvents = 0;
  let droppedFrames = 0;
  let state: 'holding' | 'released' | 'discarded' = 'holding';

  const deliver = (event: Held): void => {
    for (const listener of listeners[event.kind]) (listener as (e: Held) => void)(event);
  };

  const durationMs = (samples: Int16Array): number => (samples.length * 1000) / media.sampleRate;

  const dropOldestFrame = (): void => {
    const at = queue.findIndex((e) => e.kind === 'frame');
    const [oldest] = at < 0 ? [] : queue.splice(at, 1);
    if (oldest?.kind !== 'frame') return;
    heldMs -= durationMs(oldest.frame.samples);
    oldest.frame.samples.fill(0);
    droppedFrames++;
  };

  const arrive = (event: Held): void => {
    if (state === 'released') return deliver(event);
    if (state === 'discarded') return;
    if (event.kind === 'frame') {
      queue.push(event);
      heldMs += durationMs(event.frame.samples);
      while (heldMs > options.maxHeldMs) dropOldestFrame();
    } else if (event.kind === 'digit' || event.kind === 'mark') {
      if (heldEvents >= maxHeldEvents) return;
      heldEvents++;
      queue.push(event);
    } else {
      queue.push(event);
    }
  };

  // Once released, a frame goes straight to the listeners (no event object per frame).
  const frameListeners: ((frame: { timestampMs: number; samples: Int16Array }) => void)[] = [];
  media.onFrame((frame) => {
    if (state !== 'released') return arrive({ kind: 'frame', frame });
    for (const listener of frameListeners) listener(frame);
  });
  media.onDigit((digit) => arrive({ kind: 'digit', digit }));
  media.onMark((name) => arrive({ kind: 'mark', name }));
  media.onHangup(() => arrive({ kind: 'hangup' }));
  media.onError((err) => arrive({ kind: 'error', err }));

  return {
    get sampleRate() {
      return media.sampleRate;
    },
    get droppedFrames() {
      return droppedFrames;
    },
    onFrame: (listener) => {
      frameListeners.push(listener);
      listeners.frame.push((e) => listener(e.frame));
    },
    onDigit: (listener) => void listeners.digit.push((e) => listener(e.digit)),
    onMark: (listener) => void listeners.mark.push((e) => listener(e.name)),
    onHangup: (listener) => void listeners.hangup.push(() => listener()),
    onError: (listener) => void listeners.error.push((e) => listener(e.err)),
    play: (samples, mark) => media.play(samples, mark),
    clear: () => media.clear(),
    hangup: (reason) => media.hangup(reason),
    release() {
      if (state !== 'holding') return;
      // An event that arrives while the queue is replayed (a listener hanging up, say) joins its end.
      while (queue.length > 0) deliver(queue.shift() as Held);
      state = 'released';
      queue = [];
    },
    discard() {
      if (state === 'discarded') return;
      state = 'discarded';
      for (const event of queue) if (event.kind === 'frame') event.frame.samples.fill(0);
      queue = [];
    },
  };
}
