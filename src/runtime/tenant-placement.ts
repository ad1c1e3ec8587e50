import { SottoError } from '../errors/index.js';
import type { TenantRegionLookup } from '../store/blob/index.js';
import type { MetadataStore, TenantRecord, TenantRepository } from '../store/meta/index.js';

/**
 * Which region a tenant's data lives in, read from the tenants table (docs/residency.md).
 * A region never changes in place (migration 8's trigger refuses it), so an answer once read is
 * kept for the life of the process. A tenant that does not exist yet is placed where it is
 * being created: the region `sotto tenants create --region` names, else the default region
 * (calls.region) — the vault creates tenants on first use (SubjectKeys.ensureTenant), wrapping
 * the new tenant's pseudonym key before its row exists, and that wrap must already go to the
 * right region.
 */
export class TenantPlacement implements TenantRegionLookup {
  private readonly pinned = new Map<string, string>();
  private readonly creating = new Map<string, string>();

  constructor(
    private readonly tenants: Pick<TenantRepository, 'get'>,
    readonly defaultRegion: string,
  ) {}

  async regionOf(tenantId: string): Promise<string> {
    const known = this.pinned.get(tenantId);
    if (known !== undefined) return known;
    const tenant = await this.tenants.get(tenantId);
    if (tenant === undefined) return this.regionForNew(tenantId);
    // Rows older than regions are pinned when the runtime opens; one still unpinned was
    // written by an older build since. Refused, not guessed (fail closed).
    if (tenant.region === undefined) throw new SottoError('REGION_UNAVAILABLE', `tenant ${tenantId} has no region; restart a current build to pin it`);
    this.pinned.set(tenantId, tenant.region);
    return tenant.region;
  }

  /** The region a tenant created now goes to. */
  regionForNew(tenantId: string): string {
    return this.creating.get(tenantId) ?? this.defaultRegion;
  }

  /** Run `work` (which creates the tenant) with the tenant placed in `region`. */
  async creatingIn<T>(tenantId: string, region: string, work: () => Promise<T>): Promise<T> {
    if (this.creating.has(tenantId)) throw new SottoError('STORE_CONFLICT', `tenant ${tenantId} is being created already`);
    this.creating.set(tenantId, region);
    try {
      return await work();
    } finally {
      this.creating.delete(tenantId);
    }
  }
}

/**
 * The metadata store as the runtime hands it out: identical, except that a tenant created
 * without a region (the vault's implicit creation) gets the one `placement` chose, so no new
 * row is ever unpinned.
 */
export function placingStore(store: MetadataStore, placement: TenantPlacement): MetadataStore {
  const inner = store.tenants;
  const tenants: TenantRepository = {
    create: (record: TenantRecord) => inner.create({ ...record, region: record.region ?? placement.regionForNew(record.id) }),
    get: (id) => inner.get(id),
    list: () => inner.list(),
    rewrapPseudonymKey: (id, expectedVersion, wrapped) => inner.rewrapPseudonymKey(id, expectedVersion, wrapped),
    pinUnplaced: (region) => inner.pinUnplaced(region),
  };
  return {
    backend: store.backend,
    migrate: () => store.migrate(),
    tenants,
    subjectKeys: store.subjectKeys,
    artifacts: store.artifacts,
    sql: store.sql,
    close: () => store.close(),
  };
}
