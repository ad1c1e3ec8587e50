import { accessSync, constants } from 'node:fs';
import { SottoError } from '../../../errors/index.js';
import { INSTALL_HINT } from './native.js';
import { telephoneFeatureArgs } from './telephone-band.js';
import type { DecoderConfig } from './utterance-decoder.js';

/** Debian pocketsphinx-en-us paths. */
const EN_US = '/usr/share/pocketsphinx/model/en-us';
export const DEFAULT_MODEL = {
  acousticModel: `${EN_US}/en-us`,
  languageModel: `${EN_US}/en-us.lm.bin`,
  dictionary: `${EN_US}/cmudict-en-us.dict`,
} as const;

export interface PocketsphinxModelOptions {
  /** Directory of the acoustic model (-hmm). */
  acousticModel?: string;
  /** Binary or ARPA n-gram model (-lm); ignored when `grammar` is given. */
  languageModel?: string;
  /** Pronunciation dictionary (-dict). */
  dictionary?: string;
  /** A JSGF grammar to search instead of the language model: far better on closed vocabularies such as digits. */
  grammar?: string;
  /**
   * Voice-activity threshold (-vad_threshold, log-ratio of signal to noise level). The library's
   * 2.0 starts a phantom utterance at the first low-level noise of a call, which then skews the
   * cepstral mean for the first real one. Measured on Flite digit strings over background noise:
   * 3.0 kept digit accuracy at 0.86-0.90 from digital silence to -27 dBFS noise, where 2.0 fell
   * to 0.60 with faint (-60 dBFS) noise.
   */
  vadThreshold?: number;
  /** Silence that ends an utterance (-vad_postspeech, 10 ms frames). Default 500 ms. */
  endSilenceMs?: number;
  /** How often, in audio time, a partial is emitted during speech. Default 400 ms. */
  partialIntervalMs?: number;
  /**
   * 'telephone' for audio that came over a phone line (8 kHz G.711, upsampled to 16 kHz): the
   * live cepstral mean starts at a telephone-band estimate (see telephone-band.ts). Default
   * 'wide', for 16 kHz audio from a microphone or a synthesizer.
   */
  band?: 'wide' | 'telephone';
  /**
   * Search and front-end tuning passed to the decoder, e.g. ['-warp_type', 'inverse_linear',
   * '-warp_params', '1.3'] or ['-wip', '0.5']; only the names in TUNING_ARGS (none writes a
   * file). The model's feat.params wins over filterbank arguments (-upperf, -nfilt): pocketsphinx
   * 5prealpha parses it after the command line.
   */
  decoderArgs?: readonly string[];
}

/** Decoder arguments an operator may tune; log and dump directories (-logfn, -rawlogdir, …) are not among them. */
const TUNING_ARGS = new Set([
  '-warp_type', '-warp_params', '-dither', '-remove_noise', '-lw', '-wip', '-pip', '-beam', '-wbeam', '-pbeam',
  '-fillprob', '-silprob', '-maxhmmpf', '-pl_window', '-vad_prespeech', '-vad_startspeech', '-fsgusefiller',
]);

function tuningArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i];
    const value = args[i + 1];
    if (name === undefined || !TUNING_ARGS.has(name)) throw new SottoError('CONFIG_INVALID', `decoderArgs may only set ${[...TUNING_ARGS].join(', ')}`);
    if (typeof value !== 'string' || !/^[\w. -]{1,64}$/.test(value)) throw new SottoError('CONFIG_INVALID', `decoderArgs ${name} needs a plain value`);
    out.push(name, value);
  }
  return out;
}

function requireReadable(path: string, what: string): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (cause) {
    throw new SottoError('ASR_UNAVAILABLE', `the PocketSphinx ${what} is missing (${path}): ${INSTALL_HINT}`, { cause });
  }
}

/** Check the model files and build the decoder configuration. */
export function decoderConfigOf(options: PocketsphinxModelOptions = {}): DecoderConfig {
  const acousticModel = options.acousticModel ?? DEFAULT_MODEL.acousticModel;
  const languageModel = options.languageModel ?? DEFAULT_MODEL.languageModel;
  const dictionary = options.dictionary ?? DEFAULT_MODEL.dictionary;
  const vadThreshold = options.vadThreshold ?? 3.0;
  const endSilenceMs = options.endSilenceMs ?? 500;
  const partialIntervalMs = options.partialIntervalMs ?? 400;
  if (!(vadThreshold > 0 && vadThreshold < 20)) throw new SottoError('CONFIG_INVALID', 'vadThreshold must be between 0 and 20');
  if (!(Number.isInteger(endSilenceMs) && endSilenceMs >= 100 && endSilenceMs <= 5000)) {
    throw new SottoError('CONFIG_INVALID', 'endSilenceMs must be an integer from 100 to 5000');
  }
  if (!(Number.isInteger(partialIntervalMs) && partialIntervalMs >= 20)) {
    throw new SottoError('CONFIG_INVALID', 'partialIntervalMs must be an integer of at least 20');
  }
  requireReadable(`${acousticModel}/mdef`, 'acoustic model');
  requireReadable(dictionary, 'dictionary');
  const args = ['-hmm', acousticModel, '-dict', dictionary];
  if (options.grammar === undefined) {
    requireReadable(languageModel, 'language model');
    args.push('-lm', languageModel);
  }
  if (options.band === 'telephone') args.push(...telephoneFeatureArgs(acousticModel));
  else if (options.band !== undefined && options.band !== 'wide') throw new SottoError('CONFIG_INVALID', "band must be 'wide' or 'telephone'");
  args.push('-vad_threshold', vadThreshold.toFixed(2), '-vad_postspeech', String(Math.round(endSilenceMs / 10)));
  args.push(...tuningArgs(options.decoderArgs ?? []));
  return { args, partialIntervalMs, ...(options.grammar !== undefined ? { grammar: options.grammar } : {}) };
}
