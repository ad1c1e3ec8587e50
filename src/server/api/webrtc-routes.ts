import type { AccessGateway, Principal, RequestContext } from '../../access/index.js';
import { webrtcCallMedia, type CallMedia, type CallService } from '../../call/index.js';
import type { CallRepository } from '../../call/record/index.js';
import type { WebrtcConfig } from '../../config/webrtc.js';
import { randomId } from '../../crypto/index.js';
import { SottoError, isSottoError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import { isLoopbackHost } from '../../net/index.js';
import type { Runtime } from '../../runtime/index.js';
import { checkOffer, MAX_OFFER_BYTES, startWebrtcAnswerer, type WebrtcAnswerer } from '../../transport/webrtc/index.js';
import { checkTenantId } from '../../vault/index.js';
import type { SottoApp } from '../app.js';
import { browserCallSubject } from './browser-call-placer.js';
import { loadCall } from './call-access.js';
import { principalOf, requestContext } from './request-context.js';
import { registerWebrtcOptionsRoutes } from './webrtc-options-routes.js';

export interface WebrtcRouteDeps {
  gateway: AccessGateway;
  calls: CallRepository;
  service: CallService;
  logger: Logger;
  config: WebrtcConfig;
  /** The agent a call gets when the request names none (calls.agent). */
  defaultAgent: string;
  /** The warmed-up answerer; undefined when webrtc.enabled is false. */
  answerer: (() => Promise<WebrtcAnswerer>) | undefined;
}

const body = {
  type: 'object',
  additionalProperties: false,
  required: ['sdp'],
  properties: {
    sdp: { type: 'string', maxLength: MAX_OFFER_BYTES },
    agent: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' },
    // Only for a principal without a tenant (the local operator's kind), as for stream tokens.
    tenant: { type: 'string', maxLength: 63 },
  },
} as const;

const iceServer = {
  type: 'object',
  properties: { urls: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }, username: { type: 'string' }, credential: { type: 'string' } },
} as const;

/**
 * Browser calls on `sotto serve`'s listener: with webrtc.enabled, werift loads and warms up in
 * the background (the server listens at once), and its peers are closed before the server.
 */
export function attachWebrtc(app: SottoApp, rt: Runtime, service: CallService, options: { warmUp: boolean }): void {
  const { webrtc } = rt.config;
  if (webrtc.enabled && isLoopbackHost(webrtc.hostAddress) && !isLoopbackHost(rt.config.server.host)) {
    rt.logger.warn({ hostAddress: webrtc.hostAddress }, 'WebRTC listens on loopback only: browsers on other machines cannot connect (set webrtc.hostAddress)');
  }
  const running = webrtc.enabled ? startWebrtcAnswerer(webrtc, rt.logger, { eager: options.warmUp }) : undefined;
  registerWebrtcRoutes(app, {
    gateway: rt.gateway,
    calls: rt.calls,
    service,
    logger: rt.logger,
    config: webrtc,
    defaultAgent: rt.config.calls.agent,
    answerer: running?.ready,
  });
  registerWebrtcOptionsRoutes(app, { gateway: rt.gateway, config: rt.config });
  app.addHook('preClose', async () => {
    await running?.close();
  });
}

/**
 * Browser calls (docs/webrtc.md). POST /v1/calls/webrtc takes the browser's offer and answers
 * it: the principal needs call.connect in the tenant, decided and audited first; the call id is
 * audited next (`call.webrtc`), as a stream token's id is. The call then runs like a phone
 * call, with channel 'webrtc'; its data subject is the principal who placed it (a developer
 * trying the agent speaks for themself), kept as the keyed hash of `principal:<id>`.
 * DELETE /v1/calls/webrtc/:id hangs up; another tenant's call reads as a missing one.
 */
