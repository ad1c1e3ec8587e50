import { join, resolve, sep } from 'node:path';
import type { SottoConfig } from '../config/index.js';
import type { BlobStoreSettings, KeyProviderSettings } from '../config/regions.js';
import { SottoError } from '../errors/index.js';
import { openBlobStore, RegionBoundBlobStore, RegionalBlobStore, type BlobStore, type TenantRegionLookup } from '../store/blob/index.js';
import { RegionBoundKeyProvider, RegionalKeyProvider, type KeyProvider } from '../vault/keys/index.js';
import { openKeyProviderAt, type KeyProviderOpenOptions } from './key-provider.js';

/**
 * The regions one deployment serves (docs/residency.md): the default region (calls.region)
 * with the top-level `blobs` and `keys`, and each entry of `regions` with its own.
 */
interface RegionSettings {
  name: string;
  /** Where a region's local keyring, master secret and filesystem blobs live by default. */
  home: string;
  blobs: BlobStoreSettings;
  keys: KeyProviderSettings;
}

export function regionSettings(config: SottoConfig): RegionSettings[] {
  const own = { name: config.calls.region, home: config.dataDir, blobs: config.blobs, keys: config.keys };
  const others = Object.entries(config.regions).map(([name, region]) => ({ name, home: join(config.dataDir, 'regions', name), ...region }));
  return [own, ...others];
}

/**
 * What zod cannot check field by field. Fails closed at start: two regions sharing a blob
 * root or a keyring would put one region's tenants' data in the other's place.
 */
export function checkRegions(config: SottoConfig): RegionSettings[] {
  const regions = regionSettings(config);
  if (Object.hasOwn(config.regions, config.calls.region)) {
    throw new SottoError('CONFIG_INVALID', `configuration regions.${config.calls.region}: names the default region (calls.region), whose blobs and keys are the top-level ones`);
  }
  const blobPlaces = new Map<string, string>();
  const keyPlaces = new Map<string, string>();
  for (const region of regions) {
    for (const [places, place, what] of [
      [blobPlaces, blobPlace(region), 'blob store'],
      [keyPlaces, keyPlace(region), 'key provider'],
    ] as const) {
      const other = places.get(place);
      if (other !== undefined) {
        throw new SottoError('CONFIG_INVALID', `configuration regions: regions ${other} and ${region.name} share one ${what}; each region needs its own`);
      }
      places.set(place, region.name);
    }
  }
  // One filesystem root inside another would put a region's files in the other's tree.
  const roots = [...blobPlaces].filter(([place]) => place.startsWith('fs:')).map(([place, name]) => [place.slice(3), name] as const);
  for (const [root, name] of roots) {
    const outer = roots.find(([other]) => other !== root && root.startsWith(other.endsWith(sep) ? other : other + sep));
    if (outer) throw new SottoError('CONFIG_INVALID', `configuration regions: the blob root of region ${name} lies inside that of region ${outer[1]}`);
  }
  return regions;
}

function blobPlace(region: RegionSettings): string {
  const b = region.blobs;
  return b.kind === 'fs' ? `fs:${resolve(b.root ?? join(region.home, 'blobs'))}` : `s3:${b.endpoint ?? ''}|${b.bucket}|${b.prefix ?? ''}`;
}

function keyPlace(region: RegionSettings): string {
  const k = region.keys;
  return k.provider === 'local' ? `local:${resolve(k.keyringPath ?? join(region.home, 'keys', 'keyring.sealed'))}` : `pkcs11:${k.modulePath}|${k.tokenLabel}`;
}

/** The variable a region's PKCS#11 PIN is read from: SOTTO_PKCS11_PIN_EU_WEST for 'eu-west'. */
export function regionPinVariable(name: string): string {
  return `SOTTO_PKCS11_PIN_${name.toUpperCase().replaceAll('-', '_')}`;
}

/** Open every region's key provider, in order; each is pushed to `opened` as soon as it is open. */
export async function openRegionKeyProviders(
  regions: RegionSettings[],
  options: KeyProviderOpenOptions,
  opened: { close(): Promise<void> }[],
): Promise<Map<string, KeyProvider>> {
  const providers = new Map<string, KeyProvider>();
  for (const [i, region] of regions.entries()) {
    // The default region keeps its historical PIN variable (SOTTO_PKCS11_PIN, applied by loadConfig).
    const provider = await openKeyProviderAt(region.keys, region.home, options, i === 0 ? undefined : regionPinVariable(region.name));
    opened.push(provider);
    providers.set(region.name, provider);
  }
  return providers;
}

export async function openRegionBlobStores(regions: RegionSettings[], opened: { close(): Promise<void> }[]): Promise<Map<string, BlobStore>> {
  const stores = new Map<string, BlobStore>();
  for (const region of regions) {
    const b = region.blobs;
    const store = await openBlobStore(b.kind === 'fs' ? { kind: 'fs', root: b.root ?? join(region.home, 'blobs') } : b);
    opened.push(store);
    stores.set(region.name, store);
  }
  return stores;
}

/** The routers everything above the store sees; each region's own store and provider behind its lock. */
export function routeByRegion(
  defaultRegion: string,
  providers: Map<string, KeyProvider>,
  stores: Map<string, BlobStore>,
  lookup: TenantRegionLookup,
): { keys: RegionalKeyProvider; blobs: RegionalBlobStore } {
  const placement = { lookup, defaultRegion };
  const boundKeys = new Map([...providers].map(([name, p]) => [name, new RegionBoundKeyProvider(name, p, placement)] as const));
  const boundBlobs = new Map([...stores].map(([name, s]) => [name, new RegionBoundBlobStore(name, s, lookup)] as const));
  return { keys: new RegionalKeyProvider(boundKeys, placement), blobs: new RegionalBlobStore(boundBlobs, lookup) };
}
