// What bench/calls.ts measures in the server process while one level runs: each inbound
// frame's processing time and arrival, the event loop's delay, CPU time and peak RSS.
//
// Lateness needs no clock shared with the driver: as for RTP interarrival jitter (RFC 3550
// §6.4.1), a frame's transit is its arrival time minus its media timestamp; the call's
// fastest frame sets the zero, and a frame is late by how much its transit exceeds that.
// A server that falls behind delays every later frame, so its backlog shows as lateness;
// a driver that falls behind shows too (the driver reports its own send slip beside it).
//
// Stalls: on a shared machine a stalled event loop is either this process's own work (or GC) or
// the OS running someone else. A 10 ms ticker tells them apart: over each gap longer than
// STALL_MS it compares this process's CPU time with the wall time (own work uses ~all of it).
import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { Samples, spread, type Spread } from './stats.js';

export interface LevelFigures {
  frames: number;
  /** Frames the server never saw because they came before the call's first processed frame. */
  setupLostFrames: number;
  processing: Spread;
  lateness: Spread;
  lateFrames: number;
  /** Late frames by the second of the level they were processed in: where the time went. */
  lateBySecond: Record<string, number>;
  /** Lateness p99 (ms) by 4-second window of the level: when frames started waiting. */
  latenessP99ByWindow: Record<string, number>;
  eventLoopDelay: { p99: number; max: number };
  /** Event-loop gaps over STALL_MS: those this process spent computing (≥ 70% CPU), and the rest (descheduled). */
  stalls: { own: number; ownMaxMs: number; descheduled: number; descheduledMaxMs: number };
  /** Garbage collection pauses over the level: all kinds, and the major (mark-compact) ones. */
  gc: { totalMs: number; maxMs: number; majorMs: number; majorMaxMs: number };
  cpuMs: number;
  wallMs: number;
  peakRss: number;
}

interface CallFrames {
  firstTimestampMs: number;
  transits: Samples;
  startedAt: Samples;
}

const FRAME_MS = 20;
const TICK_MS = 10;
const STALL_MS = 50;

export class LevelProbe {
  private readonly processing = new Samples();
  private readonly calls = new Map<unknown, CallFrames>();
  private readonly eld: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly cpu0 = process.cpuUsage();
  private readonly wall0 = performance.now();
  private peakRss = process.memoryUsage.rss();
  private readonly sampler: NodeJS.Timeout;
  private readonly ticker: NodeJS.Timeout;
  private readonly stalls = { own: 0, ownMaxMs: 0, descheduled: 0, descheduledMaxMs: 0 };
  private readonly gc = { totalMs: 0, maxMs: 0, majorMs: 0, majorMaxMs: 0 };
  private readonly gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      this.gc.totalMs += entry.duration;
      this.gc.maxMs = Math.max(this.gc.maxMs, entry.duration);
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        this.gc.majorMs += entry.duration;
        this.gc.majorMaxMs = Math.max(this.gc.majorMaxMs, entry.duration);
      }
    }
  });

  constructor(private readonly lateMs: number) {
    this.eld.enable();
    this.gcObserver.observe({ entryTypes: ['gc'] });
    this.sampler = setInterval(() => {
      this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
    }, 250);
    let lastWall = performance.now();
    let lastCpu = process.cpuUsage();
    this.ticker = setInterval(() => {
      const wall = performance.now();
      const cpu = process.cpuUsage();
      const gapMs = wall - lastWall;
      if (gapMs > STALL_MS) {
        const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
        // The process's CPU time counts every thread (GC helpers, libuv): a gap it filled is its own.
        if (cpuMs >= 0.7 * gapMs) {
          this.stalls.own++;
          this.stalls.ownMaxMs = Math.max(this.stalls.ownMaxMs, gapMs);
        } else {
          this.stalls.descheduled++;
          this.stalls.descheduledMaxMs = Math.max(this.stalls.descheduledMaxMs, gapMs);
        }
      }
      lastWall = wall;
      lastCpu = cpu;
    }, TICK_MS);
  }

  /** One frame: `processingMs` of work, begun at performance.now() time `startedAt`. */
  frame(call: unknown, timestampMs: number, processingMs: number, startedAt: number): void {
    this.processing.push(processingMs);
    let frames = this.calls.get(call);
    if (!frames) {
      frames = { firstTimestampMs: timestampMs, transits: new Samples(), startedAt: new Samples() };
      this.calls.set(call, frames);
    }
    frames.transits.push(startedAt - timestampMs);
    frames.startedAt.push(startedAt);
  }

  finish(): LevelFigures {
    clearInterval(this.sampler);
    clearInterval(this.ticker);
    this.gcObserver.disconnect();
    this.eld.disable();
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
    const cpu = process.cpuUsage(this.cpu0);
    const lateness = new Samples();
    let setupLostFrames = 0;
    const lateBySecond: Record<string, number> = {};
    const byWindow = new Map<number, Samples>();
    for (const { firstTimestampMs, transits, startedAt } of this.calls.values()) {
      setupLostFrames += Math.round(firstTimestampMs / FRAME_MS);
      const sorted = transits.sorted();
      const fastest = sorted[0] ?? 0;
      for (const t of sorted) lateness.push(t - fastest);
      const order = transits.values();
      const at = startedAt.values();
      for (let i = 0; i < order.length; i++) {
        const window = Math.floor(((at[i] as number) - this.wall0) / 4000) * 4;
        let samples = byWindow.get(window);
        if (!samples) byWindow.set(window, (samples = new Samples()));
        samples.push((order[i] as number) - fastest);
        if ((order[i] as number) - fastest <= this.lateMs) continue;
        const second = String(Math.floor(((at[i] as number) - this.wall0) / 1000));
        lateBySecond[second] = (lateBySecond[second] ?? 0) + 1;
      }
    }
    const late = lateness.sorted();
    let lateFrames = 0;
    for (let i = late.length - 1; i >= 0 && (late[i] as number) > this.lateMs; i--) lateFrames++;
    return {
      frames: this.processing.count,
      setupLostFrames,
      processing: spread(this.processing.sorted()),
      lateness: spread(late),
      lateFrames,
      lateBySecond,
      latenessP99ByWindow: Object.fromEntries([...byWindow].sort((a, b) => a[0] - b[0]).map(([w, s]) => [String(w), Math.round(spread(s.sorted()).p99)])),
      eventLoopDelay: { p99: this.eld.percentile(99) / 1e6, max: this.eld.max / 1e6 },
      stalls: { ...this.stalls },
      gc: { ...this.gc },
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: performance.now() - this.wall0,
      peakRss: this.peakRss,
    };
  }
}
