import type { Worker } from 'node:worker_threads';
import { SottoError } from '../../../errors/index.js';
import { siblingModule, startModuleWorker } from '../../worker-thread.js';
import type { DecoderWorkerData, FromDecoder, ToDecoder } from './messages.js';
import type { PocketsphinxLibraries } from './native.js';
import type { DecoderConfig } from './utterance-decoder.js';

/** The main-thread handle of one decoder thread. */
export interface DecoderThread {
  /** Resolves once the model is loaded; rejects with ASR_UNAVAILABLE. */
  readonly ready: Promise<void>;
  /** Resolves when the thread has ended (its decoder freed). */
  readonly exited: Promise<void>;
  /** Receives every message after `ready`, and a SottoError when the thread dies. */
  attach(onMessage: (message: FromDecoder) => void, onDeath: (error: SottoError) => void): void;
  post(message: ToDecoder, transfer?: ArrayBuffer[]): void;
  /** Keep the process alive while a stream or an open() depends on this thread. */
  ref(): void;
  /** Let the process end while this thread only waits, warm, for a call. */
  unref(): void;
  /** Skip queued audio, free the decoder, and end the thread (terminated if it has not exited within 2 s). */
  close(): void;
}

const EXIT_GRACE_MS = 2000;

export function spawnDecoderThread(config: DecoderConfig, libraries: PocketsphinxLibraries): DecoderThread {
  const closedBuffer = new SharedArrayBuffer(4);
  const closedFlag = new Int32Array(closedBuffer);
  const worker: Worker = startModuleWorker(siblingModule(import.meta.url, 'worker'), {
    config,
    libraries,
    closed: closedBuffer,
  } satisfies DecoderWorkerData);
  // A warm decoder waiting for a call must not hold the process open.
  worker.unref();

  let onMessage: ((message: FromDecoder) => void) | undefined;
  let onDeath: ((error: SottoError) => void) | undefined;
  let settled = false;
  let closing = false;
  let exited = false;
  let resolveReady!: () => void;
  let rejectReady!: (err: SottoError) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // A warm thread may fail before anyone waits on it; the waiter still sees the rejection.
  ready.catch(() => undefined);
  const exitedPromise = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const die = (error: SottoError): void => {
    if (!settled) {
      settled = true;
      rejectReady(error);
    } else if (!closing) onDeath?.(error);
  };

  worker.on('message', (message: FromDecoder) => {
    if (!settled) {
      settled = true;
      if (message.type === 'ready') resolveReady();
      else rejectReady(new SottoError('ASR_UNAVAILABLE', message.type === 'unavailable' ? message.message : 'the PocketSphinx thread did not start'));
      return;
    }
    onMessage?.(message);
  });
  worker.on('error', (cause) => {
    const code = settled ? 'ASR_FAILED' : 'ASR_UNAVAILABLE';
    die(new SottoError(code, 'the PocketSphinx thread failed', { cause }));
  });
  worker.on('exit', () => {
    exited = true;
    const code = settled ? 'ASR_FAILED' : 'ASR_UNAVAILABLE';
    die(new SottoError(code, 'the PocketSphinx thread exited'));
  });

  return {
    ready,
    exited: exitedPromise,
    attach(message, death) {
      onMessage = message;
      onDeath = death;
    },
    post(message, transfer) {
      if (!exited) worker.postMessage(message, transfer);
    },
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    close() {
      if (closing) return;
      closing = true;
      Atomics.store(closedFlag, 0, 1);
      if (exited) return;
      // Whoever awaits `exited` must not see the process end first.
      worker.ref();
      worker.postMessage({ type: 'close' } satisfies ToDecoder);
      const timer = setTimeout(() => void worker.terminate(), EXIT_GRACE_MS);
      timer.unref();
      worker.once('exit', () => clearTimeout(timer));
    },
  };
}
