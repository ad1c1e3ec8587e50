import { join } from 'node:path';
import type { SottoConfig } from '../config/index.js';
import { LocalKeyProvider, Pkcs11KeyProvider, type KeyProvider } from '../vault/keys/index.js';

export async function openKeyProvider(
  config: SottoConfig,
  options: { createIfMissing: boolean; onWarning: (message: string) => void },
): Promise<KeyProvider> {
  const keys = config.keys;
  switch (keys.provider) {
    case 'local':
      return LocalKeyProvider.open({
        dataDir: config.dataDir,
        keyringPath: keys.keyringPath ?? join(config.dataDir, 'keys', 'keyring.sealed'),
        createIfMissing: options.createIfMissing,
        onWarning: options.onWarning,
      });
    case 'pkcs11':
      return Pkcs11KeyProvider.open({ modulePath: keys.modulePath, tokenLabel: keys.tokenLabel, pin: keys.pin ?? '' });
  }
}
