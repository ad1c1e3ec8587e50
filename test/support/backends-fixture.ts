// The vault and the access gateway on the non-default backends: PostgreSQL (or SQLite)
// metadata, S3 blobs on an s3rver whose directory the test can inspect, and KEKs on a
// throwaway SoftHSM2 token. The test reaches around the stores (raw SQL, raw S3 calls) to
// check what they hold and to tamper with it, as an attacker with storage access could.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import S3rver from 's3rver';
import { AccessGateway } from '../../src/access/index.js';
import { operatorOnlyAuthorizer } from '../../src/access/operator-authorizer.js';
import type { AuditEntry } from '../../src/audit/entry.js';
import { MemoryAuditLog } from './memory-audit-log.js';
import { openS3BlobStore, type BlobStore } from '../../src/store/blob/index.js';
import type { MetadataStore } from '../../src/store/meta/metadata-store.js';
import { openPostgresStore } from '../../src/store/meta/postgres.js';
import { openSqliteStore } from '../../src/store/meta/sqlite.js';
import { Pkcs11KeyProvider } from '../../src/vault/keys/index.js';
import { Vault } from '../../src/vault/index.js';
import { createTestSchema } from './postgres.js';
import { createSoftHsmToken, type SoftHsmToken } from './softhsm.js';

export type MetadataBackend = 'postgres' | 'sqlite';
export type MetadataTable = 'tenants' | 'subject_keys' | 'artifacts';

export interface InspectableS3 {
  /** s3rver's storage directory: every byte the blob store sent lives under it. */
  directory: string;
  endpoint: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Object key = `${prefix}/${blobKey}`. */
  prefix: string;
  /** Raw object bytes, bypassing the blob store. */
  getObject(blobKey: string): Promise<Buffer>;
  /** Overwrite an object in place, as anyone with write access to the bucket could. */
  putObject(blobKey: string, body: Buffer): Promise<void>;
  /** Every object key in the bucket, sorted. */
  listKeys(): Promise<string[]>;
  /** Every file under `directory`, with its content. */
  files(): Promise<{ path: string; content: Buffer }[]>;
}

export interface BackendsFixture {
  store: MetadataStore;
  blobs: BlobStore;
  keys: Pkcs11KeyProvider;
  vault: Vault;
  gateway: AccessGateway;
  /** Access decisions the gateway recorded, in order. */
  events: AuditEntry[];
  token: SoftHsmToken;
  s3: InspectableS3;
  /** Rows of a metadata table as JSON text, read by the database itself, not the store. */
  rows(table: MetadataTable): Promise<string[]>;
  /** Another provider logged in to the same token (closed with the fixture if still open). */
  openKeyProvider(): Promise<Pkcs11KeyProvider>;
  /** A recorder that appends to `events`, for vaults and gateways a test builds itself. */
  audit: MemoryAuditLog;
  close(): Promise<void>;
}

const S3_PREFIX = 'sotto/blobs';
// s3rver accepts exactly this key pair and verifies SigV4 request signatures with it.
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function openBackendsFixture(options: { metadata: MetadataBackend; segmentSize: number }): Promise<BackendsFixture> {
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    // The token first: SoftHSM reads SOFTHSM2_CONF when the first provider initialises it.
    const token = await createSoftHsmToken(`sotto-backends-${options.metadata}`);
    cleanups.push(() => token.cleanup());
    const metadata = await openMetadata(options.metadata);
    cleanups.push(metadata.close);
    const s3 = await startInspectableS3();
    cleanups.push(s3.close);
    const blobs = await openS3BlobStore({
      bucket: s3.bucket,
      prefix: s3.prefix,
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: s3.credentials,
    });
    cleanups.push(() => blobs.close());
    const providers: Pkcs11KeyProvider[] = [];
    cleanups.push(async () => {
      for (const provider of providers) await provider.close();
    });
    const openKeyProvider = async () => {
      const provider = await Pkcs11KeyProvider.open({ modulePath: token.modulePath, tokenLabel: token.tokenLabel, pin: token.pin });
      providers.push(provider);
      return provider;
    };
    const keys = await openKeyProvider();
    const vault = new Vault({ store: metadata.store, blobs, keys, segmentSize: options.segmentSize });
    cleanups.push(async () => vault.close());
    const audit = new MemoryAuditLog();
    return {
      store: metadata.store,
      blobs,
      keys,
      vault,
      gateway: new AccessGateway({ reader: { store: metadata.store, blobs, subjects: vault.subjects }, audit, authorizer: operatorOnlyAuthorizer }),
      events: audit.entries,
      token,
      s3,
      rows: metadata.rows,
      openKeyProvider,
      audit,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

interface OpenedMetadata {
  store: MetadataStore;
  rows(table: MetadataTable): Promise<string[]>;
  close(): Promise<void>;
}

async function openMetadata(backend: MetadataBackend): Promise<OpenedMetadata> {
  if (backend === 'postgres') {
    const schema = await createTestSchema();
    try {
      const store = await openPostgresStore({ url: schema.url, schema: schema.name });
      await store.migrate();
      return {
        store,
        rows: async (table) => (await schema.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${table} t`)).map((r) => r.row),
        close: async () => {
          await store.close();
          await schema.drop();
        },
      };
    } catch (err) {
      await schema.drop();
      throw err;
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'sotto-backends-'));
  const path = join(dir, 'sotto.db');
  const store = await openSqliteStore({ path });
  await store.migrate();
  return {
    store,
    rows: async (table) => {
      const db = new Database(path, { readonly: true });
      try {
        return (db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]).map((row) =>
          JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value)),
        );
      } finally {
        db.close();
      }
    },
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startInspectableS3(): Promise<InspectableS3 & { close(): Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'sotto-s3rver-'));
  const bucket = 'sotto-backends';
  const region = 'us-east-1';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (err) {
    await rm(directory, { recursive: true, force: true });
    throw err;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ region, endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  const objectKey = (blobKey: string) => `${S3_PREFIX}/${blobKey}`;
  return {
    directory,
    endpoint,
    bucket,
    region,
    credentials: S3RVER_CREDENTIALS,
    prefix: S3_PREFIX,
    async getObject(blobKey) {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(blobKey) }));
      return Buffer.from(await (answer.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    },
    async putObject(blobKey, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey(blobKey), Body: body }));
      // s3rver can answer a PUT before its file is fully written; under load a GET right after
      // then sees a short object (seen in CI). Wait until the object reads back whole (≤ 2 s).
      for (let waited = 0; waited < 2000; waited += 50) {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(blobKey) }));
        if ((await (answer.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).length === body.length) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async listKeys() {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    async files() {
      const entries = await readdir(directory, { recursive: true, withFileTypes: true });
      const paths = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
      return Promise.all(paths.map(async (path) => ({ path, content: await readFile(path) })));
    },
    async close() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
