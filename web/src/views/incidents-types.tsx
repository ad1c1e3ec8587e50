// What the incident routes answer (src/incidents/register.ts IncidentView, impact.ts), as the
// console reads them. Title and summary are operator-written free text: rendered as text only.

export const REGIMES = ['gdpr', 'hipaa', 'pci_dss', 'california'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export const REGIME_LABEL: Record<string, string> = { gdpr: 'GDPR', hipaa: 'HIPAA', pci_dss: 'PCI DSS', california: 'California' };

export interface NotificationDeadline {
  regime: string;
  recipient: string;
  citation: string;
  due: string | null;
  dueText: string;
  status: 'pending' | 'sent' | 'not_required' | 'overdue';
  at?: string;
  by?: string;
  note?: string;
}

export interface IncidentView {
  id: string;
  tenantId: string | null;
  title: string;
  summary?: string;
  severity: string;
  status: 'open' | 'contained' | 'closed';
  detectedAt: string;
  windowStart: string;
  windowEnd?: string;
  regimes: string[];
  affectedIndividuals?: number;
  highRisk: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  closedAt?: string;
  notifications: NotificationDeadline[];
}

export interface IncidentImpact {
  window: { start: string; end: string | null };
  tenants: { tenantId: string; accesses: number }[];
  subjects: string[];
  calls: string[];
  artifacts: string[];
  principals: { id: string; kind: string; accesses: number }[];
  byAction: Record<string, number>;
  breakGlassUses: number;
  denied: { total: number; byPrincipal: Record<string, number>; byAction: Record<string, number> };
  audit: { firstIndex: number | null; lastIndex: number | null; logSize: number; entriesRead: number };
}


export const recipientLabel = (recipient: string): string => recipient.replace(/_/g, ' ');

/** The earliest deadline still to meet (overdue first), for the list. */
export function nextDeadline(incident: IncidentView): NotificationDeadline | undefined {
  const open = incident.notifications.filter((n) => n.status === 'pending' || n.status === 'overdue');
  const rank = (n: NotificationDeadline): number => (n.status === 'overdue' ? 0 : 1) * 1e15 + (n.due ? Date.parse(n.due) : 1e14);
  return open.sort((a, b) => rank(a) - rank(b))[0];
}
