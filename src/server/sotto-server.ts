import { join } from 'node:path';
import { SottoError } from '../errors/index.js';
import type { Runtime } from '../runtime/index.js';
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
}

/**
 * Everything `sotto serve` runs on one HTTPS listener: the API, and media streams feeding
 * the call pipeline. With SOTTO_TWILIO_AUTH_TOKEN set, Twilio-signed streams are accepted for
 * `calls.twilio.tenant`; other streams need an API token of their tenant.
 */
export async function startSottoServer(rt: Runtime, options: SottoServerOptions): Promise<SottoServer> {
  const twilioToken = process.env.SOTTO_TWILIO_AUTH_TOKEN;
  const twilioTenant = rt.config.calls.twilio.tenant;
  if (twilioToken && !twilioTenant) throw new SottoError('CONFIG_INVALID', 'SOTTO_TWILIO_AUTH_TOKEN is set but calls.twilio.tenant is not');
  const pipeline = await openCallPipeline(rt, options.overrides);
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
        await registerApi(app, rt);
        const endpoint = attachCallMedia(app, {
          calls: pipeline.service,
          identity: rt.identity,
          gateway: rt.gateway,
          logger: rt.logger,
          defaultAgent: rt.config.calls.agent,
          ...(options.maxMediaStreams === undefined ? {} : { maxStreams: options.maxMediaStreams }),
          ...(twilioToken && twilioTenant
            ? { twilio: { authToken: twilioToken, tenant: twilioTenant, ...(rt.config.calls.twilio.publicBaseUrl ? { publicBaseUrl: rt.config.calls.twilio.publicBaseUrl } : {}) } }
            : {}),
        });
        app.addHook('preClose', async () => {
          await endpoint.close();
        });
      },
    });
  } catch (err) {
    await pipeline.close();
    throw err;
  }
  return {
    server,
    pipeline,
    mediaUrl: `${server.url.replace(/^https:/, 'wss:')}${MEDIA_STREAM_PATH}`,
    close: async () => {
      await server.close();
      await pipeline.close();
    },
  };
}
