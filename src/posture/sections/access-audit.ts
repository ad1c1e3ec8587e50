import { ageDays, storedTime, tenantFilter, type PostureSources } from '../sources.js';
import { itemStatus, type PostureItem } from '../types.js';

/** An unverified log is only tamper-evident in theory; a week is the longest gap we call current. */
const VERIFY_STALE_DAYS = 7;

export async function accessControl(sources: PostureSources, tenantId: string | null): Promise<PostureItem> {
  const now = sources.now().toISOString();
  const f = tenantFilter(tenantId);
  const [users] = await sources.sql.rows<{ n: number | string; without_totp: number | string }>(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN totp_enabled THEN 0 ELSE 1 END) AS without_totp FROM users WHERE disabled_at IS NULL${f.clause}`,
    f.params,
  );
  const [tokens] = await sources.sql.rows<{ n: number | string; no_expiry: number | string }>(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END) AS no_expiry FROM api_tokens
      WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)${f.clause}`,
    [now, ...f.params],
  );
  const [grants] = await sources.sql.rows<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM break_glass_grants WHERE revoked_at IS NULL AND expires_at > ?${f.clause}`,
    [now, ...f.params],
  );
  const policy = sources.authorizer.describe();
  const withoutTotp = Number(users?.without_totp ?? 0);
  const neverExpire = Number(tokens?.no_expiry ?? 0);
  const gaps: string[] = [];
  if (withoutTotp > 0) gaps.push(`${withoutTotp} active user(s) sign in without a second factor (TOTP)`);
  if (neverExpire > 0) gaps.push(`${neverExpire} API token(s) never expire; give service tokens an expiry and rotate them`);
  gaps.push('the sign-in rate limiter is per process and in memory; several processes each allow the full rate');
  return {
    id: 'access_control',
    title: 'Access control',
    status: itemStatus(gaps, false),
    evidence: {
      model: 'deny by default; roles from a reviewed YAML policy; tenant isolation outside the policy; break-glass with reason and expiry',
      policySource: policy.source,
      policyDigest: policy.digest,
      roles: policy.roles.map((r) => ({ role: r.role, grants: r.grants.map((g) => (g.requires ? `${g.permission} (${g.requires})` : g.permission)) })),
      activeUsers: Number(users?.n ?? 0),
      usersWithoutTotp: withoutTotp,
      activeApiTokens: Number(tokens?.n ?? 0),
      apiTokensWithoutExpiry: neverExpire,
      activeBreakGlassGrants: Number(grants?.n ?? 0),
      singleSignOn: sources.config.access.oidc ? sources.config.access.oidc.issuer : null,
    },
    gaps,
  };
}

export async function auditLog(sources: PostureSources): Promise<PostureItem> {
  const now = sources.now();
  const size = await sources.audit.size();
  const [checkpoint] = await sources.sql.rows<{ size: number | string; created_at: string | Date }>(
    'SELECT size, created_at FROM audit_checkpoints ORDER BY size DESC LIMIT 1',
  );
  const [verified] = await sources.sql.rows<{ recorded_at: string; ok: number | string; detail: string }>(
    "SELECT recorded_at, ok, detail FROM operational_evidence WHERE name = 'audit.verify'",
  );
  const verifiedDays = ageDays(verified?.recorded_at, now);
  const gaps: string[] = [];
  let failed = false;
  if (verified === undefined) gaps.push('the audit log has never been verified on this deployment (sotto audit verify)');
  else if (Number(verified.ok) !== 1) {
    failed = true;
    gaps.push(`the last verification FAILED (${verified.recorded_at}): ${verified.detail}`);
  } else if (verifiedDays !== null && verifiedDays > VERIFY_STALE_DAYS) gaps.push(`the audit log was last verified ${verifiedDays} days ago`);
  gaps.push('checkpoints are not witnessed outside this deployment; keep a copy of the latest checkpoint elsewhere to detect a rollback');
  return {
    id: 'audit',
    title: 'Audit log',
    status: itemStatus(gaps, failed),
    evidence: {
      design: 'RFC 6962 Merkle log, per-entry MAC, Ed25519-signed checkpoints (C2SP signed note), insert-only storage',
      entries: size,
      latestCheckpoint: checkpoint ? { size: Number(checkpoint.size), at: storedTime(checkpoint.created_at) } : null,
      checkpointIntervalMs: sources.config.audit.checkpointIntervalMs,
      lastVerification: verified ? { at: String(verified.recorded_at), ok: Number(verified.ok) === 1, detail: verified.detail } : null,
    },
    gaps,
  };
}
