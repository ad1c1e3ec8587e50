import { join } from 'node:path';
import { AccessGateway } from '../access/index.js';
import { operatorOnlyAuthorizer } from '../access/operator-authorizer.js';
import type { AuditLog } from '../audit/entry.js';
import type { SottoConfig } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { openBlobStore, type BlobStore } from '../store/blob/index.js';
import { openMetadataStore, type MetadataStore } from '../store/meta/index.js';
import type { KeyProvider } from '../vault/keys/index.js';
import { Vault } from '../vault/index.js';
import { openKeyProvider } from './key-provider.js';

/** Everything a command or the server needs, opened from one configuration. */
export interface Runtime {
  config: SottoConfig;
  logger: Logger;
  store: MetadataStore;
  blobs: BlobStore;
  keys: KeyProvider;
  vault: Vault;
  gateway: AccessGateway;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** First start: create the keyring (and a master secret, with a warning) if missing. */
  createKeys: boolean;
}

export async function openRuntime(config: SottoConfig, logger: Logger, options: RuntimeOptions): Promise<Runtime> {
  const opened: { close(): Promise<void> }[] = [];
  try {
    // Keys first: a mistyped --data or a missing keyring fails before anything is created.
    const keys = await openKeyProvider(config, {
      createIfMissing: options.createKeys,
      onWarning: (message) => logger.warn(message),
    });
    opened.push(keys);
    const store = await openMetadataStore(
      config.metadata.kind === 'sqlite'
        ? { kind: 'sqlite', path: config.metadata.path ?? join(config.dataDir, 'sotto.db') }
        : { kind: 'postgres', url: config.metadata.url, ...(config.metadata.schema ? { schema: config.metadata.schema } : {}) },
    );
    opened.push(store);
    await store.migrate();
    const blobs = await openBlobStore(
      config.blobs.kind === 'fs' ? { kind: 'fs', root: config.blobs.root ?? join(config.dataDir, 'blobs') } : config.blobs,
    );
    opened.push(blobs);
    const vault = new Vault({ store, blobs, keys, segmentSize: config.vault.segmentSize });
    const gateway = new AccessGateway({ reader: { store, blobs, subjects: vault.subjects }, audit: logAuditLog(logger), authorizer: operatorOnlyAuthorizer });
    return {
      config,
      logger,
      store,
      blobs,
      keys,
      vault,
      gateway,
      async close() {
        vault.close();
        await closeAll(opened);
      },
    };
  } catch (err) {
    await closeAll(opened).catch(() => undefined);
    throw err;
  }
}

/** Close in reverse order of opening; one failure does not leave the rest open. */
async function closeAll(resources: { close(): Promise<void> }[]): Promise<void> {
  const failures: unknown[] = [];
  for (const resource of [...resources].reverse()) {
    try {
      await resource.close();
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) throw failures[0];
}

/**
 * Interim audit sink: a structured log line per decision (ids only), until the tamper-evident
 * audit log is wired in; the gateway already refuses reads if this fails.
 */
function logAuditLog(logger: Logger): AuditLog {
  let index = 0;
  return {
    append: async (entry) => {
      logger.info({ access: entry }, 'conversation content access');
      return index++;
    },
    close: async () => undefined,
  };
}
