import type { AccessGateway } from '../../access/index.js';
import { BUILT_IN_AGENTS } from '../../agent/index.js';
import type { SottoConfig } from '../../config/index.js';
import { SottoError } from '../../errors/index.js';
import type { SottoApp } from '../app.js';
import { principalOf, requestContext } from './request-context.js';

export interface WebrtcOptionsDeps {
  gateway: AccessGateway;
  config: Pick<SottoConfig, 'calls' | 'webrtc'>;
}

export interface WebrtcOptions {
  enabled: boolean;
  agents: string[];
  /** The agent a call gets when it names none; null when it is not one of `agents` (a flow file's path is not shown). */
  defaultAgent: string | null;
  /** For the browser's RTCPeerConnection: what the deployment configures (webrtc.iceServers), by default none. */
  iceServers: SottoConfig['webrtc']['iceServers'];
}

/**
 * The agents a call may name, as the call pipeline's catalog resolves them (call-pipeline.ts:
 * the built-in flows, and 'llm' when an endpoint is configured); never a path.
 */
export function callableAgents(config: Pick<SottoConfig, 'calls'>): string[] {
  return [...BUILT_IN_AGENTS, ...(config.calls.llm ? ['llm'] : [])];
}

const iceServer = {
  type: 'object',
  properties: { urls: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }, username: { type: 'string' }, credential: { type: 'string' } },
} as const;

/**
 * GET /v1/calls/webrtc/options: what the console's "try the agent" page needs before it makes an
 * offer (the agents to choose from, the ICE servers for its peer connection). Needs call.connect
 * in the principal's tenant, decided and recorded like the call itself, since the ICE servers may
 * carry TURN credentials meant for callers only.
 */
export function registerWebrtcOptionsRoutes(app: SottoApp, deps: WebrtcOptionsDeps): void {
  app.get(
    '/v1/calls/webrtc/options',
    {
      schema: {
        tags: ['calls'],
        summary: 'What a browser call may use: the agents, the default agent, the ICE servers; needs call.connect',
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            properties: { enabled: { type: 'boolean' }, agents: { type: 'array', items: { type: 'string' } }, defaultAgent: { type: ['string', 'null'] }, iceServers: { type: 'array', items: iceServer } },
          },
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const ctx = requestContext(request);
      // A browser call is placed in the principal's own tenant; a tenantless one names it per call.
      const tenantId = principal.tenantId;
      if (tenantId === undefined) throw new SottoError('USAGE', 'only a principal of a tenant has browser-call options');
      await deps.gateway.require(principal, 'call.connect', { type: 'tenant', id: tenantId, tenantId }, ctx);
      const agents = callableAgents(deps.config);
      const options: WebrtcOptions = {
        enabled: deps.config.webrtc.enabled,
        agents,
        defaultAgent: agents.includes(deps.config.calls.agent) ? deps.config.calls.agent : null,
        iceServers: deps.config.webrtc.iceServers,
      };
      void reply.header('cache-control', 'no-store');
      return options;
    },
  );
}
