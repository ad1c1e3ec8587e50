/** Legal regimes whose breach-notification duties the register tracks (see deadlines.ts). */
export const REGIMES = ['gdpr', 'hipaa', 'pci_dss', 'california'] as const;
export type Regime = (typeof REGIMES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** open → contained → closed; a closed incident can be reopened (it goes back to open). */
export const INCIDENT_STATUSES = ['open', 'contained', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * One security incident. Title and summary are operator-written and may name people, so they
 * stay in this record (deletable), never in the audit log, whose entries name the incident id.
 */
export interface Incident {
  id: string;
  /** null: deployment-wide (only the local operator, who has no tenant, sees these). */
  tenantId: string | null;
  title: string;
  summary: string | undefined;
  severity: Severity;
  status: IncidentStatus;
  /** When the organisation became aware; every notification deadline runs from here. */
  detectedAt: string;
  /** The suspected exposure: impact is computed over audit entries in [windowStart, windowEnd]. */
  windowStart: string;
  /** undefined: still open-ended (up to now). */
  windowEnd: string | undefined;
  regimes: Regime[];
  /** How many individuals are affected, when known (HIPAA's 500 thresholds depend on it). */
  affectedIndividuals: number | undefined;
  /** GDPR Art. 34: the breach is likely to result in a high risk to people's rights and freedoms. */
  highRisk: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  closedAt: string | undefined;
}

export interface OpenIncidentRequest {
  /** null for a deployment-wide incident (local operator only). */
  tenantId: string | null;
  title: string;
  summary?: string | undefined;
  severity: string;
  detectedAt: string;
  windowStart: string;
  windowEnd?: string | undefined;
  regimes: readonly string[];
  affectedIndividuals?: number | undefined;
  highRisk?: boolean | undefined;
}

/** Fields an update may change; absent ones stay. `windowEnd: null` reopens the window. */
export interface IncidentChanges {
  title?: string | undefined;
  summary?: string | null | undefined;
  severity?: string | undefined;
  status?: 'open' | 'contained' | undefined;
  detectedAt?: string | undefined;
  windowStart?: string | undefined;
  windowEnd?: string | null | undefined;
  regimes?: readonly string[] | undefined;
  affectedIndividuals?: number | null | undefined;
  highRisk?: boolean | undefined;
}
