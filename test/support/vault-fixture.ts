import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessGateway } from '../../src/access/index.js';
import { operatorOnlyAuthorizer } from '../../src/access/operator-authorizer.js';
import type { AuditEntry } from '../../src/audit/entry.js';
import { MemoryAuditLog } from './memory-audit-log.js';
import { openFilesystemBlobStore, type BlobStore } from '../../src/store/blob/index.js';
import { openSqliteStore } from '../../src/store/meta/sqlite.js';
import type { MetadataStore } from '../../src/store/meta/metadata-store.js';
import { LocalKeyProvider } from '../../src/vault/keys/local-keyring.js';
import { Vault } from '../../src/vault/index.js';

export interface VaultFixture {
  dir: string;
  store: MetadataStore;
  blobs: BlobStore;
  keys: LocalKeyProvider;
  vault: Vault;
  gateway: AccessGateway;
  /** Audit entries the gateway wrote, in order. */
  events: AuditEntry[];
  /** Make the next recorder call fail, as an unavailable audit log would. */
  failRecording(fail: boolean): void;
  close(): Promise<void>;
}

/** A vault on real SQLite (a file), real filesystem blobs and the real local keyring. */
export async function openVaultFixture(segmentSize = 4096): Promise<VaultFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'sotto-vault-'));
  const env = { SOTTO_MASTER_SECRET: 'test-master-secret-that-is-long-enough-0123456789' };
  const store = await openSqliteStore({ path: join(dir, 'sotto.db') });
  await store.migrate();
  const blobs = await openFilesystemBlobStore({ root: join(dir, 'blobs') });
  const keys = await LocalKeyProvider.open({ dataDir: dir, createIfMissing: true, env });
  const vault = new Vault({ store, blobs, keys, segmentSize });
  const audit = new MemoryAuditLog();
  const gateway = new AccessGateway({ reader: { store, blobs, subjects: vault.subjects }, audit, authorizer: operatorOnlyAuthorizer });
  return {
    dir,
    store,
    blobs,
    keys,
    vault,
    gateway,
    events: audit.entries,
    failRecording: (fail) => {
      audit.failing = fail;
    },
    close: async () => {
      vault.close();
      await keys.close();
      await blobs.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function* bytes(data: Buffer, chunk = 1500): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
}

export async function drain(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of body) parts.push(p);
  return Buffer.concat(parts);
}
