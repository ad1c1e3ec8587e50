import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SottoError } from '../../errors/index.js';
import { createSseReader, type SseEvent } from './sse-reader.js';

export interface ChatEndpoint {
  /** `{baseUrl}/chat/completions`, already checked by requireSecureUrl. */
  url: URL;
  apiKey?: string;
  /** PEM of the CA to trust for this endpoint (a self-hosted model); the system CAs otherwise. */
  ca?: string;
  timeoutMs: number;
}

/** Keep-alive per endpoint: a TLS handshake per model round would add latency the caller hears. */
export function createConnectionPool(endpoint: ChatEndpoint): HttpAgent {
  return endpoint.url.protocol === 'https:'
    ? new HttpsAgent({ keepAlive: true, maxSockets: 16, ...(endpoint.ca ? { ca: endpoint.ca } : {}) })
    : new HttpAgent({ keepAlive: true, maxSockets: 16 });
}

const unavailable = (why: string, cause?: unknown): SottoError => new SottoError('LLM_UNAVAILABLE', `the model endpoint ${why}`, cause === undefined ? undefined : { cause });

/**
 * POSTs a JSON body and hands each server-sent event to `onEvent` as it arrives. The whole
 * exchange has one deadline. Failures to connect, non-2xx answers, dropped connections and the
 * deadline are LLM_UNAVAILABLE; an answer that is not an event stream is LLM_RESPONSE_INVALID.
 * Error bodies are drained and dropped: some endpoints echo the prompt in them.
 */
export function postForEvents(endpoint: ChatEndpoint, pool: HttpAgent, body: unknown, onEvent: (event: SseEvent) => 'more' | 'done'): Promise<void> {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'content-length': String(payload.length),
  };
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  const send = endpoint.url.protocol === 'https:' ? httpsRequest : httpRequest;

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (err === undefined) resolve();
      else reject(err instanceof SottoError ? err : unavailable('connection failed', err));
      if (err !== undefined) req.destroy();
    };
    const deadline = setTimeout(() => finish(unavailable(`did not finish answering within ${endpoint.timeoutMs} ms`)), endpoint.timeoutMs);

    const onResponse = (res: IncomingMessage): void => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        finish(unavailable(`answered HTTP ${status}`));
        return;
      }
      const type = String(res.headers['content-type'] ?? '');
      if (!/^text\/event-stream\b/i.test(type)) {
        res.resume();
        finish(new SottoError('LLM_RESPONSE_INVALID', `the model endpoint answered ${type.slice(0, 60) || 'no content type'}, not an event stream`));
        return;
      }
      const reader = createSseReader();
      let done = false;
      const deliver = (events: SseEvent[]): void => {
        for (const event of events) {
          if (done) return;
          if (onEvent(event) === 'done') done = true;
        }
      };
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        try {
          deliver(reader.push(chunk));
          if (done) finish();
        } catch (err) {
          finish(err);
        }
      });
      res.on('end', () => {
        try {
          if (!done) deliver(reader.end());
          finish();
        } catch (err) {
          finish(err);
        }
      });
      res.on('aborted', () => finish(unavailable('closed the connection mid-answer')));
      res.on('error', (err) => finish(unavailable('closed the connection mid-answer', err)));
    };

    const req = send(endpoint.url, { method: 'POST', headers, agent: pool }, onResponse);
    req.on('error', (err) => finish(unavailable('could not be reached', err)));
    req.end(payload);
  });
}
