import { join } from 'node:path';
import type { SottoConfig } from '../config/index.js';
import type { KeyProviderSettings } from '../config/regions.js';
import { LocalKeyProvider, Pkcs11KeyProvider, type KeyProvider } from '../vault/keys/index.js';

export interface KeyProviderOpenOptions {
  createIfMissing: boolean;
  onWarning: (message: string) => void;
}

/** The default region's key provider (top-level `keys`). */
export async function openKeyProvider(config: SottoConfig, options: KeyProviderOpenOptions): Promise<KeyProvider> {
  return openKeyProviderAt(config.keys, config.dataDir, options);
}

/**
 * A key provider from its settings. `home` is where a local keyring and its generated master
 * secret live by default: the data directory for the default region, `<data>/regions/<name>`
 * for another one (src/runtime/regions.ts), so two regions never share a keyring file.
 */
export async function openKeyProviderAt(settings: KeyProviderSettings, home: string, options: KeyProviderOpenOptions, pinEnv?: string): Promise<KeyProvider> {
  switch (settings.provider) {
    case 'local':
      return LocalKeyProvider.open({
        dataDir: home,
        keyringPath: settings.keyringPath ?? join(home, 'keys', 'keyring.sealed'),
        createIfMissing: options.createIfMissing,
        onWarning: options.onWarning,
      });
    case 'pkcs11': {
      // A region's PIN comes from its own variable (SOTTO_PKCS11_PIN_<REGION>), like the
      // default region's SOTTO_PKCS11_PIN, rather than from the config file.
      const pin = (pinEnv !== undefined ? nonEmpty(process.env[pinEnv]) : undefined) ?? settings.pin ?? '';
      return Pkcs11KeyProvider.open({ modulePath: settings.modulePath, tokenLabel: settings.tokenLabel, pin });
    }
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
