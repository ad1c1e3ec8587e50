import { AuditVerifyError, type MerkleAuditLog, type VerifyReport } from '../audit/log/index.js';
import type { SqlStatements } from '../store/meta/sql-client.js';

/**
 * The latest outcome of an operational check the posture report cites (e.g. 'audit.verify'),
 * kept in `operational_evidence`. Detail is a short, non-personal sentence.
 */
export async function recordEvidence(sql: SqlStatements, name: string, at: Date, ok: boolean, detail: string): Promise<void> {
  await sql.run(
    `INSERT INTO operational_evidence (name, recorded_at, ok, detail) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET recorded_at = excluded.recorded_at, ok = excluded.ok, detail = excluded.detail`,
    [name, at.toISOString(), ok ? 1 : 0, detail.slice(0, 500)],
  );
}

/**
 * `sotto audit verify` with its outcome kept as evidence, a failure included: the posture
 * report shows when the log was last checked and what was found.
 */
export async function verifyAuditLog(audit: Pick<MerkleAuditLog, 'verify'>, sql: SqlStatements, now: () => Date): Promise<VerifyReport> {
  try {
    const report = await audit.verify();
    await recordEvidence(sql, 'audit.verify', now(), true, `${report.size} entries and ${report.checkpoints} checkpoints verified; root ${report.rootHash}`);
    return report;
  } catch (err) {
    if (err instanceof AuditVerifyError) await recordEvidence(sql, 'audit.verify', now(), false, err.message);
    throw err;
  }
}
