import { PassThrough } from 'node:stream';
import type { AccessGateway, Authorizer, Principal, RequestContext, ResourceRef } from '../../access/index.js';
import type { LiveEvent, LiveFeed } from '../../call/index.js';
import type { CallRecord, CallRepository } from '../../call/record/index.js';
import type { SottoApp } from '../app.js';
import { placedBrowserCall, type SubjectRefs } from './browser-call-placer.js';
import { loadCall } from './call-access.js';
import { principalOf, requestContext } from './request-context.js';

export interface LiveRouteDeps {
  gateway: AccessGateway;
  /** Decides without recording: the placer's exception is recorded on its own (see requireFollow). */
  authorizer: Authorizer;
  calls: CallRepository;
  /** The keyed hash of a browser call's placer (see requireFollow). */
  vault: { subjects: SubjectRefs };
  /** Calls in progress in this process; absent on an API-only server. */
  live?: LiveFeed | undefined;
}

/** Twilio's callSid is CA + 32 hex; other carriers differ, so only the shape is bounded. */
const CARRIER_CALL_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The caller's side asks as soon as it has sent `start`; the call record follows shortly. */
const CARRIER_LOOKUP_MS = 10_000;
const HEARTBEAT_MS = 15_000;

/**
 * The redacted live transcript of a call in progress as server-sent events (`event: caller |
 * agent | keypad | ended`). Needs transcript.view on the call, checked and recorded like every
 * read of a transcript, or to have placed that browser call (requireFollow); events carry
 * redacted text only. A call that has ended, or runs in
 * another process, gets a single `ended` event.
 */
export function registerLiveRoutes(app: SottoApp, deps: LiveRouteDeps): void {
  const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
  app.get('/v1/calls/:id/live', { schema: { tags: ['calls'], summary: 'The live redacted transcript of a call in progress (text/event-stream)', params: idParams } }, async (request, reply) => {
    const body = await follow(deps, principalOf(request), (request.params as { id: string }).id, requestContext(request), request.raw);
    return reply.type('text/event-stream; charset=utf-8').send(body);
  });

  app.get(
    '/v1/calls/live',
    {
      schema: {
        tags: ['calls'],
        summary: 'The live redacted transcript of a call in progress, found by the carrier’s call id (e.g. Twilio callSid)',
        querystring: { type: 'object', additionalProperties: false, required: ['carrierCallId'], properties: { carrierCallId: { type: 'string', maxLength: 64 } } },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { carrierCallId } = request.query as { carrierCallId: string };
      const found = CARRIER_CALL_ID.test(carrierCallId) ? await findByCarrierId(deps.live, carrierCallId, request.raw) : undefined;
      // Not running here, or never: the same answer and audit entry as a call id that does not exist.
      const body = await follow(deps, principal, found?.callId ?? '(unknown)', requestContext(request), request.raw);
      return reply.type('text/event-stream; charset=utf-8').send(body);
    },
  );
}

async function follow(deps: LiveRouteDeps, principal: Principal, callId: string, ctx: RequestContext, connection: NodeJS.EventEmitter): Promise<PassThrough> {
  const { call, resource } = await loadCall(deps.gateway, deps.calls, principal, 'transcript.view', callId, ctx);
  await requireFollow(deps, principal, call, resource, ctx);
  const body = new PassThrough();
  const send = (event: LiveEvent): void => {
    body.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  const ended = (): void => {
    send({ type: 'ended', status: call.status === 'failed' ? 'failed' : 'completed', reason: call.failureReason });
    body.end();
  };
  const stop = call.status === 'active' ? deps.live?.subscribe(call.id, (event) => {
    send(event);
    if (event.type === 'ended') finish();
  }) : undefined;
  if (stop === undefined) {
    ended();
    return body;
  }
  const heartbeat = setInterval(() => body.write(': keep-alive\n\n'), HEARTBEAT_MS);
  function finish(): void {
    clearInterval(heartbeat);
    stop?.();
    body.end();
  }
  connection.once('close', finish);
  return body;
}

const PLACER_REASON = 'placed this browser call';

/**
 * transcript.view by policy, or: the principal placed this browser call and still holds
 * call.connect. A developer trying the agent (the default developer role has no transcript.view)
 * hears every word of the call anyway, and the live feed shows them only what they said with
 * the values replaced by their types: it is how they see what the detector caught. That is no
 * read of anyone else's conversation, so it needs no transcript permission; the exception is
 * that narrow. The placer is read from the stored call record (channel 'webrtc' and the keyed
 * hash of `principal:<id>`, which only POST /v1/calls/webrtc writes), never from the client;
 * it is recorded as transcript.view allowed with its own reason, like any other live read.
 * Everyone else is decided by the policy, denials recorded, as before.
 */
async function requireFollow(deps: LiveRouteDeps, principal: Principal, call: CallRecord, resource: ResourceRef, ctx: RequestContext): Promise<void> {
  const context = { now: new Date() };
  const byPolicy = deps.authorizer.authorize({ principal, permission: 'transcript.view', resource, context });
  if (!byPolicy.allowed && (await placedBrowserCall(deps.vault.subjects, principal, call))) {
    const mayCall = deps.authorizer.authorize({ principal, permission: 'call.connect', resource, context });
    if (mayCall.allowed) {
      await deps.gateway.record(principal, 'transcript.view', resource, 'allowed', PLACER_REASON, ctx);
      return;
    }
  }
  await deps.gateway.require(principal, 'transcript.view', resource, ctx);
}

async function findByCarrierId(live: LiveFeed | undefined, carrierCallId: string, connection: NodeJS.EventEmitter): Promise<{ callId: string } | undefined> {
  if (live === undefined) return undefined;
  let gone = false;
  connection.once('close', () => (gone = true));
  const until = Date.now() + CARRIER_LOOKUP_MS;
  for (;;) {
    const found = live.find({ carrierCallId });
    if (found !== undefined || gone || Date.now() >= until) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
