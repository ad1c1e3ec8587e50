import { ANONYMOUS, type AccessGateway } from '../access/index.js';
import { CallService, twilioCallMedia } from '../call/index.js';
import type { StreamTokens } from '../call/stream-tokens/index.js';
import { SottoError, isSottoError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import {
  attachMediaStreamEndpoint,
  type MediaStreamConnection,
  type MediaStreamEndpoint,
  type SignatureReplayGuard,
  type StreamGrant,
} from '../transport/index.js';
import type { SottoApp } from './app.js';

/** Where carriers connect: wss://host:port/v1/media-stream (a stream token may follow as a path segment). */
export const MEDIA_STREAM_PATH = '/v1/media-stream';

export interface CallMediaOptions {
  calls: CallService;
  streamTokens: StreamTokens;
  gateway: AccessGateway;
  logger: Logger;
  defaultAgent: string;
  /** With SOTTO_TWILIO_AUTH_TOKEN: Twilio-signed streams are accepted for this tenant. */
  twilio?: { authToken: string; tenant: string; publicBaseUrl?: string; replays?: SignatureReplayGuard };
  /** Streams open or upgrading at once (the transport's maxConnections; default 256). */
  maxStreams?: number;
}

/**
 * Media streams on the one HTTPS listener. A stream is authenticated either by Twilio's
 * signature (when an auth token is configured; each signature once) or by a one-time stream
 * token (`sotto_m_…`, minted with `call.connect`), consumed on the upgrade. API and session
 * tokens are not stream tokens. Anything else is refused at the upgrade, and the refusal is
 * audited (`media.connect` denied, with the error code as the reason).
 */
export function attachCallMedia(app: SottoApp, o: CallMediaOptions): MediaStreamEndpoint {
  const accept = (connection: MediaStreamConnection): void => {
    const tenantId = connection.grant?.tenantId ?? o.twilio?.tenant;
    if (tenantId === undefined) {
      connection.close(new SottoError('TRANSPORT_AUTH_FAILED'));
      return;
    }
    const params = connection.customParameters;
    const bound = connection.grant?.agent;
    // A token minted for one agent admits a call to that agent only: whoever holds the token
    // (a carrier's TwiML, a browser) must not pick a different flow with a <Parameter>.
    if (bound !== undefined && params.agent !== undefined && params.agent !== bound) {
      const reason = new SottoError('TRANSPORT_AUTH_FAILED', 'the start message asks for another agent than the stream token was minted for');
      audit(o, reason, connection.remoteAddress, tenantId);
      connection.close(reason);
      return;
    }
    const subjectId = params.from ?? params.customerId;
    const callId = CallService.newCallId();
    // Who let this stream in, on the call it became: the one-time token's id, or Twilio's signature.
    const tokenId = connection.grant?.['tokenId'];
    admitted(o, callId, tenantId, typeof tokenId === 'string' ? `stream_token:${tokenId}` : 'twilio_signature', connection.remoteAddress);
    o.calls
      .handle(twilioCallMedia(connection), {
        tenantId,
        agent: bound ?? params.agent ?? o.defaultAgent,
        subjectId: subjectId === undefined || subjectId === '' ? undefined : subjectId,
        channel: params.channel === 'simulated' ? 'simulated' : 'phone',
        carrierCallId: connection.callSid === '' ? undefined : connection.callSid,
      }, callId)
      .catch((err: unknown) => {
        o.logger.warn({ code: isSottoError(err) ? err.code : 'INTERNAL' }, 'call ended with an error');
      });
  };
  const twilioTenant = o.twilio?.tenant;
  return attachMediaStreamEndpoint(app.server, {
    path: MEDIA_STREAM_PATH,
    ...(o.maxStreams === undefined ? {} : { maxConnections: o.maxStreams }),
    ...(o.twilio
      ? {
          twilioAuthToken: o.twilio.authToken,
          ...(o.twilio.publicBaseUrl ? { publicBaseUrl: o.twilio.publicBaseUrl } : {}),
          ...(o.twilio.replays ? { signatureReplays: o.twilio.replays } : {}),
        }
      : {}),
    authorizeStreamToken: async (token): Promise<StreamGrant> => {
      const grant = await o.streamTokens.consume(token);
      // Twilio-signed streams belong to calls.twilio.tenant: another tenant's token is refused.
      if (twilioTenant !== undefined && grant.tenantId !== twilioTenant) throw new SottoError('TRANSPORT_AUTH_FAILED', 'the stream token belongs to another tenant');
      return grant;
    },
    onStream: accept,
    onRejected: (reason, info) => audit(o, reason, info.remoteAddress, undefined),
  });
}

function admitted(o: CallMediaOptions, callId: string, tenantId: string, by: string, source: string | undefined): void {
  const resource = { type: 'call' as const, id: callId, tenantId };
  o.gateway.record(ANONYMOUS, 'media.connect', resource, 'allowed', by, { requestId: null, source: source ?? null }).catch((err: unknown) => {
    o.logger.error({ code: isSottoError(err) ? err.code : 'INTERNAL', callId }, 'could not audit an admitted media stream');
  });
}

function audit(o: CallMediaOptions, reason: SottoError, source: string | undefined, tenantId: string | undefined): void {
  const code = reason.code;
  o.logger.warn({ code, source }, 'media stream refused');
  const resource = tenantId === undefined ? null : { type: 'tenant' as const, id: tenantId, tenantId };
  o.gateway.record(ANONYMOUS, 'media.connect', resource, 'denied', code, { requestId: null, source: source ?? null }).catch((err: unknown) => {
    o.logger.error({ code: isSottoError(err) ? err.code : 'INTERNAL' }, 'could not audit a refused media stream');
  });
}
