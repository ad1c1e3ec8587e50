import type { TimedWord } from '../../detect/index.js';
import type { AsrProvider } from './provider.js';

export interface RealTimeFactor {
  audioMs: number;
  /** From the first write until end() resolved (the last final was out). */
  elapsedMs: number;
  /** elapsedMs / audioMs: below 1 keeps up with a live call; 0.1 leaves room for ten. */
  realTimeFactor: number;
  finals: TimedWord[][];
}

/**
 * Feed `samples` (at provider.sampleRate) as fast as the stream takes them, in `chunkMs`
 * writes, and time the recognition. PocketSphinx queues up to five minutes of audio.
 */
export async function measureAsrRealTimeFactor(
  provider: AsrProvider,
  samples: Int16Array,
  options: { chunkMs?: number } = {},
): Promise<RealTimeFactor> {
  const chunk = Math.max(1, Math.round(((options.chunkMs ?? 20) * provider.sampleRate) / 1000));
  const stream = await provider.open();
  const finals: TimedWord[][] = [];
  const reading = (async () => {
    for await (const event of stream.events()) if (event.kind === 'final') finals.push(event.words);
  })();
  // A failure surfaces from end(); the reader's copy of it is awaited below or dropped.
  reading.catch(() => undefined);
  try {
    const started = performance.now();
    for (let i = 0; i < samples.length; i += chunk) stream.write(samples.subarray(i, i + chunk));
    await stream.end();
    const elapsedMs = performance.now() - started;
    await reading;
    const audioMs = (samples.length * 1000) / provider.sampleRate;
    return { audioMs, elapsedMs, realTimeFactor: elapsedMs / audioMs, finals };
  } finally {
    stream.close();
  }
}
