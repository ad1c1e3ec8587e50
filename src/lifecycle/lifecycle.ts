import type { ArtifactRead, Principal, RequestContext } from '../access/index.js';
import type { Logger } from '../log/index.js';
import { loadCertificateSigner, storedCertificateVerifierKey } from './certificate-key.js';
import { LeaseOwners } from './deletion-ledger.js';
import { resolveDeps, type LifecycleDeps, type ResolvedLifecycleDeps } from './deps.js';
import { eraseSubject, erasureCertificate, type EraseOptions, type EraseSubjectRequest, type ErasureResult } from './erasure.js';
import { listErasures, listSubjectExports, type ErasureSummary, type ExportSummary, type ListRequest, type Page } from './lifecycle-listings.js';
import { listLegalHolds, releaseLegalHold, setLegalHold, type HoldTarget, type LegalHold } from './legal-holds.js';
import { setRetention, showRetention, type RetentionSchedule, type RetentionSetting } from './retention.js';
import { sweepExpired, type SweepOptions, type SweepReport } from './retention-sweep.js';
import { exportSubject, readSubjectExport, type SubjectExportRequest, type SubjectExportResult } from './subject-export.js';
import { startRetentionSweeper, type RetentionSweeper } from './sweeper.js';

/**
 * Retention, legal holds, subject erasure and deletion certificates (issue 6), over the
 * runtime's stores, vault keys and access gateway. Every action is authorized by policy and
 * audited through the gateway; see docs/lifecycle.md.
 */
export class Lifecycle {
  private readonly deps: ResolvedLifecycleDeps;
  private readonly owners = new LeaseOwners();

  constructor(deps: LifecycleDeps) {
    this.deps = resolveDeps(deps);
  }

  showRetention(principal: Principal, tenantId: string, ctx: RequestContext): Promise<RetentionSchedule> {
    return showRetention(this.deps, principal, tenantId, ctx);
  }

  setRetention(
    principal: Principal,
    change: { tenantId: string; dataClass: string; days: number },
    ctx: RequestContext,
  ): Promise<{ previous: RetentionSetting; current: RetentionSetting }> {
    return setRetention(this.deps, principal, change, ctx);
  }

  setHold(principal: Principal, request: { tenantId: string; target: HoldTarget; note?: string | undefined }, ctx: RequestContext): Promise<LegalHold> {
    return setLegalHold(this.deps, principal, request, ctx);
  }

  releaseHold(principal: Principal, request: { tenantId: string; holdId: string }, ctx: RequestContext): Promise<LegalHold> {
    return releaseLegalHold(this.deps, principal, request, ctx);
  }

  listHolds(principal: Principal, request: { tenantId: string; includeReleased?: boolean }, ctx: RequestContext): Promise<LegalHold[]> {
    return listLegalHolds(this.deps, principal, request, ctx);
  }

  /** One retention sweep now, as the system principal RETENTION_SWEEPER. */
  sweep(options: SweepOptions = {}): Promise<SweepReport> {
    return sweepExpired(this.deps, this.owners, options);
  }

  /** The in-process schedule for the server (`stop()` on shutdown). */
  startSweeper(options: { intervalMs: number; firstDelayMs?: number; logger?: Logger }): RetentionSweeper {
    return startRetentionSweeper((run) => this.sweep(run), options);
  }

  erase(principal: Principal, request: EraseSubjectRequest, ctx: RequestContext, options: EraseOptions = {}): Promise<ErasureResult> {
    return eraseSubject(this.deps, this.owners, principal, request, ctx, options);
  }

  erasureCertificate(principal: Principal, erasureId: string, ctx: RequestContext): Promise<ErasureResult> {
    return erasureCertificate(this.deps, principal, erasureId, ctx);
  }

  /** A tenant's erasures, newest first (call.delete); issue 7, the console's list. */
  listErasures(principal: Principal, request: ListRequest, ctx: RequestContext): Promise<Page<ErasureSummary>> {
    return listErasures(this.deps, principal, request, ctx);
  }

  /** A tenant's live subject exports, newest first (call.export). */
  listSubjectExports(principal: Principal, request: ListRequest, ctx: RequestContext): Promise<Page<ExportSummary>> {
    return listSubjectExports(this.deps, principal, request, ctx);
  }

  /** Everything held about a subject, sealed to the requester and stored as an `export` artifact (GDPR Art. 15, 20). */
  exportSubject(principal: Principal, request: SubjectExportRequest, ctx: RequestContext): Promise<SubjectExportResult> {
    return exportSubject(this.deps, principal, request, ctx);
  }

  /** An export's encrypted bytes (audited call.export); `tenantId` undefined only for the local operator. */
  readSubjectExport(principal: Principal, request: { tenantId: string | undefined; exportId: string }, ctx: RequestContext): Promise<ArtifactRead> {
    return readSubjectExport(this.deps, principal, request, ctx);
  }

  /** The key that verifies this deployment's deletion certificates; created on first use. */
  async certificateVerifierKey(): Promise<string> {
    return (await storedCertificateVerifierKey(this.deps.store.sql, this.deps.certificateKeyName)) ?? (await loadCertificateSigner(this.deps)).verifierKey;
  }
}
