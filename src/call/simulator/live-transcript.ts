import { request } from 'node:https';
import { SottoError } from '../../errors/index.js';
import { requireSecureUrl } from '../../net/index.js';
import type { LiveEvent } from '../session/call-session.js';

export interface FollowOptions {
  /** The server's media URL (wss://host:port/v1/media-stream…); the API is on the same listener. */
  mediaUrl: string;
  /** An API or session token of the call's tenant holding transcript.view. */
  apiToken: string;
  /** The carrier call id the simulated stream announces in `start` (its callSid). */
  carrierCallId: string;
  ca?: string | Buffer | undefined;
  insecureTls?: boolean | undefined;
  onEvent(event: LiveEvent): void;
}

/**
 * Follows the server's live transcript of a simulated call (GET /v1/calls/live, server-sent
 * events): what the server heard and said, redacted by the server, as it happens. Resolves
 * when the server reports the call ended or closes the stream.
 */
export function followLiveTranscript(o: FollowOptions): { done: Promise<void>; stop(): void } {
  const base = requireSecureUrl(o.mediaUrl.replace(/^wss:/, 'https:'));
  const url = new URL(`/v1/calls/live?carrierCallId=${encodeURIComponent(o.carrierCallId)}`, base);
  let stop = (): void => undefined;
  let stopped = false;
  const done = new Promise<void>((resolve, reject) => {
    const req = request(url, {
      headers: { authorization: `Bearer ${o.apiToken}`, accept: 'text/event-stream' },
      ...(o.ca ? { ca: o.ca } : {}),
      rejectUnauthorized: o.insecureTls !== true,
    });
    stop = () => {
      stopped = true;
      req.destroy();
    };
    req.on('error', (err) => (stopped ? resolve() : reject(err)));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new SottoError('USAGE', `following the live transcript failed: HTTP ${res.statusCode ?? 0} (does the token have transcript.view in the call's tenant?)`));
        return;
      }
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
          const data = buffered.slice(0, end).split('\n').find((line) => line.startsWith('data: '));
          buffered = buffered.slice(end + 2);
          if (data !== undefined) o.onEvent(JSON.parse(data.slice(6)) as LiveEvent);
        }
      });
      res.on('end', resolve);
      res.on('close', resolve);
    });
    req.end();
  });
  return { done, stop: () => stop() };
}
