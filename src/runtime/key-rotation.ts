import { SottoError } from '../errors/index.js';
import type { KeyDescription } from '../vault/keys/index.js';
import { checkTenantId, tenantKekId } from '../vault/index.js';
import type { Runtime } from './runtime.js';

/**
 * Everything a tenant KEK wraps, rotated together: subject keys and the pseudonym key (vault)
 * and users' TOTP secrets (identity). No blob is touched.
 */
export async function rotateTenantKey(
  rt: Pick<Runtime, 'vault' | 'identity'>,
  tenantId: string,
): Promise<{ key: KeyDescription; rewrapped: number; totpRewrapped: number }> {
  const { key, rewrapped } = await rt.vault.rotateTenantKey(tenantId);
  const totpRewrapped = await rt.identity.users.rewrapTotpSecrets(tenantId, key.primaryVersion);
  return { key, rewrapped, totpRewrapped };
}

/** Retire a KEK version only when nothing — subject key, pseudonym key, TOTP secret — still needs it. */
export async function retireTenantKeyVersion(rt: Pick<Runtime, 'vault' | 'store'>, tenantId: string, version: number): Promise<KeyDescription> {
  const [row] = await rt.store.sql.rows<{ n: number | string }>(
    'SELECT count(*) AS n FROM users WHERE tenant_id = ? AND totp_key_id = ? AND totp_key_version = ?',
    [checkTenantId(tenantId), tenantKekId(tenantId), version],
  );
  if (Number(row?.n ?? 0) > 0) {
    throw new SottoError('KEY_IN_USE', `version ${version} still wraps TOTP secrets; run keys rotate first`);
  }
  return rt.vault.retireTenantKeyVersion(tenantId, version);
}
