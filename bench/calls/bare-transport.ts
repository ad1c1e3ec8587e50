// The baseline: Sotto's media endpoint alone on Sotto's HTTPS listener (same TLS policy and
// certificate, same WebSocket server, same JSON parsing, validation, sequence checks and base64
// decoding), with nothing behind it — each media frame is only counted and timed on arrival.
import { join } from 'node:path';
import type { Logger } from '../../src/log/index.js';
import { MEDIA_STREAM_PATH } from '../../src/server/call-media.js';
import { startServer } from '../../src/server/start.js';
import { attachMediaStreamEndpoint, type MediaStreamEndpoint } from '../../src/transport/index.js';

export interface BareTransport {
  mediaUrl: string;
  close(): Promise<void>;
}

/** `onFrame(stream, timestampMs, arrivedAt)` for every inbound media message. */
export async function startBareTransport(
  dataDir: string,
  logger: Logger,
  maxStreams: number,
  onFrame: (stream: object, timestampMs: number, arrivedAt: number) => void,
): Promise<BareTransport> {
  let endpoint: MediaStreamEndpoint | undefined;
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    tls: {},
    tlsDir: join(dataDir, 'tls'),
    logger,
    routes: (app) => {
      endpoint = attachMediaStreamEndpoint(app.server, {
        path: MEDIA_STREAM_PATH,
        maxConnections: maxStreams,
        // The driver's token is not checked here: the baseline measures frames, not the upgrade.
        authorizeStreamToken: () => Promise.resolve({ tenantId: 'bench' }),
        onStream: (connection) => {
          const stream = {};
          connection.on('media', (frame) => onFrame(stream, frame.timestampMs, performance.now()));
        },
      });
      app.addHook('preClose', async () => {
        await endpoint?.close();
      });
    },
  });
  return {
    mediaUrl: `${server.url.replace(/^https:/, 'wss:').replace('127.0.0.1', 'localhost')}${MEDIA_STREAM_PATH}`,
    close: () => server.close(),
  };
}
