// A recognizer that REPLACES PocketSphinx in pipeline tests (test names say so): it hears only
// loudness. Each time the caller stops talking (>= 200 ms of sound, then 500 ms of silence) it
// emits the next scripted utterance as a final, with its words spread over the sound it heard.
import type { TimedWord } from '../../src/detect/index.js';
import type { AsrEvent, AsrProvider, AsrStream } from '../../src/speech/index.js';

const LOUD = 300;

export function createScriptedAsrProvider(utterances: readonly string[], sampleRate = 16000): AsrProvider {
  return {
    name: 'scripted',
    sampleRate,
    subprocessor: { name: 'scripted-asr', kind: 'asr', local: true },
    open: () => Promise.resolve(openStream(utterances, sampleRate)),
  };
}

function openStream(utterances: readonly string[], rate: number): AsrStream {
  const queue: AsrEvent[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  let next = 0;
  let writtenMs = 0;
  let soundStartMs: number | undefined;
  let lastSoundMs = 0;
  const emit = (): void => {
    const text = utterances[next++];
    if (text === undefined || soundStartMs === undefined) return;
    const words = text.split(' ');
    const span = Math.max(1, lastSoundMs - soundStartMs) / words.length;
    const timed: TimedWord[] = words.map((w, i) => ({ text: w, startMs: soundStartMs! + i * span, endMs: soundStartMs! + (i + 1) * span - 10 }));
    queue.push({ kind: 'final', words: timed });
    wake?.();
  };
  return {
    write(samples) {
      const ms = (samples.length * 1000) / rate;
      let loud = false;
      for (const s of samples) if (Math.abs(s) > LOUD) loud = true;
      if (loud) {
        soundStartMs ??= writtenMs;
        lastSoundMs = writtenMs + ms;
      }
      writtenMs += ms;
      if (soundStartMs !== undefined && !loud && writtenMs - lastSoundMs >= 500) {
        if (lastSoundMs - soundStartMs >= 200) emit();
        soundStartMs = undefined;
      }
    },
    end() {
      done = true;
      wake?.();
      return Promise.resolve();
    },
    close() {
      done = true;
      wake?.();
    },
    async *events() {
      for (;;) {
        const event = queue.shift();
        if (event) {
          yield event;
          continue;
        }
        if (done) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
