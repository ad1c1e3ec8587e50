import { isSottoError, SottoError } from '../../errors/index.js';
import type { KeyProvider, WrapContext, WrappedKey } from '../../vault/keys/provider.js';
import { tenantKekId } from '../../vault/names.js';
import type { UserRecord } from './records.js';

/**
 * TOTP secrets are wrapped by the tenant's KEK in the key provider, exactly as subject keys
 * are: the database (and its backups) hold only ciphertext, the KEK never leaves the provider
 * (an HSM with PKCS#11), and the wrap context binds each secret to its tenant and user, so a
 * wrapped secret copied onto another user's row does not unwrap.
 */
export class TotpSecretWrapper {
  constructor(private readonly keys: KeyProvider) {}

  wrap(tenantId: string, userId: string, secret: Uint8Array): Promise<WrappedKey> {
    return this.keys.wrap(tenantKekId(tenantId), secret, totpContext(tenantId, userId));
  }

  /** The caller wipes the secret after use. */
  async unwrap(user: UserRecord): Promise<Buffer> {
    if (user.totpSecret === undefined) throw new SottoError('INTERNAL', 'the user has no TOTP secret');
    try {
      return await this.keys.unwrap(user.totpSecret, totpContext(user.tenantId, user.id));
    } catch (cause) {
      if (isSottoError(cause, 'KEY_PROVIDER_UNAVAILABLE') || isSottoError(cause, 'KEY_RETIRED')) throw cause;
      throw new SottoError('KEY_UNWRAP_FAILED', 'a TOTP secret could not be unwrapped with the tenant key', { cause });
    }
  }

  /** Re-wrap under the KEK's primary version (after `keys rotate`). */
  async rewrap(user: UserRecord): Promise<WrappedKey> {
    const secret = await this.unwrap(user);
    try {
      return await this.wrap(user.tenantId, user.id, secret);
    } finally {
      secret.fill(0);
    }
  }
}

function totpContext(tenantId: string, userId: string): WrapContext {
  return { purpose: 'totp-secret', tenant: tenantId, user: userId };
}
