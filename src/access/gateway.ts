import { isSottoError, SottoError } from '../errors/index.js';
import type { ArtifactRecord } from '../store/meta/metadata-store.js';
import { findArtifact, openArtifact, type ArtifactReaderDeps } from '../vault/artifact-reader.js';
import type { AccessAction, AccessEvent, AccessRecorder } from './access-event.js';
import type { Principal } from './principal.js';

export interface ArtifactRead {
  record: Pick<ArtifactRecord, 'id' | 'tenantId' | 'kind' | 'plaintextSize' | 'createdAt'>;
  body: AsyncGenerator<Buffer>;
}

/**
 * The one choke point for conversation content (DESIGN.md invariant 2): authorize, write the
 * access record durably, and only then decrypt. If recording fails, nothing is returned.
 */
export class AccessGateway {
  constructor(
    private readonly reader: ArtifactReaderDeps,
    private readonly recorder: AccessRecorder,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async readArtifact(principal: Principal, artifactId: string, range?: { start: number; end: number }): Promise<ArtifactRead> {
    const record = await this.authorize(principal, 'artifact.read', artifactId, range);
    const open = await openArtifact(this.reader, record);
    const source = range ? open.range(range.start, range.end) : open.stream();
    async function* body(): AsyncGenerator<Buffer> {
      try {
        yield* source;
      } finally {
        open.close();
      }
    }
    return {
      record: { id: record.id, tenantId: record.tenantId, kind: record.kind, plaintextSize: record.plaintextSize, createdAt: record.createdAt },
      body: body(),
    };
  }

  /** Decrypt and authenticate every segment without returning content. */
  async verifyArtifact(principal: Principal, artifactId: string): Promise<{ id: string; plaintextSize: number }> {
    const record = await this.authorize(principal, 'artifact.verify', artifactId);
    const open = await openArtifact(this.reader, record);
    let plaintextSize = 0;
    try {
      for await (const chunk of open.stream()) {
        plaintextSize += chunk.length;
        chunk.fill(0);
      }
    } finally {
      open.close();
    }
    return { id: record.id, plaintextSize };
  }

  private async authorize(
    principal: Principal,
    action: AccessAction,
    artifactId: string,
    range?: { start: number; end: number },
  ): Promise<ArtifactRecord> {
    let record: ArtifactRecord;
    try {
      record = await findArtifact(this.reader.store, artifactId);
    } catch (err) {
      if (isSottoError(err, 'ARTIFACT_NOT_FOUND')) {
        await this.write(principal, action, { tenantId: principal.tenantId, artifactId: safeId(artifactId) }, 'denied', 'not found', range);
      }
      throw err;
    }
    const resource = { tenantId: record.tenantId, artifactId: record.id };
    if (principal.tenantId !== undefined && principal.tenantId !== record.tenantId) {
      await this.write(principal, action, resource, 'denied', 'other tenant', range);
      // Another tenant's artifact is reported exactly like a missing one: no existence oracle.
      throw new SottoError('ARTIFACT_NOT_FOUND', 'no such artifact');
    }
    await this.write(principal, action, resource, 'allowed', 'local operator', range);
    return record;
  }

  private async write(
    principal: Principal,
    action: AccessAction,
    resource: AccessEvent['resource'],
    outcome: AccessEvent['outcome'],
    reason: string,
    range?: { start: number; end: number },
  ): Promise<void> {
    const event: AccessEvent = {
      at: this.now().toISOString(),
      principal: { id: principal.id, kind: principal.kind, tenantId: principal.tenantId, roles: principal.roles },
      action,
      resource,
      outcome,
      reason,
      ...(range ? { range } : {}),
    };
    try {
      await this.recorder.record(event);
    } catch (cause) {
      throw new SottoError('AUDIT_WRITE_FAILED', undefined, { cause });
    }
  }
}

/** User-supplied ids go into the access record only if they look like ids. */
function safeId(id: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : '(malformed)';
}
