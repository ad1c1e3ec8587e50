import { randomBytes } from '../../crypto/index.js';

/** One RTP packet to send: header fields the pacer owns, and a 20 ms payload. */
export interface PacedPacket {
  sequenceNumber: number;
  timestamp: number;
  /** First packet of a talkspurt (RFC 3551 §4.1): after start, a gap, or a clear. */
  marker: boolean;
  payload: Buffer;
}

/** Time and timers, replaceable in tests. */
export interface PacerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RtpPacerOptions {
  /** Default 20 ms frames of 160 samples (8 kHz). */
  frameMs?: number;
  samplesPerFrame?: number;
  clock?: PacerClock;
  /** Initial sequence number and timestamp; default random (RFC 3550 §5.1). */
  initial?: { sequenceNumber: number; timestamp: number };
}

type Queued = { frame: Buffer } | { sent: () => void };

const realClock: PacerClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Sends queued audio frames one per frame period, on a drift-free schedule: frame n goes at
 * start + n × 20 ms (a late timer is caught up, not accumulated). The RTP timestamp follows
 * the same clock through silence, so a reply that starts after a pause carries the
 * timestamp of its real start and the marker bit (RFC 3550 §5.1, RFC 3551 §4.1). When the
 * queue is empty the timer stops: an idle call costs nothing. `sent` callbacks run once
 * the frames queued before them have gone out, or been cleared.
 */
export class RtpPacer {
  private readonly frameMs: number;
  private readonly samplesPerFrame: number;
  private readonly clock: PacerClock;
  private queue: Queued[] = [];
  private sequenceNumber: number;
  private readonly timestamp0: number;
  private startedAt: number | undefined;
  /** Index of the next frame period to send in. */
  private period = 0;
  private timer: unknown;
  private talkspurt = true;

  constructor(
    private readonly send: (packet: PacedPacket) => void,
    options: RtpPacerOptions = {},
  ) {
    this.frameMs = options.frameMs ?? 20;
    this.samplesPerFrame = options.samplesPerFrame ?? 160;
    this.clock = options.clock ?? realClock;
    const initial = options.initial ?? randomInitial();
    this.sequenceNumber = initial.sequenceNumber & 0xffff;
    this.timestamp0 = initial.timestamp >>> 0;
  }

  /** Frames waiting to be sent. */
  get queuedFrames(): number {
    return this.queue.reduce((n, q) => n + ('frame' in q ? 1 : 0), 0);
  }

  /** The transport is ready (DTLS connected): packets written before would be dropped. */
  start(): void {
    if (this.startedAt !== undefined) return;
    this.startedAt = this.clock.now();
    this.wake();
  }

  push(frames: readonly Buffer[], sent?: () => void): void {
    if (frames.length === 0 && this.queue.length === 0) {
      if (sent) queueMicrotask(sent);
      return;
    }
    for (const frame of frames) this.queue.push({ frame });
    if (sent) this.queue.push({ sent });
    this.wake();
  }

  /** Barge-in: drop what has not gone out; pending `sent` callbacks run now. */
  clear(): void {
    const dropped = this.queue;
    this.queue = [];
    this.talkspurt = true;
    for (const q of dropped) if ('sent' in q) q.sent();
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.startedAt = undefined;
  }

  private wake(): void {
    if (this.startedAt === undefined || this.timer !== undefined) return;
    // Idle since the last packet: resume in the current period (never an earlier one). A
    // skipped period is a gap in the stream, so the next packet starts a talkspurt.
    const current = Math.floor((this.clock.now() - this.startedAt) / this.frameMs);
    if (current > this.period) {
      this.period = current;
      this.talkspurt = true;
    }
    this.schedule();
  }

  private schedule(): void {
    const at = (this.startedAt as number) + this.period * this.frameMs;
    this.timer = this.clock.setTimeout(() => this.tick(), Math.max(0, at - this.clock.now()));
  }

  private tick(): void {
    this.timer = undefined;
    this.runCallbacks();
    const next = this.queue.shift();
    if (next && 'frame' in next) {
      this.send({
        sequenceNumber: this.sequenceNumber,
        timestamp: (this.timestamp0 + this.period * this.samplesPerFrame) >>> 0,
        marker: this.talkspurt,
        payload: next.frame,
      });
      this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
      this.talkspurt = false;
      this.period++;
    }
    this.runCallbacks();
    if (this.startedAt !== undefined && this.queue.length > 0) this.schedule();
  }

  private runCallbacks(): void {
    while (this.queue[0] !== undefined && 'sent' in this.queue[0]) (this.queue.shift() as { sent: () => void }).sent();
  }
}

function randomInitial(): { sequenceNumber: number; timestamp: number } {
  const bytes = randomBytes(6);
  return { sequenceNumber: bytes.readUInt16BE(0), timestamp: bytes.readUInt32BE(2) };
}
