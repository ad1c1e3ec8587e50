import type { TimedWord } from '../../detect/index.js';
import { SottoError } from '../../errors/index.js';
import type { Subprocessor } from '../subprocessor.js';
import { createAsrEventChannel } from './event-channel.js';
import { checkedInputRate, type AsrEvent, type AsrProvider, type AsrStream } from './provider.js';

/** One scripted utterance; word times are ms from the first sample written to the stream. */
export interface ReplayUtterance {
  words: TimedWord[];
}

export interface ReplayOptions {
  /** Rate of the audio the stream is fed (default 8000, the rate of a phone call). */
  sampleRate?: number;
  /** Audio that must pass after an utterance's last word before its final (default 300 ms). */
  endpointMs?: number;
}

const SUBPROCESSOR: Subprocessor = { name: 'replay', kind: 'asr', local: true };

function validate(script: readonly ReplayUtterance[]): void {
  let previousEnd = 0;
  for (const [u, utterance] of script.entries()) {
    if (!Array.isArray(utterance.words) || utterance.words.length === 0) {
      throw new SottoError('CONFIG_INVALID', `replay utterance ${u} has no words`);
    }
    for (const word of utterance.words) {
      const ok =
        typeof word.text === 'string' &&
        word.text.length > 0 &&
        Number.isFinite(word.startMs) &&
        Number.isFinite(word.endMs) &&
        word.startMs >= previousEnd &&
        word.endMs >= word.startMs;
      if (!ok) throw new SottoError('CONFIG_INVALID', `replay utterance ${u} has a word with bad text or times (they must not overlap or go back)`);
      previousEnd = word.endMs;
    }
  }
}

/**
 * A recognizer that REPLACES recognition with a script: it "hears" each scripted word once the
 * audio written passes the word's end, emits growing partials, and a final once `endpointMs`
 * more audio has passed. Driven only by the audio written (no timers), so a pipeline test or
 * benchmark is deterministic and costs no CPU for decoding.
 */
export function createReplayAsrProvider(script: readonly ReplayUtterance[], options: ReplayOptions = {}): AsrProvider {
  const sampleRate = options.sampleRate ?? 8000;
  const endpointMs = options.endpointMs ?? 300;
  if (!(Number.isInteger(sampleRate) && sampleRate >= 8000 && sampleRate <= 48000)) {
    throw new SottoError('CONFIG_INVALID', 'the replay sampleRate must be an integer from 8000 to 48000');
  }
  if (!(endpointMs >= 0)) throw new SottoError('CONFIG_INVALID', 'the replay endpointMs must not be negative');
  validate(script);
  const utterances = script.map((u) => ({ words: u.words.map((w) => ({ ...w })) }));

  const provider: AsrProvider = {
    name: 'replay',
    sampleRate,
    subprocessor: SUBPROCESSOR,
    async open(openOptions = {}) {
      openOptions.signal?.throwIfAborted();
      checkedInputRate(provider, openOptions);
      return openReplayStream(utterances, sampleRate, endpointMs);
    },
  };
  return provider;
}

function openReplayStream(script: readonly ReplayUtterance[], sampleRate: number, endpointMs: number): AsrStream {
  let samples = 0;
  let index = 0; // utterance in progress
  let heard = 0; // its words emitted so far
  let open = true;
  const channel = createAsrEventChannel(() => close());
  const close = (): void => {
    open = false;
    channel.abort();
  };
  const words = (n: number): TimedWord[] => (script[index]?.words ?? []).slice(0, n).map((w) => ({ ...w }));

  const advance = (elapsedMs: number): void => {
    for (;;) {
      const utterance = script[index];
      if (!utterance) return;
      let reached = heard;
      while (reached < utterance.words.length && (utterance.words[reached]?.endMs ?? Infinity) <= elapsedMs) reached++;
      if (reached > heard) {
        heard = reached;
        channel.push({ kind: 'partial', words: words(heard) } satisfies AsrEvent);
      }
      const last = utterance.words[utterance.words.length - 1];
      if (heard < utterance.words.length || !last || last.endMs + endpointMs > elapsedMs) return;
      channel.push({ kind: 'final', words: words(heard) });
      index++;
      heard = 0;
    }
  };

  return {
    write(chunk) {
      if (!(chunk instanceof Int16Array)) throw new SottoError('AUDIO_FORMAT_INVALID', 'the replay recognizer takes PCM16 samples as an Int16Array');
      if (!open) return;
      samples += chunk.length;
      advance((samples * 1000) / sampleRate);
    },
    // The script is what the caller "said": there is nothing to narrow.
    setHint() {},
    async end() {
      if (!open) return;
      open = false;
      // The utterance cut off by the end of the audio is final with the words heard so far.
      if (heard > 0) channel.push({ kind: 'final', words: words(heard) });
      channel.end();
    },
    close,
    events: () => channel.events(),
  };
}
