// Phone-line audio and the wideband en-us acoustic model. After 8 kHz G.711 and upsampling,
// nothing is left above ~3.7 kHz, so the top mel filters of the model's 130-6800 Hz front end
// see almost no energy and the cepstra move far from where the model's prior cepstral mean
// (feat.params -cmninit) puts them: c1 ≈ +33 instead of −5, c3 ≈ +48 instead of +5. Live CMN
// needs seconds of speech to get there, so a call's first utterances were heard badly whatever
// the search. Starting the mean at a telephone-band estimate removes that; the filterbank itself
// must stay as the model was trained (an -upperf of 3500 measured 0.01 digit accuracy).
import { readFileSync } from 'node:fs';
import { SottoError } from '../../../errors/index.js';

/**
 * Mean cepstrum of speech through the telephone path (throughTelephone in test support): the
 * average of the batch CMN PocketSphinx computed for four Flite voices (slt, rms, awb, kal16),
 * which agree to a few units on c1-c3, where the channel shows.
 */
export const TELEPHONE_CMN_INIT = [44.25, 32.9, -30.3, 48.0, -16.5, -4.1, 21.1, -28.7, 13.9, -7.5, -3.1, 15.7, -12.8] as const;

/** feat.params arguments the decoder takes on its command line (the file may hold others, e.g. -model). */
const FEATURE_ARGS = new Set([
  '-lowerf', '-upperf', '-nfilt', '-transform', '-lifter', '-feat', '-svspec', '-agc', '-cmn', '-varnorm',
  '-ncep', '-nfft', '-wlen', '-alpha', '-samprate', '-frate', '-dither', '-remove_dc', '-round_filters', '-unit_area',
]);

/**
 * Decoder arguments for phone audio. pocketsphinx 5prealpha parses the model's feat.params after
 * the command line, so a -cmninit there would win: the file is read here instead, passed on with
 * the telephone mean, and the decoder is pointed at an empty feat.params.
 */
export function telephoneFeatureArgs(acousticModel: string): string[] {
  let text: string;
  try {
    text = readFileSync(`${acousticModel}/feat.params`, 'utf8');
  } catch (cause) {
    throw new SottoError('ASR_UNAVAILABLE', `the acoustic model has no readable feat.params (${acousticModel})`, { cause });
  }
  const args: string[] = ['-featparams', '/dev/null'];
  for (const line of text.split('\n')) {
    const [name, value, ...rest] = line.trim().split(/\s+/);
    if (name === undefined || value === undefined || rest.length > 0 || !FEATURE_ARGS.has(name)) continue;
    args.push(name, value);
  }
  args.push('-cmninit', TELEPHONE_CMN_INIT.map((c) => c.toFixed(2)).join(','));
  return args;
}
