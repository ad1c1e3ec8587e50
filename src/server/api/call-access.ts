import type { AccessGateway, Permission, Principal, RequestContext, ResourceRef } from '../../access/index.js';
import type { CallRecord, CallRepository } from '../../call/record/index.js';
import { SottoError } from '../../errors/index.js';

const CALL_ID = /^call_[A-Za-z0-9_-]{22}$/;

/**
 * Find a call for a principal. A missing call and another tenant's call end the same way —
 * recorded as denied, answered NOT_FOUND — so ids cannot be probed across tenants.
 */
export async function loadCall(
  gateway: AccessGateway,
  calls: CallRepository,
  principal: Principal,
  permission: Permission,
  id: string,
  ctx: RequestContext,
): Promise<{ call: CallRecord; resource: ResourceRef }> {
  const call = CALL_ID.test(id) ? await calls.get(id) : undefined;
  if (!call || (principal.tenantId !== undefined && principal.tenantId !== call.tenantId)) {
    // The same reason either way: the prober's own auditors can read this entry, and a
    // different word would tell them the id exists in another tenant (found in review).
    const reason = 'not found';
    const resource = { type: 'call' as const, id: CALL_ID.test(id) ? id : '(malformed)', tenantId: principal.tenantId ?? null };
    await gateway.record(principal, permission, resource, 'denied', reason, ctx);
    throw new SottoError('NOT_FOUND', 'no such call');
  }
  return { call, resource: { type: 'call', id: call.id, tenantId: call.tenantId, subjectRef: call.subjectRef } };
}

/** What the API shows of a call: no subject reference, no artifact ids. */
export function callView(call: CallRecord): Record<string, unknown> {
  return {
    id: call.id,
    agent: call.agent,
    channel: call.channel,
    status: call.status,
    failureReason: call.failureReason ?? null,
    startedAt: call.startedAt,
    endedAt: call.endedAt ?? null,
    entityTypes: call.entityTypes,
    entityCounts: call.entityCounts,
    subprocessors: call.subprocessors,
    region: call.region,
    outcome: call.outcome ?? null,
    hasRecording: call.recordingArtifactId !== undefined,
    hasTranscript: call.transcriptArtifactId !== undefined,
    hasUnredactedTranscript: call.unredactedTranscriptArtifactId !== undefined,
  };
}

export const CALL_VIEW_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'agent', 'channel', 'status', 'startedAt', 'entityTypes'],
  properties: {
    id: { type: 'string' },
    agent: { type: 'string' },
    channel: { type: 'string', enum: ['phone', 'webrtc', 'simulated'] },
    status: { type: 'string', enum: ['active', 'completed', 'failed'] },
    failureReason: { type: ['string', 'null'] },
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: { type: ['string', 'null'] },
    entityTypes: { type: 'array', items: { type: 'string' } },
    entityCounts: { type: 'object', additionalProperties: { type: 'integer' } },
    subprocessors: { type: 'array', items: { type: 'string' } },
    region: { type: 'string' },
    outcome: { type: ['string', 'null'] },
    hasRecording: { type: 'boolean' },
    hasTranscript: { type: 'boolean' },
    hasUnredactedTranscript: { type: 'boolean' },
  },
} as const;
