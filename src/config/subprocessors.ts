import { z } from 'zod';

/**
 * What the operator declares about each outside provider (docs/subprocessors.md). Sotto cannot
 * verify a certificate or a contract; it records what the operator attests and enforces tenant
 * policy against it. A provider in use without a declaration is trusted for nothing.
 */
export const CERTIFICATIONS = ['soc2_type2', 'iso27001', 'hipaa_baa', 'pci_dss'] as const;
export type Certification = (typeof CERTIFICATIONS)[number];

/** The kinds of data a provider may receive, from most to least revealing. */
export const DATA_CATEGORIES = ['audio', 'transcript_text', 'tokenized_text', 'encrypted_blobs', 'key_wrapping'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** The registry's name for a provider: a host name, `deepgram`, `s3:bucket`, `pkcs11:module`. */
export const providerName = z.string().regex(/^[a-z0-9][a-z0-9.:_-]{0,99}$/, 'a provider name is lowercase letters, digits and . : _ -');
/** Same form as calls.region. */
export const regionName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

const outside = z
  .object({
    /** The company that processes the data (named on the transparency page). */
    legalEntity: z.string().min(1).max(200),
    purpose: z.string().min(1).max(500),
    certifications: z.array(z.enum(CERTIFICATIONS)).max(CERTIFICATIONS.length),
    /** Every region where this provider processes this deployment's data. */
    regions: z.array(regionName).min(1).max(20),
    dataCategories: z.array(z.enum(DATA_CATEGORIES)).min(1).max(DATA_CATEGORIES.length),
  })
  .strict();

/**
 * An endpoint Sotto reaches over the network (a model on 127.0.0.1, MinIO beside the server) is
 * outside unless the operator declares it runs on this host: a loopback address can be a proxy
 * to a cloud service, and Sotto cannot tell (fail closed).
 */
const onHost = z.object({ onHost: z.literal(true), purpose: z.string().min(1).max(500).optional() }).strict();

export const SubprocessorDeclarationSchema = z.union([onHost, outside]);
export type SubprocessorDeclaration = z.infer<typeof SubprocessorDeclarationSchema>;
export type OutsideDeclaration = z.infer<typeof outside>;

export const SubprocessorsConfigSchema = z
  .object({
    /** Keyed by the provider's registry name (`sotto subprocessors list` shows the names in use). */
    declarations: z.record(providerName, SubprocessorDeclarationSchema),
  })
  .strict();
export type SubprocessorsConfig = z.infer<typeof SubprocessorsConfigSchema>;

export const DEFAULT_SUBPROCESSORS_CONFIG: SubprocessorsConfig = { declarations: {} };