export function registerWebrtcRoutes(app: SottoApp, deps: WebrtcRouteDeps): void {
  /** Browser calls in progress in this process, by call id (the tenant check is loadCall's). */
  const active = new Map<string, CallMedia>();

  app.post(
    '/v1/calls/webrtc',
    {
      schema: {
        tags: ['calls'],
        summary: 'Start a browser call: the browser’s SDP offer in, the answer out (DTLS-SRTP, PCMU); needs call.connect',
        body,
        response: { 201: { type: 'object', properties: { callId: { type: 'string' }, sdp: { type: 'string' }, iceServers: { type: 'array', items: iceServer } } } },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const b = request.body as { sdp: string; agent?: string; tenant?: string };
      const ctx = requestContext(request);
      const tenantId = await tenantOf(deps.gateway, principal, b.tenant, ctx);
      const resource = { type: 'tenant' as const, id: tenantId, tenantId };
      await deps.gateway.require(principal, 'call.connect', resource, ctx);
      let placed: { callId: string; sdp: string; media: CallMedia };
      try {
        placed = await place(deps, principal, tenantId, b, (callId, media) => active.set(callId, media), (callId) => active.delete(callId));
      } catch (err) {
        await deps.gateway.record(principal, 'call.webrtc', resource, 'denied', isSottoError(err) ? err.code : 'INTERNAL', ctx);
        throw err;
      }
      try {
        const agent = b.agent ?? deps.defaultAgent;
        await deps.gateway.record(principal, 'call.webrtc', { type: 'call', id: placed.callId, tenantId }, 'allowed', `webrtc call, agent ${agent}`, ctx);
      } catch (err) {
        // Fail closed: no call runs without its audit entry.
        placed.media.hangup();
        throw err;
      }
      void reply.header('cache-control', 'no-store');
      return reply.code(201).send({ callId: placed.callId, sdp: placed.sdp, iceServers: deps.config.iceServers });
    },
  );

  const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
  app.delete('/v1/calls/webrtc/:id', { schema: { tags: ['calls'], summary: 'Hang up a browser call; needs call.connect', params: idParams } }, async (request, reply) => {
    const principal = principalOf(request);
    const ctx = requestContext(request);
    const { call, resource } = await loadCall(deps.gateway, deps.calls, principal, 'call.connect', (request.params as { id: string }).id, ctx);
    if (call.channel !== 'webrtc') {
      await deps.gateway.record(principal, 'call.connect', { type: 'call', id: call.id, tenantId: call.tenantId }, 'denied', 'not found', ctx);
      throw new SottoError('NOT_FOUND', 'no such call');
    }
    await deps.gateway.require(principal, 'call.connect', resource, ctx);
    // A call that has already ended is left as it is: hanging up twice is not an error.
    active.get(call.id)?.hangup();
    return reply.code(204).send();
  });
}

/** The principal's own tenant; a tenantless principal (the local operator) names one. */
async function tenantOf(gateway: AccessGateway, principal: Principal, named: string | undefined, ctx: RequestContext): Promise<string> {
  if (principal.tenantId !== undefined && named !== undefined && named !== principal.tenantId) {
    // Another tenant's id reads like a missing one, as for stream tokens.
    await gateway.record(principal, 'call.connect', { type: 'tenant', id: '(unknown)', tenantId: principal.tenantId }, 'denied', 'not found', ctx);
    throw new SottoError('NOT_FOUND', 'no such tenant');
  }
  const tenantId = principal.tenantId ?? named;
  if (tenantId === undefined) throw new SottoError('USAGE', 'tenant is required');
  return checkTenantId(tenantId);
}

/** Answers the offer and starts the call; resolves once the call record exists. */
async function place(
  deps: WebrtcRouteDeps,
  principal: Principal,
  tenantId: string,
  b: { sdp: string; agent?: string },
  onStarted: (callId: string, media: CallMedia) => void,
  onEnded: (callId: string) => void,
): Promise<{ callId: string; sdp: string; media: CallMedia }> {
  if (deps.answerer === undefined) throw new SottoError('WEBRTC_DISABLED');
  const offer = checkOffer(b.sdp); // before waiting for werift: a bad offer is refused at once
  const peer = await (await deps.answerer()).answer(offer);
  const media = webrtcCallMedia(peer, { setupTimeoutMs: deps.config.setupTimeoutMs, noAudioTimeoutMs: deps.config.noAudioTimeoutMs });
  const carrierCallId = randomId('webrtc');
  const handled = deps.service.handle(media, {
    tenantId,
    agent: b.agent ?? deps.defaultAgent,
    subjectId: browserCallSubject(principal),
    channel: 'webrtc',
    carrierCallId,
  });
  let callId: string | undefined;
  let over = false;
  handled
    .catch((err: unknown) => deps.logger.warn({ code: isSottoError(err) ? err.code : 'INTERNAL' }, 'webrtc call ended with an error'))
    .finally(() => {
      over = true;
      if (callId !== undefined) onEnded(callId);
    });
  try {
    callId = await callIdOf(deps.service, carrierCallId, handled, deps.config.setupTimeoutMs);
  } catch (err) {
    media.hangup();
    throw err;
  }
  if (!over) onStarted(callId, media);
  return { callId, sdp: peer.answerSdp, media };
}

/**
 * The call service names a call once its record exists (and the live feed opens it); until
 * then it is known here by the carrier id we gave it. A call that fails before that (an unknown
 * agent, residency) rejects with its own error.
 */
async function callIdOf(service: CallService, carrierCallId: string, handled: Promise<string>, timeoutMs: number): Promise<string> {
  let settled: { err: unknown } | undefined;
  handled.then(
    () => (settled = { err: new SottoError('CALL_FAILED', 'the call ended before it started') }),
    (err: unknown) => (settled = { err }),
  );
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = service.live.find({ carrierCallId });
    if (found !== undefined) return found.callId;
    if (settled !== undefined) throw settled.err;
    if (Date.now() >= until) throw new SottoError('CALL_FAILED', 'the call did not start in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
