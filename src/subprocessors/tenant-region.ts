import type { SottoConfig } from '../config/index.js';
import type { MetadataStore } from '../store/meta/index.js';

/**
 * The region a tenant's data must stay in (docs/residency.md): the tenant's own, or the
 * deployment's (`calls.region`) for a row not yet pinned to one.
 */
export async function tenantRegion(deps: { config: SottoConfig; store: MetadataStore }, tenantId: string): Promise<string> {
  return (await deps.store.tenants.get(tenantId))?.region ?? deps.config.calls.region;
}
