import { z } from 'zod';
import { CERTIFICATIONS, providerName } from '../config/subprocessors.js';
import { SottoError } from '../errors/index.js';

/**
 * A tenant's rules for outside providers (docs/subprocessors.md). Defaults are the minimum-by-
 * default stance: health information only to providers under a HIPAA business associate
 * agreement (45 CFR 164.502(e)), card data only to PCI DSS assessed providers (PCI DSS v4.0
 * req. 12.8), nothing processed outside the tenant's region, and any declared provider.
 */
export const TenantSubprocessorPolicySchema = z
  .object({
    healthDataRequires: z.array(z.enum(CERTIFICATIONS)).max(CERTIFICATIONS.length),
    cardDataRequires: z.array(z.enum(CERTIFICATIONS)).max(CERTIFICATIONS.length),
    sameRegionOnly: z.boolean(),
    /** Provider names the tenant accepts; null: every declared provider (subject to the rules above). */
    allowedProviders: z.array(providerName).max(100).nullable(),
  })
  .strict();

export type TenantSubprocessorPolicy = z.infer<typeof TenantSubprocessorPolicySchema>;

const DEFAULT_POLICY: TenantSubprocessorPolicy = { healthDataRequires: ['hipaa_baa'], cardDataRequires: ['pci_dss'], sameRegionOnly: true, allowedProviders: null };

/** A fresh copy of the default (callers may change it). */
export function defaultTenantPolicy(): TenantSubprocessorPolicy {
  return structuredClone(DEFAULT_POLICY);
}

/** Validates a policy from a request, a CLI or the database; lists come back sorted and unique. */
export function parseTenantPolicy(value: unknown): TenantSubprocessorPolicy {
  const parsed = TenantSubprocessorPolicySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // The path and zod's message only: never the offending value (it came from outside).
    throw new SottoError('SUBPROCESSOR_POLICY_INVALID', `subprocessor policy ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const p = parsed.data;
  const tidy = <T extends string>(list: readonly T[]): T[] => [...new Set(list)].sort();
  return {
    healthDataRequires: tidy(p.healthDataRequires),
    cardDataRequires: tidy(p.cardDataRequires),
    sameRegionOnly: p.sameRegionOnly,
    allowedProviders: p.allowedProviders === null ? null : tidy(p.allowedProviders),
  };
}
