/**
 * Maps recognizer time to call time. The caller's audio is written to the recognizer in the
 * order it arrives; a gap in the media timestamps (lost frames, or a simulator that skips the
 * time it spends listening) is written as at most `maxGapFillMs` of silence, so the recognizer
 * still sees an utterance end without decoding seconds of nothing. Each compressed gap adds a
 * breakpoint; word times are mapped back through them.
 */
export class AsrTimeline {
  /** Recognizer ms at which each offset starts, ascending, with call time = asr time + offset. */
  private readonly breakpoints: { asrMs: number; offsetMs: number }[] = [{ asrMs: 0, offsetMs: 0 }];
  private asrMs = 0;

  constructor(private readonly maxGapFillMs = 600) {}

  /** Call time up to which audio has been written. */
  get callMs(): number {
    return this.asrMs + this.offset();
  }

  /**
   * A frame arrives at call time `atMs`. Returns the ms of silence to write before it, or
   * undefined when the frame is late (its time already written) and must not reach the recognizer.
   */
  place(atMs: number): number | undefined {
    const gap = atMs - this.callMs;
    if (gap < 0) return undefined;
    const fill = Math.min(gap, this.maxGapFillMs);
    if (gap > fill) {
      this.asrMs += fill;
      this.breakpoints.push({ asrMs: this.asrMs, offsetMs: this.offset() + gap - fill });
      return fill;
    }
    this.asrMs += fill;
    return fill;
  }

  /** Record that `ms` of audio were written after the silence returned by place(). */
  advance(ms: number): void {
    this.asrMs += ms;
  }

  toCallMs(asrMs: number): number {
    let offset = 0;
    for (const b of this.breakpoints) {
      if (b.asrMs > asrMs) break;
      offset = b.offsetMs;
    }
    return asrMs + offset;
  }

  private offset(): number {
    return this.breakpoints.at(-1)?.offsetMs ?? 0;
  }
}
