import WebSocket from 'ws';
import { SottoError } from '../../../errors/index.js';
import { requireSecureUrl } from '../../../net/index.js';
import type { Subprocessor } from '../../subprocessor.js';
import { checkedInputRate, type AsrProvider } from '../provider.js';
import { openDeepgramStream } from './stream.js';

export interface DeepgramOptions {
  apiKey: string;
  /** Default wss://api.deepgram.com/v1/listen. */
  url?: string;
  /** Rate of the PCM16 audio sent (default 16000; 8000 suits phone audio as it arrives). */
  sampleRate?: number;
  /** Deepgram model name, e.g. 'nova-3'; the account default when absent. */
  model?: string;
  /** Plain ws:// only to a loopback host, for development against a local server. */
  allowInsecureLoopback?: boolean;
  /** Extra trusted CA certificates (PEM), e.g. a test server's self-signed certificate. */
  ca?: string | Buffer;
  /** Default 10 000 ms for the TLS and WebSocket handshake. */
  connectTimeoutMs?: number;
  /** Send KeepAlive after this much time without audio (default 4000; Deepgram closes after 10 s). */
  keepAliveMs?: number;
  /** Fail the stream when this many bytes wait unsent (default 20 s of audio). */
  maxBufferedBytes?: number;
  /** How long end() waits for Deepgram to flush and close (default 10 000 ms). */
  closeTimeoutMs?: number;
}

const DEFAULT_URL = 'wss://api.deepgram.com/v1/listen';
const SUBPROCESSOR: Subprocessor = { name: 'deepgram', kind: 'asr', local: false };

/**
 * Deepgram's live transcription over WebSocket. Numbers stay spoken words
 * (smart_format=false, punctuate=false), the form the detector reads; interim results feed
 * partials and speech_final / UtteranceEnd close an utterance.
 */
export function createDeepgramAsrProvider(options: DeepgramOptions): AsrProvider {
  if (typeof options.apiKey !== 'string' || !/^[\x21-\x7e]{1,512}$/.test(options.apiKey)) {
    throw new SottoError('CONFIG_INVALID', 'the Deepgram API key must be a non-empty token of printable characters');
  }
  const sampleRate = options.sampleRate ?? 16000;
  if (!(Number.isInteger(sampleRate) && sampleRate >= 8000 && sampleRate <= 48000)) {
    throw new SottoError('CONFIG_INVALID', 'the Deepgram sampleRate must be an integer from 8000 to 48000');
  }
  const url = requireSecureUrl(options.url ?? DEFAULT_URL, { allowInsecureLoopback: options.allowInsecureLoopback === true });
  const query = {
    encoding: 'linear16',
    sample_rate: String(sampleRate),
    channels: '1',
    interim_results: 'true',
    punctuate: 'false',
    smart_format: 'false',
    ...(options.model !== undefined ? { model: options.model } : {}),
  };
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const settings = {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    keepAliveMs: options.keepAliveMs ?? 4000,
    maxBufferedBytes: options.maxBufferedBytes ?? sampleRate * 2 * 20,
    closeTimeoutMs: options.closeTimeoutMs ?? 10_000,
  };

  const provider: AsrProvider = {
    name: 'deepgram',
    sampleRate,
    subprocessor: SUBPROCESSOR,
    async open(openOptions = {}) {
      const signal = openOptions.signal;
      signal?.throwIfAborted();
      checkedInputRate(provider, openOptions);
      const socket = new WebSocket(url, {
        headers: { Authorization: `Token ${options.apiKey}` },
        handshakeTimeout: settings.connectTimeoutMs,
        perMessageDeflate: false,
        // Results for one segment are small; a runaway server cannot make us buffer much.
        maxPayload: 1 << 20,
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
      });
      await connected(socket, signal);
      return openDeepgramStream(socket, settings);
    },
  };
  return provider;
}

/** Resolves on open; rejects with ASR_UNAVAILABLE (refused key, TLS failure, timeout) or the abort reason. */
function connected(socket: WebSocket, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (err?: unknown): void => {
      socket.off('open', onOpen);
      socket.off('error', onError);
      socket.off('unexpected-response', onRefused);
      signal?.removeEventListener('abort', onAbort);
      if (err === undefined) return resolve();
      socket.on('error', () => undefined);
      socket.terminate();
      reject(err);
    };
    const onOpen = (): void => settle();
    const onError = (cause: Error): void => settle(new SottoError('ASR_UNAVAILABLE', 'Deepgram could not be reached', { cause }));
    const onRefused = (_req: unknown, res: { statusCode?: number }): void => {
      const status = res.statusCode ?? 0;
      const why = status === 401 || status === 403 ? 'refused the API key' : 'refused the connection';
      settle(new SottoError('ASR_UNAVAILABLE', `Deepgram ${why} (HTTP ${status})`));
    };
    const onAbort = (): void => settle(signal?.reason);
    socket.once('open', onOpen);
    socket.once('error', onError);
    socket.once('unexpected-response', onRefused);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
