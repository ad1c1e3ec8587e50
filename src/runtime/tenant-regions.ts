import type { AccessGateway, Principal } from '../access/index.js';
import { isSottoError, SottoError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { MetadataStore } from '../store/meta/index.js';
import { checkTenantId } from '../vault/index.js';
import type { TenantPlacement } from './tenant-placement.js';

/** Sotto itself, refusing a call it may not process here; recorded as the refusing party. */
export const CALL_RESIDENCY_GUARD: Principal = Object.freeze({
  id: 'call-residency-guard',
  kind: 'system',
  tenantId: undefined,
  roles: Object.freeze([]),
});

export interface TenantRegionsDeps {
  /** The placing store (src/runtime/tenant-placement.ts). */
  store: MetadataStore;
  placement: TenantPlacement;
  /** Creates a tenant's KEK, pseudonym key and row: the vault's SubjectKeys.ensureTenant. */
  ensureTenant(tenantId: string): Promise<void>;
  /** Every region this deployment has a store and key provider for; the first is the default. */
  regions: readonly string[];
  gateway: AccessGateway;
  logger: Logger;
}

export interface TenantPlacementView {
  tenantId: string;
  /** null only for a row older than regions that no current build has pinned yet. */
  region: string | null;
  createdAt: string;
}

/**
 * Tenants and their regions (docs/residency.md): creating a tenant in a named region, listing
 * where each lives, and refusing a call this process may not process for a tenant.
 */
export class TenantRegions {
  constructor(private readonly deps: TenantRegionsDeps) {}

  /** The default region: where calls are processed and new tenants go unless told otherwise. */
  get processingRegion(): string {
    return this.deps.placement.defaultRegion;
  }

  get configured(): readonly string[] {
    return this.deps.regions;
  }

  /**
   * Create a tenant pinned to `region`. An existing tenant is STORE_CONFLICT in its own region
   * and TENANT_REGION_IMMUTABLE in another: moving a tenant is a data migration, not an update.
   */
  async create(tenantId: string, region: string = this.processingRegion): Promise<TenantPlacementView> {
    checkTenantId(tenantId);
    if (!this.deps.regions.includes(region)) {
      throw new SottoError('REGION_UNKNOWN', `no region ${region} is configured (configured: ${this.deps.regions.join(', ')})`);
    }
    const existing = await this.deps.store.tenants.get(tenantId);
    if (existing) refuseExisting(tenantId, existing.region, region);
    await this.deps.placement.creatingIn(tenantId, region, () => this.deps.ensureTenant(tenantId));
    const created = await this.deps.store.tenants.get(tenantId);
    if (!created) throw new SottoError('STORE_UNAVAILABLE', 'tenant vanished after creation');
    // Another process created it first, elsewhere: theirs stands.
    if (created.region !== region) refuseExisting(tenantId, created.region, region);
    return view(created);
  }

  async list(): Promise<TenantPlacementView[]> {
    return (await this.deps.store.tenants.list()).map(view);
  }

  /**
   * Calls are processed (audio, recognition, synthesis) in the default region only. A call for
   * a tenant pinned elsewhere is refused before any of its audio is touched, and the refusal is
   * audited (tenant id and region names only: no personal data). A tenant that does not exist
   * yet will be created here, so it passes.
   */
  async assertProcessedHere(tenantId: string): Promise<void> {
    const home = await this.deps.placement.regionOf(tenantId);
    if (home === this.processingRegion) return;
    const refusal = new SottoError(
      'RESIDENCY_VIOLATION',
      `tenant ${tenantId} is pinned to region ${home}; this process handles calls in region ${this.processingRegion}`,
    );
    await this.deps.gateway
      .record(CALL_RESIDENCY_GUARD, 'call.process', { type: 'tenant', id: tenantId, tenantId }, 'denied', refusal.code, { requestId: null, source: null })
      .catch((err: unknown) => {
        // The call is refused either way; an unrecorded refusal is an operational alarm.
        this.deps.logger.error({ code: isSottoError(err) ? err.code : 'INTERNAL' }, 'could not audit a call refused for residency');
      });
    throw refusal;
  }
}

function refuseExisting(tenantId: string, current: string | undefined, wanted: string): never {
  if (current === wanted) throw new SottoError('STORE_CONFLICT', `tenant ${tenantId} already exists in region ${wanted}`);
  throw new SottoError(
    'TENANT_REGION_IMMUTABLE',
    `tenant ${tenantId} is pinned to region ${current ?? '(none)'}; moving it to ${wanted} is a data migration, not an update`,
  );
}

function view(tenant: { id: string; region?: string; createdAt: string }): TenantPlacementView {
  return { tenantId: tenant.id, region: tenant.region ?? null, createdAt: tenant.createdAt };
}
