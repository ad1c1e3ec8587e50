// The audit section (audit.read): the tenant's audit entries with filters and an entry detail,
// the latest signed checkpoint and whether it verifies, the last `sotto audit verify`, a check
// done in the browser, and an inclusion proof to download per entry.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import type { ViewProps } from '../sections.js';
import { AuditCheckpointPanel, type VerifyEvidence } from './audit-checkpoint.js';
import { AuditEntries } from './audit-entries.js';
import { AuditEntryDetail } from './audit-entry-detail.js';
import type { CheckpointAnswer } from './audit-types.js';
import './audit.css';

interface PostureAnswer {
  items: { id: string; evidence: Record<string, unknown> }[];
}

const message = (err: unknown): string => (err instanceof Error ? err.message : 'failed');

export function AuditView({ me, id }: ViewProps): React.JSX.Element {
  const [checkpoint, setCheckpoint] = useState<CheckpointAnswer | null>(null);
  const [checkpointError, setCheckpointError] = useState<string | null>(null);
  const [evidence, setEvidence] = useState<VerifyEvidence | null>(null);
  const [evidenceError, setEvidenceError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    api<CheckpointAnswer>('/v1/audit/checkpoint')
      .then((c) => {
        setCheckpoint(c);
        setCheckpointError(null);
      })
      .catch((err: unknown) => setCheckpointError(message(err)));
    api<PostureAnswer>('/v1/posture')
      .then((report) => {
        const item = report.items.find((i) => i.id === 'audit');
        setEvidence({
          lastVerification: (item?.evidence['lastVerification'] as VerifyEvidence['lastVerification'] | undefined) ?? null,
        });
        setEvidenceError(null);
      })
      .catch((err: unknown) => setEvidenceError(message(err)));
  }, []);

  useEffect(refresh, [refresh]);

  const selected = id !== undefined && /^(0|[1-9][0-9]{0,15})$/.test(id) ? Number(id) : null;
  const checkpointSize = checkpoint?.verification.valid ? checkpoint.verification.size : null;
  return (
    <section aria-labelledby="audit-title" className="audit">
      <h1 id="audit-title">Audit log</h1>
      <AuditCheckpointPanel
        checkpoint={checkpoint}
        checkpointError={checkpointError}
        evidence={evidence}
        evidenceError={evidenceError}
        tenantId={me.tenantId}
        onRefresh={refresh}
      />
      {id !== undefined && selected === null && <p role="alert" className="error">“{id}” is not an entry index.</p>}
      {selected !== null && <AuditEntryDetail index={selected} checkpointSize={checkpointSize} />}
      <AuditEntries checkpointSize={checkpointSize} selected={selected} />
    </section>
  );
}
