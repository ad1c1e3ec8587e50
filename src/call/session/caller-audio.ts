import { createResampler, createVad, isDtmfFrame, TrackRecorder } from '../../audio/index.js';
import type { AsrStream } from '../../speech/index.js';
import { AsrTimeline } from './asr-timeline.js';

export interface CallerAudioOptions {
  sampleRate: number;
  asrSampleRate: number;
  maxDurationMs: number;
  asr: AsrStream;
  /** The caller started speaking (voice activity), for barge-in. */
  onSpeechStart(atMs: number): void;
  /** A frame held a keypad tone: it must be silenced in the recording. */
  onKeypadTone?(atMs: number, durationMs: number): void;
  /** Instrumentation (bench/calls.ts): told each frame's time in push(). Unset, nothing is timed. */
  frameTimer?: (processingMs: number, timestampMs: number) => void;
}

/** Instrumentation of a whole call service: a frame's time in CallerAudio.push, its media timestamp and call. */
export type CallFrameTimer = (processingMs: number, timestampMs: number, callId: string) => void;

/**
 * The caller's side of the audio: every frame is kept on the recording's timeline (in memory),
 * watched for voice activity, and written to the recognizer in arrival order.
 */
export class CallerAudio {
  readonly track: TrackRecorder;
  readonly timeline = new AsrTimeline();
  private readonly vad;
  private readonly resampler;
  /** Call time just after the latest frame received. */
  latestMs = 0;

  constructor(private readonly options: CallerAudioOptions) {
    this.track = new TrackRecorder({ sampleRate: options.sampleRate, maxDurationMs: options.maxDurationMs });
    // Only the recognizer hears this conversion (the track keeps the caller's own rate), so it takes
    // the cheap 'recognition' path: a half-band FIR for 8 → 16 kHz (src/audio/halfband.ts). None
    // for a recognizer that takes the line's rate (PocketSphinx converts in its own thread).
    this.resampler =
      options.sampleRate === options.asrSampleRate ? undefined : createResampler(options.sampleRate, options.asrSampleRate, { quality: 'recognition' });
    this.vad = createVad({ sampleRate: options.sampleRate });
  }

  push(timestampMs: number, samples: Int16Array): void {
    const timer = this.options.frameTimer;
    if (timer === undefined) {
      this.process(timestampMs, samples);
      return;
    }
    const started = process.hrtime.bigint();
    this.process(timestampMs, samples);
    timer(Number(process.hrtime.bigint() - started) / 1e6, timestampMs);
  }

  private process(timestampMs: number, frame: Int16Array): void {
    this.track.writeAt(timestampMs, frame);
    const durationMs = (frame.length * 1000) / this.options.sampleRate;
    this.latestMs = Math.max(this.latestMs, timestampMs + durationMs);
    // Keypad tones encode the digits: they go to the recording's silence list and never to the
    // recognizer (which may be a cloud service), whether or not a keypad event came with them.
    const tone = isDtmfFrame(frame, this.options.sampleRate);
    if (tone) this.options.onKeypadTone?.(timestampMs, durationMs);
    const samples = tone ? new Int16Array(frame.length) : frame;
    for (const event of this.vad.push(samples, timestampMs)) {
      if (event.type === 'speech_start') this.options.onSpeechStart(event.timeMs);
    }
    const silenceMs = this.timeline.place(timestampMs);
    if (silenceMs === undefined) return; // late frame: recorded, but the recognizer has moved on
    if (silenceMs > 0) this.write(new Int16Array(Math.round((silenceMs * this.options.sampleRate) / 1000)));
    this.write(samples);
    this.timeline.advance(durationMs);
  }

  /** The resampler holds a few ms back; hand them over before the recognizer's stream ends. */
  flush(): void {
    const rest = this.resampler?.flush();
    if (rest?.length) this.options.asr.write(rest);
  }

  /** The recognizer copies what it keeps (AsrStream.write), so the frame goes as it is. */
  private write(samples: Int16Array): void {
    const out = this.resampler ? this.resampler.push(samples) : samples;
    if (out.length) this.options.asr.write(out);
  }
}
