import type { AuditEntry, AuditLog } from '../audit/entry.js';
import { isSottoError, SottoError } from '../errors/index.js';
import type { ArtifactRecord } from '../store/meta/metadata-store.js';
import { findArtifact, openArtifact, type ArtifactReaderDeps } from '../vault/artifact-reader.js';
import type { Authorizer, BreakGlassLookup, Decision, RequestContext, ResourceRef } from './decision.js';
import type { Permission } from './permissions.js';
import type { Principal } from './principal.js';

export interface GatewayDeps {
  reader: ArtifactReaderDeps;
  audit: AuditLog;
  authorizer: Authorizer;
  grants?: BreakGlassLookup;
  now?: () => Date;
}

export interface ArtifactRead {
  record: Pick<ArtifactRecord, 'id' | 'tenantId' | 'kind' | 'plaintextSize' | 'createdAt'>;
  decision: Decision;
  /** The inclusive plaintext range being returned, when a range was asked for. */
  range: { start: number; end: number } | undefined;
  body: AsyncGenerator<Buffer>;
}

/** A byte range, or a function resolving one once the artifact's size is known (HTTP suffix ranges). */
export type ByteRangeRequest = { start: number; end: number } | ((plaintextSize: number) => { start: number; end: number } | undefined);

/** A resource as the audit entry names it; installation-wide or unknown tenant is null. */
export type AuditResource = Omit<ResourceRef, 'tenantId'> & { tenantId: string | null };

/** Principal of a request that has not authenticated (recorded on denied and login events). */
export const ANONYMOUS: Principal = Object.freeze({ id: 'anonymous', kind: 'user', tenantId: undefined, roles: Object.freeze([]) });

/**
 * The one choke point for conversation content (DESIGN.md invariant 2), and the recorder of
 * every authorization decision: decide by policy, append the audit entry durably, and only
 * then act. If the audit append fails, the request fails (fail closed).
 */
export class AccessGateway {
  private readonly now: () => Date;

