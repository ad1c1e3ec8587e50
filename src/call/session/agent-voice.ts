import { resample, TrackRecorder } from '../../audio/index.js';
import type { TtsProvider } from '../../speech/index.js';
import type { CallMedia } from './media-port.js';

export interface AgentVoiceOptions {
  media: CallMedia;
  tts: TtsProvider;
  maxDurationMs: number;
}

/**
 * The agent's side: synthesizes replies, sends them, and keeps them on the recording's
 * timeline. Playback is queued at the far end, so a reply starts when the previous one ends
 * (or now, if the caller's clock has moved past it).
 */
export class AgentVoice {
  readonly track: TrackRecorder;
  private playingUntilMs = 0;
  private readonly waiting = new Map<string, () => void>();
  private readonly reached = new Set<string>();
  private lastDurationMs = 0;

  constructor(private readonly options: AgentVoiceOptions) {
    this.track = new TrackRecorder({ sampleRate: options.media.sampleRate, maxDurationMs: options.maxDurationMs });
  }

  /** Speaks `text`; returns where it sits on the call's timeline. */
  async say(text: string, nowMs: number, mark?: string): Promise<{ startMs: number; endMs: number }> {
    const rate = this.options.media.sampleRate;
    // The synthesizer converts to the line's rate where it can do so off this event loop (Flite
    // does, in its own process): resampling a 15 s line here blocked every call's frames ~40 ms.
    const speech = await this.options.tts.synthesize(text, { sampleRate: rate });
    const samples = speech.sampleRate === rate ? speech.samples : resample(speech.samples, speech.sampleRate, rate);
    const startMs = Math.max(this.playingUntilMs, nowMs);
    const endMs = startMs + (samples.length * 1000) / rate;
    this.track.writeAt(startMs, samples);
    this.playingUntilMs = endMs;
    this.lastDurationMs = endMs - startMs;
    this.options.media.play(samples, mark);
    return { startMs, endMs };
  }

  /** The caller talks over the agent: drop what is still queued at the far end. */
  bargeIn(atMs: number): void {
    if (atMs >= this.playingUntilMs) return;
    this.options.media.clear();
    this.playingUntilMs = atMs;
  }

  /** Resolves when the far end reports the mark played, or after the audio's length plus a margin. */
  played(mark: string, marginMs = 3_000): Promise<void> {
    if (this.reached.delete(mark)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.lastDurationMs + marginMs).unref();
      this.waiting.set(mark, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  markReached(name: string): void {
    const waiter = this.waiting.get(name);
    if (!waiter) {
      this.reached.add(name);
      return;
    }
    this.waiting.delete(name);
    waiter();
  }
}
