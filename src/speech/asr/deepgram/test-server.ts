// Test support: a local, protocol-level stand-in for Deepgram's live API. A real WSS server
// (self-signed certificate, 127.0.0.1, port 0) that checks the key and query like the service,
// takes binary audio, and answers with Results as the audio it received passes scripted word
// times. Tests that use it replace Deepgram itself, and say so in their names.
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TimedWord } from '../../../detect/index.js';

export interface DeepgramTestSession {
  readonly query: URLSearchParams;
  /** Bytes of binary audio received. */
  readonly audioBytes: number;
  /** Types of the JSON control messages received (KeepAlive, CloseStream, ...). */
  readonly controls: string[];
  sendRaw(text: string): void;
  close(code?: number): void;
}

export interface DeepgramTestServerOptions {
  apiKey: string;
  /** Utterances to "recognize", word times in ms of received audio (16 kHz PCM16 unless the query says otherwise). */
  utterances?: { words: TimedWord[] }[];
  /** Called on every message from the client, after the scripted behaviour. */
  onMessage?: (session: DeepgramTestSession, message: { binary: boolean; text?: string }) => void;
}

export interface DeepgramTestServer {
  url: string;
  ca: string;
  sessions: DeepgramTestSession[];
  /** Upgrade requests refused for a missing or wrong key. */
  refused: number;
  close(): Promise<void>;
}

let certificate: Promise<{ cert: string; key: string }> | undefined;
function testCertificate(): Promise<{ cert: string; key: string }> {
  certificate ??= generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return certificate;
}

const results = (words: readonly TimedWord[], isFinal: boolean, speechFinal: boolean): string =>
  JSON.stringify({
    type: 'Results',
    is_final: isFinal,
    speech_final: speechFinal,
    start: (words[0]?.startMs ?? 0) / 1000,
    duration: ((words.at(-1)?.endMs ?? 0) - (words[0]?.startMs ?? 0)) / 1000,
    channel: {
      alternatives: [
        {
          transcript: words.map((w) => w.text).join(' '),
          confidence: 0.9,
          words: words.map((w) => ({ word: w.text, start: w.startMs / 1000, end: w.endMs / 1000, confidence: 0.9 })),
        },
      ],
    },
  });

export async function startDeepgramTestServer(options: DeepgramTestServerOptions): Promise<DeepgramTestServer> {
  const { cert, key } = await testCertificate();
  const server: Server = createServer({ cert, key });
  const wss = new WebSocketServer({ noServer: true });
  const sessions: DeepgramTestSession[] = [];
  const state = { refused: 0 };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    if (req.headers.authorization !== `Token ${options.apiKey}`) {
      state.refused++;
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const q = url.searchParams;
    if (url.pathname !== '/v1/listen' || q.get('encoding') !== 'linear16' || q.get('channels') !== '1' || !q.get('sample_rate')) {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => sessions.push(serve(ws, q, options)));
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `wss://localhost:${port}/v1/listen`,
    ca: cert,
    sessions,
    get refused() {
      return state.refused;
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serve(ws: WebSocket, query: URLSearchParams, options: DeepgramTestServerOptions): DeepgramTestSession {
  const bytesPerMs = (Number(query.get('sample_rate')) * 2) / 1000;
  const script = options.utterances ?? [];
  let utterance = 0;
  let heard = 0;
  const session = {
    query,
    audioBytes: 0,
    controls: [] as string[],
    sendRaw: (text: string) => ws.send(text),
    close: (code = 1000) => ws.close(code),
  };
  // Interim results as words pass; is_final + speech_final once 300 ms of audio follow the
  // last word, or at CloseStream for the words heard so far.
  const advance = (elapsedMs: number, flush: boolean): void => {
    for (let u = script[utterance]; u; u = script[utterance]) {
      let reached = heard;
      while (reached < u.words.length && (u.words[reached]?.endMs ?? Infinity) <= elapsedMs) reached++;
      const last = u.words.at(-1);
      const complete = reached === u.words.length && last !== undefined && last.endMs + 300 <= elapsedMs;
      if (complete || (flush && reached > 0)) {
        ws.send(results(u.words.slice(0, reached), true, true));
        utterance++;
        heard = 0;
        if (complete) continue;
        return;
      }
      if (reached > heard) ws.send(results(u.words.slice(0, reached), false, false));
      heard = reached;
      return;
    }
  };
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      session.audioBytes += (data as Buffer).length;
      advance(session.audioBytes / bytesPerMs, false);
      options.onMessage?.(session, { binary: true });
      return;
    }
    const text = data.toString();
    let type = '';
    try {
      type = String((JSON.parse(text) as { type?: unknown }).type);
    } catch {
      type = 'unparseable';
    }
    session.controls.push(type);
    if (type === 'CloseStream') {
      advance(session.audioBytes / bytesPerMs, true);
      ws.send(JSON.stringify({ type: 'Metadata', request_id: 'test', duration: session.audioBytes / bytesPerMs / 1000, channels: 1 }));
      ws.close(1000);
    }
    options.onMessage?.(session, { binary: false, text });
  });
  return session;
}
