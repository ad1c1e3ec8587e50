import { join } from 'node:path';
import { SottoError } from '../errors/index.js';
import type { Runtime } from '../runtime/index.js';
import { SqlSignatureReplays } from '../call/stream-tokens/index.js';
import { MEDIA_STREAM_PATH, attachCallMedia } from './call-media.js';
import { openCallPipeline, type CallPipeline, type CallPipelineOverrides } from './call-pipeline.js';
import { startServer, type RunningServer } from './start.js';

export interface SottoServer {
  server: RunningServer;
  pipeline: CallPipeline;
  /** wss://…/v1/media-stream — where a carrier (or `sotto call simulate`) connects. */
  mediaUrl: string;
  close(): Promise<void>;
}

export interface SottoServerOptions {
  host: string;
  port: number;
  overrides?: CallPipelineOverrides;
  /**
   * Media streams open or upgrading at once; more are answered 503 (TRANSPORT_OVERLOADED).
   * Default: the transport's (256). Raise it only as far as the calls benchmark shows the
   * machine sustains calls (bench/calls.ts).
   */
  maxMediaStreams?: number;
  /** Load and warm WebRTC at start (`sotto serve`), so the first browser call is not slow; default: on the first browser call. */
  warmWebrtc?: boolean;
}

/**
 * Everything `sotto serve` runs on one HTTPS listener: the API, and media streams feeding
 * the call pipeline. With SOTTO_TWILIO_AUTH_TOKEN set, Twilio-signed streams are accepted for
 * `calls.twilio.tenant`; other streams need a one-time stream token (`POST /v1/calls/stream-tokens`).
 */
export async function startSottoServer(rt: Runtime, options: SottoServerOptions): Promise<SottoServer> {
  const twilioToken = process.env.SOTTO_TWILIO_AUTH_TOKEN;
  const twilioTenant = rt.config.calls.twilio.tenant;
  if (twilioToken && !twilioTenant) throw new SottoError('CONFIG_INVALID', 'SOTTO_TWILIO_AUTH_TOKEN is set but calls.twilio.tenant is not');
  // Alerts on suspicious access (docs/incidents.md); a webhook without a valid secret fails here, before anything listens.
  const { alertWatcherFromConfig } = await import('../incidents/alerts/index.js');
  const alerts = alertWatcherFromConfig({ store: rt.store, audit: rt.audit, logger: rt.logger }, rt.config.alerts);
  let pipeline: CallPipeline;
  try {
    pipeline = await openCallPipeline(rt, options.overrides);
  } catch (err) {
    await alerts.stop();
    throw err;
  }
  let server: RunningServer;
  try {
    server = await startServer({
      host: options.host,
      port: options.port,
      tls: rt.config.server.tls,
      tlsDir: join(rt.config.dataDir, 'tls'),
      logger: rt.logger,
      routes: async (app) => {
        const { registerApi } = await import('./api/index.js');
        await registerApi(app, { ...rt, live: pipeline.service.live });
        // The operator console on the same origin (docs/console.md); 503 CONSOLE_NOT_BUILT if unbuilt.
        const { registerConsole } = await import('./console.js');
        await registerConsole(app);
        const endpoint = attachCallMedia(app, {
          calls: pipeline.service,
          streamTokens: rt.streamTokens,
          gateway: rt.gateway,
          logger: rt.logger,
          defaultAgent: rt.config.calls.agent,
          ...(options.maxMediaStreams === undefined ? {} : { maxStreams: options.maxMediaStreams }),
          ...(twilioToken && twilioTenant
            ? {
                twilio: {
                  authToken: twilioToken,
                  tenant: twilioTenant,
                  // Shared by every process on this metadata store: a replay is refused whichever one it reaches.
                  replays: new SqlSignatureReplays(rt.store.sql),
                  ...(rt.config.calls.twilio.publicBaseUrl ? { publicBaseUrl: rt.config.calls.twilio.publicBaseUrl } : {}),
                },
              }
            : {}),
        });
        app.addHook('preClose', async () => {
          await endpoint.close();
        });
        // Browser calls over WebRTC (docs/webrtc.md): POST/DELETE /v1/calls/webrtc, werift loaded and warmed at start only when asked (`sotto serve`), else on the first browser call.
        const { attachWebrtc } = await import('./api/webrtc-routes.js');
        attachWebrtc(app, rt, pipeline.service, { warmUp: options.warmWebrtc === true });
      },
    });
  } catch (err) {
    await pipeline.close();
    await alerts.stop();
    throw err;
  }
  // The retention sweep runs in the server (docs/lifecycle.md, "Schedule"): the first one a
  // random moment within min(interval, 60 s) of start, not a whole interval later. It is
  // stopped before the server and the runtime close, after finishing its current batch.
  const sweeper = rt.lifecycle.startSweeper({ intervalMs: rt.config.lifecycle.sweepIntervalMs, logger: rt.logger });
  return {
    server,
    pipeline,
    mediaUrl: `${server.url.replace(/^https:/, 'wss:')}${MEDIA_STREAM_PATH}`,
    close: async () => {
      await sweeper.stop();
      await alerts.stop();
      await server.close();
      await pipeline.close();
    },
  };
}
