import { z } from 'zod';

/**
 * Data residency (docs/residency.md). A region is a named pair of a blob store and a key
 * provider; a tenant is pinned to one region and its content and keys live only there.
 * The top-level `blobs` and `keys` are the default region's, named by `calls.region`;
 * `regions` adds the others.
 */

/** A region's name, as in `calls.region`: it is stored with every tenant, so kept to a safe alphabet. */
export const REGION_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const RegionNameSchema = z.string().regex(REGION_NAME);

/** Where a region's vault ciphertext lives (the same shape as the top-level `blobs`). */
export const BlobStoreSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fs'), root: z.string().optional() }).strict(),
  z
    .object({
      kind: z.literal('s3'),
      bucket: z.string().min(3),
      region: z.string().min(1),
      endpoint: z.string().url().optional(),
      prefix: z.string().optional(),
      forcePathStyle: z.boolean().optional(),
    })
    .strict(),
]);

/** Where a region's key-encryption keys live (the same shape as the top-level `keys`). */
export const KeyProviderSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('local'), keyringPath: z.string().optional() }).strict(),
  z
    .object({
      provider: z.literal('pkcs11'),
      modulePath: z.string().min(1),
      tokenLabel: z.string().min(1),
      /** Prefer env SOTTO_PKCS11_PIN: a PIN in a config file is a secret on disk. */
      pin: z.string().optional(),
    })
    .strict(),
]);

export const RegionSchema = z.object({ blobs: BlobStoreSchema, keys: KeyProviderSchema }).strict();

/** Regions besides the default one, by name. Embedded default: none (one region, `calls.region`). */
export const RegionsSchema = z.record(RegionNameSchema, RegionSchema);

export type BlobStoreSettings = z.infer<typeof BlobStoreSchema>;
export type KeyProviderSettings = z.infer<typeof KeyProviderSchema>;
export type RegionSettings = z.infer<typeof RegionSchema>;
