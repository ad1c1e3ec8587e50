// Test fixture: a protocol-level OpenAI-compatible chat completions server on 127.0.0.1 port 0,
// over real HTTPS with a fresh self-signed certificate (or plain HTTP to test loopback). Each
// request gets the next scripted answer, written as raw pieces so tests can split the stream
// anywhere; every request body is recorded so tests can search what a model would have seen.
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export interface ScriptedAnswer {
  /** Default 200. */
  status?: number;
  /** Default text/event-stream. */
  contentType?: string;
  /** Written one by one, `pauseMs` apart, so the client receives them as separate reads. */
  pieces?: (string | Uint8Array)[];
  pauseMs?: number;
  /** Never answer: for deadlines. */
  hang?: boolean;
  /** Cut the connection after the pieces instead of ending the response. */
  drop?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ChatCompletionsTestServer {
  /** e.g. https://127.0.0.1:41234/v1 */
  baseUrl: string;
  /** The certificate to trust (PEM); empty for plain HTTP. */
  ca: string;
  readonly requests: RecordedRequest[];
  /** Queues answers for the next requests, in order. */
  script(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

type Chunk = Record<string, unknown>;

const choice = (delta: Record<string, unknown>, finishReason: string | null = null): Chunk => ({
  id: 'chatcmpl-test',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'test-model',
  choices: [{ index: 0, delta, finish_reason: finishReason }],
});

/** The chunks of a plain answer, one word per chunk. */
export function contentChunks(text: string): Chunk[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  return [choice({ role: 'assistant', content: '' }), ...words.map((w) => choice({ content: w })), choice({}, 'stop')];
}

/** The chunks of a tool-call answer, each call's arguments streamed in fragments of `fragment` characters. */
export function toolCallChunks(calls: { id: string; name: string; arguments: string }[], fragment = 7): Chunk[] {
  const out: Chunk[] = [choice({ role: 'assistant', content: null })];
  calls.forEach((call, index) => {
    out.push(choice({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (let at = 0; at < call.arguments.length; at += fragment) {
      out.push(choice({ tool_calls: [{ index, function: { arguments: call.arguments.slice(at, at + fragment) } }] }));
    }
  });
  out.push(choice({}, 'tool_calls'));
  return out;
}

/** `data: {...}` events and the closing `data: [DONE]`, as one string. */
export function sse(chunks: readonly Chunk[], options: { done?: boolean } = {}): string {
  return chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + (options.done === false ? '' : 'data: [DONE]\n\n');
}

/** The text's UTF-8 bytes in pieces of `size` bytes: splits land inside JSON and inside multi-byte characters. */
export function splitBytes(text: string, size: number): Uint8Array[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startChatCompletionsTestServer(options: { tls?: boolean } = {}): Promise<ChatCompletionsTestServer> {
  const queue: ScriptedAnswer[] = [];
  const requests: RecordedRequest[] = [];
  let ca = '';

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = queue.shift() ?? { status: 500, contentType: 'application/json', pieces: ['{"error":{"message":"no scripted answer"}}'] };
      if (answer.hang === true) return;
      void (async () => {
        res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'text/event-stream', 'cache-control': 'no-cache' });
        for (const piece of answer.pieces ?? []) {
          if (res.destroyed) return;
          res.write(piece);
          if (answer.pauseMs !== undefined) await pause(answer.pauseMs);
        }
        if (answer.drop === true) res.socket?.destroy();
        else res.end();
      })();
    });
  };

  let server: Server;
  if (options.tls === false) {
    server = createHttpServer(handle);
  } else {
    const generated = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(Date.now() - 60_000),
      notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
    });
    ca = generated.cert;
    server = createHttpsServer({ cert: generated.cert, key: generated.private }, handle);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `${options.tls === false ? 'http' : 'https'}://127.0.0.1:${port}/v1`,
    ca,
    requests,
    script: (...answers) => void queue.push(...answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
