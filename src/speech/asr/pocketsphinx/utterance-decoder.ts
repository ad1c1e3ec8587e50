import { SottoError } from '../../../errors/index.js';
import type { AsrEvent, AsrHint } from '../provider.js';
import { DIGITS_GRAMMAR, YES_NO_GRAMMAR } from './hint-grammars.js';
import type { NativePointer, PocketsphinxNative } from './native.js';
import { wordsOfSegments } from './words.js';

export const POCKETSPHINX_SAMPLE_RATE = 16000;

export interface DecoderConfig {
  /** cmd_ln arguments, e.g. ['-hmm', dir, '-lm', file, ...]. */
  args: string[];
  /** A JSGF grammar searched instead of the language model. */
  grammar?: string;
  partialIntervalMs: number;
}

export interface UtteranceDecoder {
  /** Decode audio and return the events it completed. */
  process(samples: Int16Array): AsrEvent[];
  /** Search for `hint` from the next utterance on (at once when no utterance is in progress). */
  setHint(hint: AsrHint['kind']): void;
  /** End the stream: the utterance in progress gets its final. */
  flush(): AsrEvent[];
  free(): void;
}

/**
 * Named searches on the one decoder (pocketsphinx ps_search.h): ps_init names the -lm search
 * "_default"; the hint grammars are added beside it and chosen with ps_set_search, which the
 * library allows only between utterances.
 */
const DEFAULT_SEARCH = '_default';
const HINT_GRAMMARS = { digits: DIGITS_GRAMMAR, yes_no: YES_NO_GRAMMAR } as const;

/** Voice activity is checked every 20 ms, whatever size the writes have. */
const STEP = (POCKETSPHINX_SAMPLE_RATE * 20) / 1000;

/**
 * One decoder for one stream. Utterances are cut where the decoder's voice activity detector
 * (ps_get_in_speech) falls back to silence, as pocketsphinx_continuous does; word times come
 * from the segment iterator and are absolute in the stream, so they need no offset.
 */
export function openUtteranceDecoder(native: PocketsphinxNative, config: DecoderConfig): UtteranceDecoder {
  const cmdLn = native.createConfig(config.args);
  if (!cmdLn) throw new SottoError('ASR_UNAVAILABLE', 'PocketSphinx refused its configuration');
  const decoder: NativePointer = native.init(cmdLn);
  if (!decoder) {
    native.freeConfig(cmdLn);
    throw new SottoError('ASR_UNAVAILABLE', 'PocketSphinx could not load its acoustic model, dictionary or language model');
  }
  let freed = false;
  const free = (): void => {
    if (freed) return;
    freed = true;
    native.free(decoder);
    native.freeConfig(cmdLn);
  };
  const searches: Record<AsrHint['kind'], string> = {
    general: config.grammar !== undefined ? 'grammar' : DEFAULT_SEARCH,
    digits: 'digits',
    yes_no: 'yes_no',
  };
  try {
    if (config.grammar !== undefined) {
      if (native.setJsgf(decoder, 'grammar', config.grammar) < 0 || native.setSearch(decoder, 'grammar') < 0) {
        throw new SottoError('ASR_UNAVAILABLE', 'PocketSphinx refused the JSGF grammar');
      }
    }
    for (const [name, grammar] of Object.entries(HINT_GRAMMARS)) {
      if (native.setJsgf(decoder, name, grammar) < 0) throw new SottoError('ASR_UNAVAILABLE', `PocketSphinx refused the ${name} grammar`);
    }
    if (native.startStream(decoder) < 0 || native.startUtt(decoder) < 0) {
      throw new SottoError('ASR_UNAVAILABLE', 'PocketSphinx could not start a stream');
    }
  } catch (err) {
    free();
    throw err;
  }

  const partialSamples = Math.max(STEP, Math.round((config.partialIntervalMs * POCKETSPHINX_SAMPLE_RATE) / 1000));
  let inUtterance = false;
  let sincePartial = 0;
  let lastPartial = '';
  let ended = false;
  let hint: AsrHint['kind'] = 'general';
  let pendingHint: AsrHint['kind'] | undefined;

  /** Between utterances only: the decoder has ended one and not started the next. */
  const switchSearch = (): void => {
    if (pendingHint === undefined) return;
    const next = pendingHint;
    pendingHint = undefined;
    if (next === hint) return;
    if (native.setSearch(decoder, searches[next]) < 0) throw new SottoError('ASR_FAILED', `PocketSphinx could not switch to the ${next} search`);
    hint = next;
  };
  const startUtterance = (): void => {
    switchSearch();
    if (native.startUtt(decoder) < 0) throw new SottoError('ASR_FAILED', 'PocketSphinx could not start an utterance');
  };
  const finish = (events: AsrEvent[]): void => {
    if (native.endUtt(decoder) < 0) throw new SottoError('ASR_FAILED', 'PocketSphinx could not end an utterance');
    events.push({ kind: 'final', words: wordsOfSegments(native.segments(decoder)) });
    inUtterance = false;
    lastPartial = '';
  };

  return {
    process(samples) {
      if (ended || freed) return [];
      const events: AsrEvent[] = [];
      for (let i = 0; i < samples.length; i += STEP) {
        const step = samples.subarray(i, Math.min(samples.length, i + STEP));
        if (native.processRaw(decoder, step) < 0) throw new SottoError('ASR_FAILED', 'PocketSphinx failed to decode audio');
        const speech = native.inSpeech(decoder);
        if (speech && !inUtterance) {
          inUtterance = true;
          sincePartial = 0;
        }
        if (!inUtterance) continue;
        if (!speech) {
          finish(events);
          startUtterance();
          continue;
        }
        sincePartial += step.length;
        if (sincePartial >= partialSamples) {
          sincePartial = 0;
          const words = wordsOfSegments(native.segments(decoder));
          const key = words.map((w) => w.text).join(' ');
          if (words.length > 0 && key !== lastPartial) {
            lastPartial = key;
            events.push({ kind: 'partial', words });
          }
        }
      }
      return events;
    },
    setHint(next) {
      if (ended || freed) return;
      // An unknown kind gets the general search, which narrows nothing.
      pendingHint = Object.hasOwn(searches, next) ? next : 'general';
      if (inUtterance || pendingHint === hint) return;
      // Between utterances the decoder holds an open one over silence: restart it on the new search.
      if (native.endUtt(decoder) < 0) throw new SottoError('ASR_FAILED', 'PocketSphinx could not end an utterance');
      startUtterance();
    },
    flush() {
      if (ended || freed) return [];
      ended = true;
      const events: AsrEvent[] = [];
      if (inUtterance) finish(events);
      else native.endUtt(decoder);
      return events;
    },
    free,
  };
}