  constructor(private readonly deps: GatewayDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Decide, record, and throw unless allowed. Denials of another tenant's ids read as NOT_FOUND. */
  async require(principal: Principal, permission: Permission, resource: ResourceRef, ctx: RequestContext): Promise<Decision> {
    return (await this.requireAudited(principal, permission, resource, ctx)).decision;
  }

  /** `require`, also giving the audit log index of the decision's entry (deletion certificates cite it). */
  async requireAudited(
    principal: Principal,
    permission: Permission,
    resource: ResourceRef,
    ctx: RequestContext,
  ): Promise<{ decision: Decision; auditIndex: number }> {
    const now = this.now();
    const request = { principal, permission, resource, context: { now } };
    let decision = this.deps.authorizer.authorize(request);
    if (!decision.allowed && decision.reason.startsWith('break-glass') && this.deps.grants) {
      const grant = await this.deps.grants.active(principal, permission, resource.tenantId, resource.id, now);
      if (grant) decision = this.deps.authorizer.authorize({ ...request, context: { now, breakGlassGrant: grant } });
    }
    const auditIndex = await this.write(principal, permission, resource, decision.allowed ? 'allowed' : 'denied', decision.reason, ctx, decision.breakGlass);
    if (!decision.allowed) throw denial(decision, principal);
    return { decision, auditIndex };
  }

  /** Record an event that is not a permission check (login, logout, token issued); resolves with its audit index. */
  async record(
    principal: Principal,
    action: string,
    resource: AuditResource | null,
    outcome: AuditEntry['outcome'],
    reason: string,
    ctx: RequestContext,
  ): Promise<number> {
    return this.write(principal, action, resource, outcome, reason, ctx);
  }

  /**
   * Read an artifact's content for a resource (a call, or the artifact itself): authorize and
   * record first, decrypt after. An artifact of another tenant than the resource is not found.
   */
  async readArtifact(
    principal: Principal,
    /** Defaults to the permission for the artifact's kind (recording.listen, transcript.view, call.export). */
    permission: Permission | undefined,
    artifactId: string,
    ctx: RequestContext,
    options: { resource?: ResourceRef; range?: ByteRangeRequest } = {},
  ): Promise<ArtifactRead> {
    let record: ArtifactRecord;
    try {
      record = await findArtifact(this.deps.reader.store, artifactId);
      if (options.resource && options.resource.tenantId !== record.tenantId) throw new SottoError('ARTIFACT_NOT_FOUND');
    } catch (err) {
      if (isSottoError(err, 'ARTIFACT_NOT_FOUND')) {
        const tenantId = options.resource?.tenantId ?? principal.tenantId ?? null;
        await this.write(principal, permission ?? 'content.read', { type: 'artifact', id: auditableId(artifactId), tenantId }, 'denied', 'not found', ctx);
      }
      throw err;
    }
    const resource: ResourceRef = options.resource
      ? { ...options.resource, subjectRef: record.subjectRef }
      : { type: 'artifact', id: record.id, tenantId: record.tenantId, subjectRef: record.subjectRef };
    let decision: Decision;
    try {
      decision = await this.require(principal, permission ?? contentPermission(record.kind), resource, ctx);
    } catch (err) {
      if (isSottoError(err, 'NOT_FOUND')) throw new SottoError('ARTIFACT_NOT_FOUND', 'no such artifact');
      throw err;
    }
    const open = await openArtifact(this.deps.reader, record);
    let range: { start: number; end: number } | undefined;
    let source: AsyncGenerator<Buffer>;
    try {
      range = typeof options.range === 'function' ? options.range(record.plaintextSize) : options.range;
      source = range ? open.range(range.start, range.end) : open.stream();
    } catch (err) {
      open.close();
      throw err;
    }
    async function* body(): AsyncGenerator<Buffer> {
      try {
        yield* source;
      } finally {
        open.close();
      }
    }
    const { id, tenantId, kind, plaintextSize, createdAt } = record;
    return { record: { id, tenantId, kind, plaintextSize, createdAt }, decision, range, body: body() };
  }

  /** Decrypt and authenticate every segment without returning content (`sotto vault verify`). */
  async verifyArtifact(principal: Principal, artifactId: string, ctx: RequestContext): Promise<{ id: string; plaintextSize: number }> {
    const read = await this.readArtifact(principal, undefined, artifactId, ctx);
    let plaintextSize = 0;
    for await (const chunk of read.body) {
      plaintextSize += chunk.length;
      chunk.fill(0);
    }
    return { id: read.record.id, plaintextSize };
  }

  private async write(
    principal: Principal,
    action: string,
    resource: AuditResource | null,
    outcome: AuditEntry['outcome'],
    reason: string,
    ctx: RequestContext,
    breakGlass?: Decision['breakGlass'],
  ): Promise<number> {
    const entry: AuditEntry = {
      v: 1,
      at: this.now().toISOString(),
      principal: { id: principal.id, kind: principal.kind, tenantId: principal.tenantId ?? null, roles: [...principal.roles] },
      action,
      resource: resource
        ? {
            type: resource.type,
            id: resource.id,
            tenantId: resource.tenantId,
            ...(resource.subjectRef ? { subjectRef: resource.subjectRef } : {}),
          }
        : { type: 'none', id: null, tenantId: null },
      outcome,
      reason,
      requestId: ctx.requestId,
      source: ctx.source,
      ...(breakGlass ? { breakGlass } : {}),
    };
    try {
      return await this.deps.audit.append(entry);
    } catch (cause) {
      throw new SottoError('AUDIT_WRITE_FAILED', undefined, { cause });
    }
  }
}

/** Reading an artifact's content needs the permission that matches what it is. */
export function contentPermission(kind: ArtifactRecord['kind']): Permission {
  switch (kind) {
    case 'recording':
      return 'recording.listen';
    case 'transcript':
      return 'transcript.view';
    case 'export':
      return 'call.export';
  }
}

function denial(decision: Decision, principal: Principal): SottoError {
  // Another tenant's resources answer exactly like missing ones: no existence oracle.
  if (decision.reason === 'tenant mismatch') return new SottoError('NOT_FOUND', 'no such resource');
  // A person whose role grants this only with break-glass is told to open a grant (docs/errors.md);
  // a service never can (docs/access-policy.md), so it gets a plain denial.
  if (principal.kind !== 'service' && decision.reason.startsWith('break-glass')) {
    const code = decision.reason === 'break-glass expired' ? 'BREAK_GLASS_EXPIRED' : 'BREAK_GLASS_REQUIRED';
    return new SottoError(code, `access denied: ${decision.reason}`);
  }
  return new SottoError('ACCESS_DENIED', `access denied: ${decision.reason}`);
}

/** User-supplied ids go into the audit entry only if they look like ids (invariant 5). */
export function auditableId(id: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : '(malformed)';
}
