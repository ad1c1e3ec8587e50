import type { Certification, DataCategory } from '../config/subprocessors.js';
import type { RegistryEntry, SubprocessorRole } from './registry.js';

/** One outside provider as a customer-facing transparency page shows it. */
export interface PublicSubprocessor {
  name: string;
  role: SubprocessorRole;
  /** 'undeclared': in use, but the operator has not declared it; no tenant's calls may use it. */
  status: 'declared' | 'undeclared';
  legalEntity: string | null;
  purpose: string | null;
  certifications: Certification[];
  regions: string[];
  dataCategories: DataCategory[];
}

export interface TransparencyListing {
  subprocessors: PublicSubprocessor[];
  /** Roles served on this deployment's own hosts (nothing leaves them for these). */
  processedOnHost: SubprocessorRole[];
}

/** The deployment's outside providers and what the operator declares about them. No tenant data. */
export function transparencyListing(entries: readonly RegistryEntry[]): TransparencyListing {
  const subprocessors: PublicSubprocessor[] = [];
  const processedOnHost: SubprocessorRole[] = [];
  for (const e of entries) {
    if (e.status === 'local') {
      processedOnHost.push(e.role);
      continue;
    }
    const d = e.declaration;
    subprocessors.push({
      name: e.name,
      role: e.role,
      status: e.status,
      legalEntity: d?.legalEntity ?? null,
      purpose: d?.purpose ?? null,
      certifications: d ? [...d.certifications] : [],
      regions: d ? [...d.regions] : [],
      dataCategories: d ? [...d.dataCategories] : [],
    });
  }
  return { subprocessors, processedOnHost };
}
