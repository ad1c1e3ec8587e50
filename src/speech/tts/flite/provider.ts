import { SottoError, isSottoError } from '../../../errors/index.js';
import type { Subprocessor } from '../../subprocessor.js';
import { startModuleChild, type ChildHost } from '../../child-process.js';
import { siblingModule } from '../../worker-thread.js';
import type { SynthesizeOptions, SynthesizedSpeech, TtsProvider } from '../provider.js';
import type { FromFlite, ToFlite } from './messages.js';
import { DEFAULT_FLITE_LIBRARIES, type FliteLibraries } from './native.js';
import { textForFlite } from './text.js';

export interface FliteOptions {
  /** Shared-library names, for tests and non-Debian systems. */
  libraries?: FliteLibraries;
}

export interface FliteTtsProvider extends TtsProvider {
  /** Start the voice thread now; rejects with TTS_UNAVAILABLE (naming the Debian package) when Flite cannot load. */
  warmUp(): Promise<void>;
}

/** The resampler's range (src/audio): refused here, before the request reaches the Flite process. */
function checkSampleRate(rate: number | undefined): void {
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1000 && rate <= 384000)) {
    throw new SottoError('AUDIO_FORMAT_INVALID', `the requested sample rate must be an integer from 1000 to 384000 Hz (got ${rate})`);
  }
}

const SUBPROCESSOR: Subprocessor = { name: 'flite', kind: 'tts', local: true };
const EXIT_GRACE_MS = 2000;
const PROCESS_STOPPED = 'the Flite process stopped';

interface VoiceThread {
  worker: ChildHost;
  ready: Promise<void>;
  exited: Promise<void>;
  /** Requests waiting on this thread, keyed by id. */
  requests: Map<number, { resolve: (speech: SynthesizedSpeech) => void; reject: (err: unknown) => void }>;
  /** Callers holding the thread; it keeps the process alive only while this is above zero. */
  holders: number;
}

function hold(voice: VoiceThread): () => void {
  if (voice.holders++ === 0) voice.worker.ref();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--voice.holders === 0) voice.worker.unref();
  };
}

function spawnVoiceProcess(libraries: FliteLibraries, onGone: (voice: VoiceThread) => void): VoiceThread {
  const worker = startModuleChild(siblingModule(import.meta.url, 'child'), { SOTTO_FLITE_LIBRARIES: JSON.stringify(libraries) });
  worker.unref();
  let settle!: { resolve: () => void; reject: (err: SottoError) => void };
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const voice: VoiceThread = { worker, ready, exited, requests: new Map(), holders: 0 };
  const gone = (error: SottoError): void => {
    onGone(voice);
    settle.reject(error);
    for (const r of voice.requests.values()) r.reject(new SottoError('TTS_FAILED', PROCESS_STOPPED, { cause: error }));
    voice.requests.clear();
  };
  worker.on('message', (raw: never) => {
    const message = raw as FromFlite;
    if (message.type === 'ready') return settle.resolve();
    if (message.type === 'unavailable') return gone(new SottoError('TTS_UNAVAILABLE', message.message));
    const request = voice.requests.get(message.id);
    if (!request) return; // aborted meanwhile
    voice.requests.delete(message.id);
    if (message.type === 'spoken') request.resolve({ sampleRate: message.sampleRate, samples: message.samples });
    else request.reject(new SottoError('TTS_FAILED', message.message));
  });
  worker.on('error', (cause) => gone(new SottoError('TTS_UNAVAILABLE', 'the Flite process failed', { cause })));
  // A crashed synthesizer fails only the requests in flight; the next request starts a new process.
  worker.on('exit', () => gone(new SottoError('TTS_UNAVAILABLE', 'the Flite process exited')));
  return voice;
}

/**
 * Flite in a child process of its own (see child.ts for why), which owns the library (its voice
 * registry and error handling are process-wide). Requests are served in order; audio crosses
 * only the IPC channel and stays in memory.
 */
export function createFliteTtsProvider(options: FliteOptions = {}): FliteTtsProvider {
  const libraries = options.libraries ?? DEFAULT_FLITE_LIBRARIES;
  let thread: VoiceThread | undefined;
  let nextId = 1;
  let closed = false;

  // A thread that failed to load is forgotten, so the next request tries again.
  const voice = (): VoiceThread => {
    if (closed) throw new SottoError('TTS_UNAVAILABLE', 'the Flite provider is closed');
    thread ??= spawnVoiceProcess(libraries, (gone) => {
      if (thread === gone) thread = undefined;
    });
    return thread;
  };

  const speakOnce = async (text: string, synthOptions: SynthesizeOptions): Promise<SynthesizedSpeech> => {
    const { signal, sampleRate } = synthOptions;
    signal?.throwIfAborted();
    const clean = textForFlite(text);
    checkSampleRate(sampleRate);
    const current = voice();
    const release = hold(current);
    try {
      await current.ready;
      signal?.throwIfAborted();
      const id = nextId++;
      return await new Promise<SynthesizedSpeech>((resolve, reject) => {
        const onAbort = (): void => {
          if (current.requests.delete(id)) reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const done = (): void => signal?.removeEventListener('abort', onAbort);
        current.requests.set(id, {
          resolve: (speech) => {
            done();
            resolve(speech);
          },
          reject: (err) => {
            done();
            reject(err);
          },
        });
        current.worker.postMessage({ type: 'speak', id, text: clean, ...(sampleRate === undefined ? {} : { sampleRate }) } satisfies ToFlite);
      });
    } finally {
      release();
    }
  };

  return {
    name: 'flite',
    subprocessor: SUBPROCESSOR,
    async synthesize(text, synthOptions = {}) {
      // Flite sometimes dies mid-call (see child.ts); a new process has clean state, so one retry.
      try {
        return await speakOnce(text, synthOptions);
      } catch (err) {
        if (!isSottoError(err, 'TTS_FAILED') || err.message !== PROCESS_STOPPED || closed) throw err;
        return speakOnce(text, synthOptions);
      }
    },
    async warmUp() {
      const current = voice();
      const release = hold(current);
      try {
        await current.ready;
      } finally {
        release();
      }
    },
    async close() {
      closed = true;
      const current = thread;
      thread = undefined;
      if (!current) return;
      for (const r of current.requests.values()) r.reject(new SottoError('TTS_FAILED', 'the Flite provider was closed'));
      current.requests.clear();
      current.worker.ref();
      current.worker.postMessage({ type: 'close' } satisfies ToFlite);
      const timer = setTimeout(() => void current.worker.terminate(), EXIT_GRACE_MS);
      await current.exited;
      clearTimeout(timer);
    },
  };
}
