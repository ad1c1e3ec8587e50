import { ANONYMOUS, type AccessGateway } from '../access/index.js';
import type { IdentityService } from '../access/identity/index.js';
import { twilioCallMedia, type CallService } from '../call/index.js';
import { SottoError, isSottoError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { attachMediaStreamEndpoint, type MediaStreamConnection, type MediaStreamEndpoint } from '../transport/index.js';
import type { SottoApp } from './app.js';

/** Where carriers connect: wss://host:port/v1/media-stream (a stream token may follow as a path segment). */
export const MEDIA_STREAM_PATH = '/v1/media-stream';

export interface CallMediaOptions {
  calls: CallService;
  identity: IdentityService;
  gateway: AccessGateway;
  logger: Logger;
  defaultAgent: string;
  /** With SOTTO_TWILIO_AUTH_TOKEN: Twilio-signed streams are accepted for this tenant. */
  twilio?: { authToken: string; tenant: string; publicBaseUrl?: string };
  /** Streams open or upgrading at once (the transport's maxConnections; default 256). */
  maxStreams?: number;
}

/**
 * Media streams on the one HTTPS listener. A stream is authenticated either by Twilio's
 * signature (when an auth token is configured) or by a Sotto API token of the tenant the call
 * belongs to; anything else is refused at the upgrade, and the refusal is audited.
 */
export function attachCallMedia(app: SottoApp, o: CallMediaOptions): MediaStreamEndpoint {
  const accept = (connection: MediaStreamConnection): void => {
    const tenantId = connection.grant?.tenantId ?? o.twilio?.tenant;
    if (tenantId === undefined) {
      connection.close(new SottoError('TRANSPORT_AUTH_FAILED'));
      return;
    }
    const params = connection.customParameters;
    const subjectId = params.from ?? params.customerId;
    o.calls
      .handle(twilioCallMedia(connection), {
        tenantId,
        agent: params.agent ?? connection.grant?.agent ?? o.defaultAgent,
        subjectId: subjectId === undefined || subjectId === '' ? undefined : subjectId,
        channel: params.channel === 'simulated' ? 'simulated' : 'phone',
      })
      .catch((err: unknown) => {
        o.logger.warn({ code: isSottoError(err) ? err.code : 'INTERNAL' }, 'call ended with an error');
      });
  };
  return attachMediaStreamEndpoint(app.server, {
    path: MEDIA_STREAM_PATH,
    ...(o.maxStreams === undefined ? {} : { maxConnections: o.maxStreams }),
    ...(o.twilio ? { twilioAuthToken: o.twilio.authToken, ...(o.twilio.publicBaseUrl ? { publicBaseUrl: o.twilio.publicBaseUrl } : {}) } : {}),
    authorizeStreamToken: async (token) => {
      try {
        const principal = await o.identity.authenticate(token);
        return principal.tenantId === undefined ? undefined : { tenantId: principal.tenantId };
      } catch {
        return undefined;
      }
    },
    onStream: accept,
    onRejected: (reason, info) => {
      const code = reason.code;
      o.logger.warn({ code, source: info.remoteAddress }, 'media stream refused');
      o.gateway.record(ANONYMOUS, 'media.connect', null, 'denied', code, { requestId: null, source: info.remoteAddress ?? null }).catch((err: unknown) => {
        o.logger.error({ code: isSottoError(err) ? err.code : 'INTERNAL' }, 'could not audit a refused media stream');
      });
    },
  });
}
