import koffi, { type LibraryHandle } from 'koffi';
import { SottoError } from '../../../errors/index.js';

/**
 * Bindings to the C API of PocketSphinx 0.8+5prealpha (Debian libpocketsphinx3, headers in
 * /usr/include/pocketsphinx and /usr/include/x86_64-linux-gnu/sphinxbase). Loaded only inside
 * a decoder worker thread: every call here is synchronous and CPU-bound.
 */
export type NativePointer = unknown;

export interface PocketsphinxNative {
  /** cmd_ln_parse_r(NULL, ps_args(), argc, argv, TRUE) with argv = [program, "-name", "value", ...] */
  createConfig(args: readonly string[]): NativePointer;
  freeConfig(config: NativePointer): void;
  init(config: NativePointer): NativePointer;
  free(decoder: NativePointer): void;
  setJsgf(decoder: NativePointer, name: string, grammar: string): number;
  setSearch(decoder: NativePointer, name: string): number;
  startStream(decoder: NativePointer): number;
  startUtt(decoder: NativePointer): number;
  endUtt(decoder: NativePointer): number;
  processRaw(decoder: NativePointer, samples: Int16Array): number;
  inSpeech(decoder: NativePointer): boolean;
  /** Words of the current best path, with frame spans (10 ms frames, counted from the stream start). */
  segments(decoder: NativePointer): { word: string; startFrame: number; endFrame: number }[];
}

export const DEFAULT_LIBRARIES = { pocketsphinx: 'libpocketsphinx.so.3', sphinxbase: 'libsphinxbase.so.3' } as const;
export type PocketsphinxLibraries = { pocketsphinx: string; sphinxbase: string };

export const INSTALL_HINT = 'apt-get install pocketsphinx pocketsphinx-en-us flite';

export function loadPocketsphinx(libraries: PocketsphinxLibraries = DEFAULT_LIBRARIES): PocketsphinxNative {
  let sb: LibraryHandle;
  let ps: LibraryHandle;
  try {
    sb = koffi.load(libraries.sphinxbase);
    ps = koffi.load(libraries.pocketsphinx);
  } catch (cause) {
    throw new SottoError('ASR_UNAVAILABLE', `PocketSphinx is not installed (${libraries.pocketsphinx}): ${INSTALL_HINT}`, { cause });
  }
  const errSetLogfp = sb.func('void err_set_logfp(void *fp)');
  // An argv array rather than cmd_ln_init's varargs: koffi caps the arguments of a call, and
  // the model, VAD and tuning arguments together come close to it.
  const cmdLnParse = sb.func('void *cmd_ln_parse_r(void *inout, void *defn, int argc, const char **argv, int strict)');
  const cmdLnFree = sb.func('int cmd_ln_free_r(void *config)');
  const psArgs = ps.func('void *ps_args()');
  const psInit = ps.func('void *ps_init(void *config)');
  const psFree = ps.func('int ps_free(void *ps)');
  const psSetJsgf = ps.func('int ps_set_jsgf_string(void *ps, const char *name, const char *jsgf)');
  const psSetSearch = ps.func('int ps_set_search(void *ps, const char *name)');
  const psStartStream = ps.func('int ps_start_stream(void *ps)');
  const psStartUtt = ps.func('int ps_start_utt(void *ps)');
  const psEndUtt = ps.func('int ps_end_utt(void *ps)');
  const psProcessRaw = ps.func('int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)');
  const psGetInSpeech = ps.func('uint8_t ps_get_in_speech(void *ps)');
  const psSegIter = ps.func('void *ps_seg_iter(void *ps)');
  const psSegNext = ps.func('void *ps_seg_next(void *seg)');
  const psSegWord = ps.func('const char *ps_seg_word(void *seg)');
  const psSegFrames = ps.func('void ps_seg_frames(void *seg, _Out_ int *sf, _Out_ int *ef)');

  // The library logs every model detail (and each hypothesis) to stderr by default; hypotheses
  // are conversation content, so logging is switched off process-wide (sphinxbase err.h:
  // "To disable logging in your application, call err_set_logfp(NULL)"). -logfn is not used:
  // it opens and closes a shared FILE* from whichever thread initializes a decoder.
  errSetLogfp(null);

  return {
    createConfig(args) {
      // argv[0] is the program name (sphinxbase cmd_ln.h).
      const argv = ['pocketsphinx', ...args];
      return cmdLnParse(null, psArgs(), argv.length, argv, 1) as NativePointer;
    },
    freeConfig: (config) => void cmdLnFree(config),
    init: (config) => psInit(config) as NativePointer,
    free: (decoder) => void psFree(decoder),
    setJsgf: (decoder, name, grammar) => psSetJsgf(decoder, name, grammar) as number,
    setSearch: (decoder, name) => psSetSearch(decoder, name) as number,
    startStream: (decoder) => psStartStream(decoder) as number,
    startUtt: (decoder) => psStartUtt(decoder) as number,
    endUtt: (decoder) => psEndUtt(decoder) as number,
    processRaw: (decoder, samples) => psProcessRaw(decoder, samples, samples.length, 0, 0) as number,
    inSpeech: (decoder) => (psGetInSpeech(decoder) as number) !== 0,
    segments(decoder) {
      const out: { word: string; startFrame: number; endFrame: number }[] = [];
      // ps_seg_next frees the iterator when it returns NULL, so the loop runs to the end.
      for (let seg = psSegIter(decoder) as NativePointer; seg; seg = psSegNext(seg) as NativePointer) {
        const sf = [0];
        const ef = [0];
        psSegFrames(seg, sf, ef);
        const word = psSegWord(seg) as string | null;
        if (word !== null) out.push({ word, startFrame: sf[0] ?? 0, endFrame: ef[0] ?? 0 });
      }
      return out;
    },
  };
}
