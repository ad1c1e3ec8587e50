import { SottoError } from '../../errors/index.js';
import type { AsrEvent } from './provider.js';

/**
 * The queue between a recognizer and the one consumer of its events. Recognizers push as
 * results arrive; the consumer reads at its own pace. A failure is delivered after the events
 * already queued, so a consumer never loses a final that was recognized before the error.
 */
export interface AsrEventChannel {
  push(event: AsrEvent): void;
  /** No more events: the iteration ends once the queued ones are read. */
  end(): void;
  /** The iteration throws `error` after the queued events. */
  fail(error: SottoError): void;
  /** Abort: the iteration ends at once and queued events are dropped. */
  abort(): void;
  /** True once end(), fail() or abort() was called. */
  readonly done: boolean;
  events(): AsyncIterable<AsrEvent>;
}

/** `onConsumerStop` runs when the consumer leaves its loop early (break, return, throw). */
export function createAsrEventChannel(onConsumerStop: () => void): AsrEventChannel {
  const queue: AsrEvent[] = [];
  let state: 'open' | 'ended' | 'failed' | 'aborted' = 'open';
  let failure: SottoError | undefined;
  let wake: (() => void) | undefined;
  let consumed = false;

  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  async function* iterate(): AsyncGenerator<AsrEvent> {
    let finished = false;
    try {
      for (;;) {
        if (state === 'aborted') break;
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (state === 'ended') break;
        if (state === 'failed') throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      finished = true;
    } finally {
      // Reached only through return()/throw() from the consumer when not finished.
      if (!finished && state !== 'failed') onConsumerStop();
    }
  }

  return {
    push(event) {
      if (state !== 'open') return;
      queue.push(event);
      notify();
    },
    end() {
      if (state !== 'open') return;
      state = 'ended';
      notify();
    },
    fail(error) {
      if (state !== 'open') return;
      state = 'failed';
      failure = error;
      notify();
    },
    abort() {
      if (state === 'aborted') return;
      state = 'aborted';
      queue.length = 0;
      notify();
    },
    get done() {
      return state !== 'open';
    },
    events() {
      if (consumed) throw new SottoError('ASR_FAILED', 'the recognizer events have one consumer; events() was called twice');
      consumed = true;
      return iterate();
    },
  };
}
