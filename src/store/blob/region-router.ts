import type { Readable } from 'node:stream';
import { SottoError } from '../../errors/index.js';
import type { BlobStore, ByteRange } from './blob-store.js';

/**
 * Data residency (docs/residency.md): every blob belongs to one tenant, and a tenant's blobs
 * live only in its region's store. Vault blob keys start with the tenant id
 * (`<tenant>/<kind>/<artifact>`, src/vault/vault.ts), which is what makes routing possible.
 */

/** Where a tenant's data lives; implemented over the tenants table (src/runtime/tenant-placement.ts). */
export interface TenantRegionLookup {
  /**
   * The tenant's region, or for a tenant that does not exist yet the region it is being
   * created in. REGION_UNAVAILABLE when the tenant has none (fail closed, never a fallback).
   */
  regionOf(tenantId: string): Promise<string>;
}

const TENANT_SEGMENT = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The tenant a blob key belongs to: its first path segment, which must be a tenant id. */
export function tenantOfBlobKey(key: string): string {
  const slash = key.indexOf('/');
  const segment = slash > 0 ? key.slice(0, slash) : '';
  if (!TENANT_SEGMENT.test(segment)) {
    throw new SottoError('BLOB_KEY_INVALID', 'a blob key must start with the id of the tenant it belongs to');
  }
  return segment;
}

/**
 * One region's store, refusing any key of a tenant pinned elsewhere. The router never hands it
 * one; this is the second lock, so a routing mistake is a RESIDENCY_VIOLATION, not a stray blob.
 */
export class RegionBoundBlobStore implements BlobStore {
  readonly name: string;

  constructor(
    readonly region: string,
    private readonly inner: BlobStore,
    private readonly lookup: TenantRegionLookup,
  ) {
    this.name = inner.name;
  }

  async put(key: string, body: AsyncIterable<Uint8Array>): Promise<{ size: number }> {
    await this.admit(key);
    return this.inner.put(key, body);
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    await this.admit(key);
    return this.inner.get(key, range);
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    await this.admit(key);
    return this.inner.stat(key);
  }

  async delete(key: string): Promise<void> {
    await this.admit(key);
    return this.inner.delete(key);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async admit(key: string): Promise<void> {
    const tenantId = tenantOfBlobKey(key);
    const home = await this.lookup.regionOf(tenantId);
    if (home !== this.region) {
      throw new SottoError('RESIDENCY_VIOLATION', `tenant ${tenantId} is pinned to region ${home}; refused by the blob store of region ${this.region}`);
    }
  }
}

/**
 * The blob store the vault, gateway and lifecycle see: each key goes to its tenant's region.
 * A tenant whose region has no store configured here is refused (REGION_UNAVAILABLE), never
 * written to the default region instead. It does not own the regions' stores: the runtime
 * that opened them closes them.
 */
export class RegionalBlobStore implements BlobStore {
  readonly name: string;

  constructor(
    private readonly stores: ReadonlyMap<string, RegionBoundBlobStore>,
    private readonly lookup: TenantRegionLookup,
  ) {
    // Reported by status and posture: one name when every region uses the same kind of store.
    this.name = [...new Set([...stores.values()].map((s) => s.name))].join('+');
  }

  async put(key: string, body: AsyncIterable<Uint8Array>): Promise<{ size: number }> {
    return (await this.storeFor(key)).put(key, body);
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    return (await this.storeFor(key)).get(key, range);
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    return (await this.storeFor(key)).stat(key);
  }

  async delete(key: string): Promise<void> {
    return (await this.storeFor(key)).delete(key);
  }

  async close(): Promise<void> {
    // The regions' stores are closed by whoever opened them (src/runtime/regions.ts).
  }

  private async storeFor(key: string): Promise<BlobStore> {
    const tenantId = tenantOfBlobKey(key);
    const region = await this.lookup.regionOf(tenantId);
    const store = this.stores.get(region);
    if (!store) throw new SottoError('REGION_UNAVAILABLE', `tenant ${tenantId} is pinned to region ${region}, which has no blob store configured here`);
    return store;
  }
}
