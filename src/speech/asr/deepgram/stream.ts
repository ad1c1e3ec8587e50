import type WebSocket from 'ws';
import type { TimedWord } from '../../../detect/index.js';
import { SottoError, isSottoError } from '../../../errors/index.js';
import { createAsrEventChannel } from '../event-channel.js';
import type { AsrStream } from '../provider.js';
import { parseDeepgramMessage } from './messages.js';

export interface DeepgramStreamSettings {
  keepAliveMs: number;
  maxBufferedBytes: number;
  closeTimeoutMs: number;
}

/** An AsrStream over an open Deepgram socket. */
export function openDeepgramStream(socket: WebSocket, settings: DeepgramStreamSettings): AsrStream {
  let state: 'open' | 'ending' | 'done' = 'open';
  let failure: SottoError | undefined;
  let ended: { resolve: () => void; reject: (err: SottoError) => void } | undefined;
  let endPromise: Promise<void> | undefined;
  let closeTimer: NodeJS.Timeout | undefined;
  let lastSentAt = Date.now();
  // Deepgram finalizes an utterance in pieces (is_final) before speech_final; they gather here.
  let committed: TimedWord[] = [];
  let shown = false;

  const keepAlive = setInterval(() => {
    if (state === 'open' && Date.now() - lastSentAt >= settings.keepAliveMs) send(JSON.stringify({ type: 'KeepAlive' }));
  }, Math.max(100, Math.floor(settings.keepAliveMs / 2)));
  keepAlive.unref();

  const send = (data: string | Buffer): void => {
    lastSentAt = Date.now();
    socket.send(data);
  };
  const stop = (): void => {
    state = 'done';
    clearInterval(keepAlive);
    clearTimeout(closeTimer);
    socket.removeAllListeners('message');
    socket.terminate();
  };
  const fail = (error: SottoError): void => {
    if (state === 'done') return;
    failure = error;
    channel.fail(error);
    ended?.reject(error);
    stop();
  };
  const close = (): void => {
    if (state === 'done') return;
    channel.abort();
    ended?.resolve();
    stop();
  };
  const channel = createAsrEventChannel(close);

  const finishUtterance = (): void => {
    if (committed.length > 0 || shown) channel.push({ kind: 'final', words: committed });
    committed = [];
    shown = false;
  };

  socket.on('message', (data, isBinary) => {
    if (state === 'done') return;
    try {
      if (isBinary) throw new SottoError('ASR_FAILED', 'Deepgram sent a binary message');
      const message = parseDeepgramMessage(data.toString());
      if (message.type === 'Error') throw new SottoError('ASR_FAILED', 'Deepgram reported an error');
      if (message.type === 'UtteranceEnd') return finishUtterance();
      if (message.type !== 'Results') return;
      if (!message.isFinal) {
        const words = [...committed, ...message.words];
        if (words.length > 0) {
          shown = true;
          channel.push({ kind: 'partial', words });
        }
        return;
      }
      committed = [...committed, ...message.words];
      if (message.speechFinal) return finishUtterance();
      if (message.words.length > 0) {
        shown = true;
        channel.push({ kind: 'partial', words: committed });
      }
    } catch (err) {
      fail(isSottoError(err) ? err : new SottoError('ASR_FAILED', 'a Deepgram message could not be read', { cause: err }));
    }
  });
  socket.on('error', (cause) => fail(new SottoError('ASR_FAILED', 'the Deepgram connection failed', { cause })));
  socket.on('close', (code) => {
    if (state === 'ending' && (code === 1000 || code === 1005)) {
      // After CloseStream Deepgram flushes its last results, sends Metadata and closes.
      finishUtterance();
      channel.end();
      ended?.resolve();
      stop();
      return;
    }
    fail(new SottoError('ASR_FAILED', `Deepgram closed the stream (code ${code})`));
  });

  return {
    write(samples) {
      if (!(samples instanceof Int16Array)) throw new SottoError('AUDIO_FORMAT_INVALID', 'Deepgram takes PCM16 samples as an Int16Array');
      if (state !== 'open' || samples.length === 0) return;
      if (socket.bufferedAmount > settings.maxBufferedBytes) {
        fail(new SottoError('ASR_FAILED', 'the connection to Deepgram cannot keep up with the audio'));
        return;
      }
      // A copy: ws masks client frames in place, and the caller may reuse its buffer.
      // linear16 is little-endian, as Int16Array is on the platforms Sotto runs on.
      send(Buffer.from(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)));
    },
    // Deepgram's vocabulary biasing (keywords, keyterm) is fixed when the socket opens, and its
    // general model already hears digits well: a hint changes nothing mid-stream.
    setHint() {},
    end() {
      if (endPromise) return endPromise;
      if (failure) return Promise.reject(failure);
      endPromise = new Promise<void>((resolve, reject) => {
        ended = { resolve, reject };
      });
      if (state !== 'open') {
        ended?.resolve();
        return endPromise;
      }
      state = 'ending';
      send(JSON.stringify({ type: 'CloseStream' }));
      closeTimer = setTimeout(() => fail(new SottoError('ASR_FAILED', 'Deepgram did not finish the stream in time')), settings.closeTimeoutMs);
      return endPromise;
    },
    close,
    events: () => channel.events(),
  };
}
