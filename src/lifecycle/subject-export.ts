import type { ArtifactRead, Principal, RequestContext } from '../access/index.js';
import { auditableId } from '../access/index.js';
import { isSottoError, SottoError } from '../errors/index.js';
import { checkArtifactId, checkTenantId, Vault } from '../vault/index.js';
import { checkSubjectId } from '../vault/names.js';
import type { ResolvedLifecycleDeps } from './deps.js';
import { requireTenant } from './retention.js';
import { EXPORT_FORMAT, packBundle, type BundleEntry, type BundleFile } from './subject-export-bundle.js';
import { callForSubject, planExport, type NotIncluded } from './subject-export-plan.js';
import { exportEncrypter, sealBundle, type ExportRecipient } from './subject-export-seal.js';

export interface SubjectExportRequest {
  tenantId: string;
  /** The caller's number or customer id; used only to compute its keyed hash. */
  subjectId: string;
  recipient: ExportRecipient;
}

export interface SubjectExportResult {
  exportId: string;
  /** Size of the encrypted bundle (what a download returns). */
  bytes: number;
  createdAt: string;
  /** Nothing is held about the subject: the bundle holds only a manifest saying so. */
  empty: boolean;
  counts: { calls: number; transcripts: number; recordings: number; notIncluded: number };
}

/**
 * Everything held about one data subject, for them (GDPR Art. 15 access, Art. 20 portability):
 * the call records, each call's redacted transcript and redacted recording, read through the
 * access gateway (authorized and audited one by one), packed as a tar with a manifest, sealed
 * with age to the requester's passphrase or public key, and stored in the vault as an `export`
 * artifact under the subject, so the export retention period and the subject's erasure apply
 * to it. A legal hold does not block it: an export deletes nothing.
 */
export async function exportSubject(deps: ResolvedLifecycleDeps, principal: Principal, request: SubjectExportRequest, ctx: RequestContext): Promise<SubjectExportResult> {
  const tenantId = checkTenantId(request.tenantId);
  const subjectId = checkSubjectId(request.subjectId);
  await requireTenant(deps, tenantId);
  const subjectRef = await deps.subjects.subjectRef(tenantId, subjectId);
  // Authorized (and recorded) first, whatever the body; then a bad recipient is refused before anything is read.
  await deps.gateway.require(principal, 'call.export', { type: 'subject', id: null, tenantId, subjectRef }, ctx);
  const encrypter = exportEncrypter(request.recipient);

  const createdAt = deps.now().toISOString();
  const plan = await planExport(deps.store, tenantId, subjectRef);
  const notIncluded: NotIncluded[] = [...plan.notIncluded];
  const counts = { calls: 0, transcripts: 0, recordings: 0 };

  async function* entries(): AsyncGenerator<BundleEntry> {
    for (const { record, transcript, recording } of plan.calls) {
      const dir = `calls/${record.id}`;
      const json = Buffer.from(`${JSON.stringify(callForSubject(record), null, 2)}\n`);
      counts.calls++;
      yield { path: `${dir}/call.json`, kind: 'call_record', size: json.length, body: single(json) };
      for (const [artifact, path] of [[transcript, `${dir}/transcript.json`], [recording, `${dir}/recording.wav`]] as const) {
        if (artifact === undefined) continue;
        const resource = { type: 'call' as const, id: record.id, tenantId, subjectRef };
        let read: ArtifactRead;
        try {
          read = await deps.gateway.readArtifact(principal, 'call.export', artifact.id, ctx, { resource });
        } catch (err) {
          // Erased (or deleted) between planning and reading: said so in the manifest, not an error.
          if (!isSottoError(err, 'ARTIFACT_SHREDDED') && !isSottoError(err, 'ARTIFACT_NOT_FOUND')) throw err;
          notIncluded.push({ path, callId: record.id, artifactId: artifact.id, kind: artifact.kind, reason: 'erased while the export was made' });
          continue;
        }
        if (artifact.kind === 'transcript') counts.transcripts++;
        else counts.recordings++;
        yield { path, kind: artifact.kind === 'transcript' ? 'transcript' : 'recording', size: read.record.plaintextSize, body: read.body };
      }
    }
  }
  const manifest = (files: BundleFile[]) => ({
    format: EXPORT_FORMAT,
    tenantId,
    subjectRef,
    createdAt,
    empty: files.length === 0,
    ...(files.length === 0 ? { note: 'Nothing is held about this data subject in this tenant.' } : {}),
    counts,
    files,
    notIncluded,
  });

  const packed = packBundle(entries(), manifest, new Date(createdAt));
  // A vault of its own over the same stores: Lifecycle has no write path into the vault otherwise.
  const vault = new Vault({ store: deps.store, blobs: deps.blobs, keys: deps.keys, now: deps.now });
  let stored;
  try {
    stored = await vault.put({ tenantId, subjectId, kind: 'export', body: await sealBundle(encrypter, packed.bytes) });
  } catch (err) {
    packed.abort(err);
    // The bundle's own failure (a segment that did not verify) says more than the broken pipe.
    throw (await packed.written.then(() => undefined, (cause: unknown) => cause)) ?? err;
  } finally {
    vault.close();
  }
  await packed.written;
  const summary = { ...counts, notIncluded: notIncluded.length };
  // Counts only: the subject appears as its keyed hash, the export by its id (invariant 5).
  await deps.gateway.record(
    principal,
    'subject.export',
    { type: 'artifact', id: stored.id, tenantId, subjectRef },
    'allowed',
    `${summary.calls} call records, ${summary.transcripts} transcripts, ${summary.recordings} recordings; ${summary.notIncluded} not included`,
    ctx,
  );
  return { exportId: stored.id, bytes: stored.plaintextSize, createdAt, empty: counts.calls === 0, counts: summary };
}

/**
 * The encrypted bundle of an export, through the gateway (call.export, audited). A missing id,
 * another tenant's export and an artifact that is not an export all answer NOT_FOUND alike.
 */
export async function readSubjectExport(
  deps: ResolvedLifecycleDeps,
  principal: Principal,
  request: { tenantId: string | undefined; exportId: string },
  ctx: RequestContext,
): Promise<ArtifactRead> {
  const record = await exportRecord(deps, request.exportId);
  if (record === undefined || (request.tenantId !== undefined && record.tenantId !== request.tenantId)) {
    await deps.gateway.record(principal, 'call.export', { type: 'artifact', id: auditableId(request.exportId), tenantId: request.tenantId ?? null }, 'denied', 'not found', ctx);
    throw new SottoError('NOT_FOUND', 'no such export');
  }
  try {
    return await deps.gateway.readArtifact(principal, 'call.export', record.id, ctx, { resource: { type: 'artifact', id: record.id, tenantId: record.tenantId } });
  } catch (err) {
    if (isSottoError(err, 'ARTIFACT_NOT_FOUND')) throw new SottoError('NOT_FOUND', 'no such export');
    throw err;
  }
}

async function exportRecord(deps: ResolvedLifecycleDeps, exportId: string): Promise<{ id: string; tenantId: string } | undefined> {
  let id: string;
  try {
    id = checkArtifactId(exportId);
  } catch {
    return undefined;
  }
  const record = await deps.store.artifacts.get(id);
  return record !== undefined && record.kind === 'export' && record.deletedAt === undefined ? record : undefined;
}

async function* single(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}
