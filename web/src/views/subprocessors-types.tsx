// What the subprocessor routes answer (src/server/api/subprocessors-routes.ts).

export const CERTIFICATIONS = ['soc2_type2', 'iso27001', 'hipaa_baa', 'pci_dss'] as const;
export const CERTIFICATION_LABEL: Record<string, string> = { soc2_type2: 'SOC 2 Type II', iso27001: 'ISO 27001', hipaa_baa: 'HIPAA BAA', pci_dss: 'PCI DSS' };

export interface PublicSubprocessor {
  name: string;
  role: string;
  status: 'declared' | 'undeclared';
  legalEntity: string | null;
  purpose: string | null;
  certifications: string[];
  regions: string[];
  dataCategories: string[];
}

export interface TransparencyListing {
  subprocessors: PublicSubprocessor[];
  processedOnHost: string[];
}

export interface SubprocessorPolicy {
  healthDataRequires: string[];
  cardDataRequires: string[];
  sameRegionOnly: boolean;
  allowedProviders: string[] | null;
}

export interface TenantSubprocessorView {
  tenant: string;
  region: string;
  source: 'default' | 'tenant';
  updatedAt: string | null;
  policy: SubprocessorPolicy;
  providers: { name: string; role: string; status: string; allowed: boolean; rule: string | null; reason: string }[];
}

export const labelOf = (value: string): string => CERTIFICATION_LABEL[value] ?? value.replace(/_/g, ' ');
