import type { Principal } from '../../access/index.js';
import type { CallRecord } from '../../call/record/index.js';
import { constantTimeEqual } from '../../crypto/index.js';

/** The vault's keyed hash of a subject id (SubjectKeys.subjectRef), as call records hold it. */
export interface SubjectRefs {
  subjectRef(tenantId: string, subjectId: string): Promise<string>;
}

/**
 * The data subject of a browser call: the principal who placed it (docs/webrtc.md). Only
 * POST /v1/calls/webrtc makes calls with channel 'webrtc', and it always names this subject.
 */
export function browserCallSubject(principal: Pick<Principal, 'id'>): string {
  return `principal:${principal.id}`;
}

/**
 * Whether this principal placed this browser call, read from the stored call record (its
 * channel and its subject's keyed hash), never from anything the client says.
 */
export async function placedBrowserCall(subjects: SubjectRefs, principal: Principal, call: Pick<CallRecord, 'channel' | 'tenantId' | 'subjectRef'>): Promise<boolean> {
  if (call.channel !== 'webrtc' || principal.tenantId !== call.tenantId) return false;
  const own = await subjects.subjectRef(call.tenantId, browserCallSubject(principal));
  return constantTimeEqual(Buffer.from(own, 'utf8'), Buffer.from(call.subjectRef, 'utf8'));
}
