import { SottoError } from '../../errors/index.js';
import type { KeyDescription, KeyProvider, WrapContext, WrappedKey } from './provider.js';

/**
 * Data residency (docs/residency.md): a tenant's key-encryption key lives only in its region's
 * key provider, so its subject keys, pseudonym key and TOTP secrets are wrapped there.
 * Tenant KEKs are named `tenant-<tenant id>` (tenantKekId, src/vault/names.ts). Every other key
 * id ('audit', 'lifecycle') is deployment-wide: it signs the audit log or deletion
 * certificates, holds no tenant's data, and stays in the default region.
 */

/** Where a tenant's data lives (the same contract as src/store/blob/region-router.ts). */
export interface TenantKeyRegionLookup {
  regionOf(tenantId: string): Promise<string>;
}

const TENANT_KEK = /^tenant-([a-z0-9][a-z0-9-]{0,62})$/;

/** The tenant a key id belongs to, or undefined for a deployment-wide key. */
export function tenantOfKeyId(keyId: string): string | undefined {
  return TENANT_KEK.exec(keyId)?.[1];
}

interface Placement {
  lookup: TenantKeyRegionLookup;
  /** Where deployment-wide keys live (calls.region). */
  defaultRegion: string;
}

async function regionOfKey(keyId: string, placement: Placement): Promise<{ region: string; owner: string }> {
  const tenantId = tenantOfKeyId(keyId);
  if (tenantId === undefined) return { region: placement.defaultRegion, owner: `deployment key ${keyId}` };
  return { region: await placement.lookup.regionOf(tenantId), owner: `tenant ${tenantId}` };
}

/**
 * One region's key provider, refusing any key that belongs to another region. The router never
 * hands it one; this is the second lock, so a routing mistake is a RESIDENCY_VIOLATION.
 */
export class RegionBoundKeyProvider implements KeyProvider {
  readonly name: string;

  constructor(
    readonly region: string,
    private readonly inner: KeyProvider,
    private readonly placement: Placement,
  ) {
    this.name = inner.name;
  }

  async ensureKey(keyId: string): Promise<KeyDescription> {
    await this.admit(keyId);
    return this.inner.ensureKey(keyId);
  }

  async rotate(keyId: string): Promise<KeyDescription> {
    await this.admit(keyId);
    return this.inner.rotate(keyId);
  }

  async retire(keyId: string, version: number): Promise<KeyDescription> {
    await this.admit(keyId);
    return this.inner.retire(keyId, version);
  }

  async describe(keyId: string): Promise<KeyDescription | undefined> {
    await this.admit(keyId);
    return this.inner.describe(keyId);
  }

  listKeys(): Promise<string[]> {
    return this.inner.listKeys();
  }

  async wrap(keyId: string, plaintext: Uint8Array, context: WrapContext): Promise<WrappedKey> {
    await this.admit(keyId);
    return this.inner.wrap(keyId, plaintext, context);
  }

  async unwrap(wrapped: WrappedKey, context: WrapContext): Promise<Buffer> {
    await this.admit(wrapped.keyId);
    return this.inner.unwrap(wrapped, context);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async admit(keyId: string): Promise<void> {
    const { region, owner } = await regionOfKey(keyId, this.placement);
    if (region !== this.region) {
      throw new SottoError('RESIDENCY_VIOLATION', `${owner} is pinned to region ${region}; refused by the key provider of region ${this.region}`);
    }
  }
}

/**
 * The key provider the vault, identity, audit and lifecycle see: each key id goes to its
 * region's provider. A tenant whose region has no provider configured here is refused
 * (REGION_UNAVAILABLE), never served by the default region. It does not own the regions'
 * providers: the runtime that opened them closes them.
 */
export class RegionalKeyProvider implements KeyProvider {
  readonly name: string;

  constructor(
    private readonly providers: ReadonlyMap<string, RegionBoundKeyProvider>,
    private readonly placement: Placement,
  ) {
    // Recorded in reports (`keys status`, posture): one name when every region uses the same kind.
    this.name = [...new Set([...providers.values()].map((p) => p.name))].join('+');
  }

  async ensureKey(keyId: string): Promise<KeyDescription> {
    return (await this.providerFor(keyId)).ensureKey(keyId);
  }

  async rotate(keyId: string): Promise<KeyDescription> {
    return (await this.providerFor(keyId)).rotate(keyId);
  }

  async retire(keyId: string, version: number): Promise<KeyDescription> {
    return (await this.providerFor(keyId)).retire(keyId, version);
  }

  async describe(keyId: string): Promise<KeyDescription | undefined> {
    return (await this.providerFor(keyId)).describe(keyId);
  }

  async listKeys(): Promise<string[]> {
    const lists = await Promise.all([...this.providers.values()].map((p) => p.listKeys()));
    return [...new Set(lists.flat())].sort();
  }

  async wrap(keyId: string, plaintext: Uint8Array, context: WrapContext): Promise<WrappedKey> {
    return (await this.providerFor(keyId)).wrap(keyId, plaintext, context);
  }

  async unwrap(wrapped: WrappedKey, context: WrapContext): Promise<Buffer> {
    return (await this.providerFor(wrapped.keyId)).unwrap(wrapped, context);
  }

  async close(): Promise<void> {
    // The regions' providers are closed by whoever opened them (src/runtime/regions.ts).
  }

  private async providerFor(keyId: string): Promise<KeyProvider> {
    const { region, owner } = await regionOfKey(keyId, this.placement);
    const provider = this.providers.get(region);
    if (!provider) throw new SottoError('REGION_UNAVAILABLE', `${owner} is pinned to region ${region}, which has no key provider configured here`);
    return provider;
  }
}
