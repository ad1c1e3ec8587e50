import type { Worker } from 'node:worker_threads';
import { SottoError } from '../../../errors/index.js';
import type { Subprocessor } from '../../subprocessor.js';
import { siblingModule, startModuleWorker } from '../../worker-thread.js';
import type { SynthesizedSpeech, TtsProvider } from '../provider.js';
import type { FliteWorkerData, FromFlite, ToFlite } from './messages.js';
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

const SUBPROCESSOR: Subprocessor = { name: 'flite', kind: 'tts', local: true };
const EXIT_GRACE_MS = 2000;

interface VoiceThread {
  worker: Worker;
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

function spawnVoiceThread(libraries: FliteLibraries, onGone: (voice: VoiceThread) => void): VoiceThread {
  const worker = startModuleWorker(siblingModule(import.meta.url, 'worker'), { libraries } satisfies FliteWorkerData);
  worker.unref();
  let settle!: { resolve: () => void; reject: (err: SottoError) => void };
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const voice: VoiceThread = { worker, ready, exited, requests: new Map(), holders: 0 };
  const gone = (error: SottoError): void => {
    onGone(voice);
    settle.reject(error);
    for (const r of voice.requests.values()) r.reject(new SottoError('TTS_FAILED', 'the Flite thread stopped', { cause: error }));
    voice.requests.clear();
  };
  worker.on('message', (message: FromFlite) => {
    if (message.type === 'ready') return settle.resolve();
    if (message.type === 'unavailable') return gone(new SottoError('TTS_UNAVAILABLE', message.message));
    const request = voice.requests.get(message.id);
    if (!request) return; // aborted meanwhile
    voice.requests.delete(message.id);
    if (message.type === 'spoken') request.resolve({ sampleRate: message.sampleRate, samples: message.samples });
    else request.reject(new SottoError('TTS_FAILED', message.message));
  });
  worker.on('error', (cause) => gone(new SottoError('TTS_UNAVAILABLE', 'the Flite thread failed', { cause })));
  worker.on('exit', () => gone(new SottoError('TTS_UNAVAILABLE', 'the Flite thread exited')));
  return voice;
}

/**
 * Flite in process, on one worker thread that owns the library (its voice registry and error
 * handling are process-wide). Requests are served in order; audio stays in memory.
 */
export function createFliteTtsProvider(options: FliteOptions = {}): FliteTtsProvider {
  const libraries = options.libraries ?? DEFAULT_FLITE_LIBRARIES;
  let thread: VoiceThread | undefined;
  let nextId = 1;
  let closed = false;

  // A thread that failed to load is forgotten, so the next request tries again.
  const voice = (): VoiceThread => {
    if (closed) throw new SottoError('TTS_UNAVAILABLE', 'the Flite provider is closed');
    thread ??= spawnVoiceThread(libraries, (gone) => {
      if (thread === gone) thread = undefined;
    });
    return thread;
  };

  return {
    name: 'flite',
    subprocessor: SUBPROCESSOR,
    async synthesize(text, synthOptions = {}) {
      const signal = synthOptions.signal;
      signal?.throwIfAborted();
      const clean = textForFlite(text);
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
          current.worker.postMessage({ type: 'speak', id, text: clean } satisfies ToFlite);
        });
      } finally {
        release();
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
