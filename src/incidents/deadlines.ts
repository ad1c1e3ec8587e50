import type { Incident, Regime } from './types.js';

/** A recorded notification: sent (with when), or judged not required by a person. */
export interface NotificationRecord {
  regime: Regime;
  recipient: string;
  status: 'sent' | 'not_required';
  at: string;
  by: string;
}

export type NotificationStatus = 'pending' | 'sent' | 'not_required' | 'overdue';

export interface NotificationDeadline {
  regime: Regime;
  recipient: string;
  /** The provision that sets the duty, e.g. 'GDPR Art. 33(1)'. */
  citation: string;
  /** A fixed due time, or null where the law sets none ("without undue delay", "immediately"). */
  due: string | null;
  /** The deadline as the law words it. */
  dueText: string;
  status: NotificationStatus;
  /** When it was marked sent or not required. */
  at?: string;
  by?: string;
  note?: string;
}

interface Rule {
  recipient: string;
  citation: string;
  dueText: string;
  /** The due time, or null when the law fixes none. */
  due(incident: Incident): Date | null;
  /** A reason the duty does not arise for this incident, computed from its fields. */
  notRequired?(incident: Incident): string | undefined;
  note?(incident: Incident): string | undefined;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const from = (incident: Incident, ms: number): Date => new Date(Date.parse(incident.detectedAt) + ms);

// Each row cites its source; docs/incidents.md has the same table. Where a count decides the
// duty and the count is unknown, the duty is shown as arising (fail closed: the earlier deadline).
const RULES: Record<Regime, Rule[]> = {
  gdpr: [
    {
      recipient: 'authority',
      // Regulation (EU) 2016/679 Art. 33(1): "without undue delay and, where feasible, not later
      // than 72 hours after having become aware of it".
      citation: 'GDPR Art. 33(1)',
      dueText: 'without undue delay, not later than 72 hours after becoming aware',
      due: (i) => from(i, 72 * HOUR),
    },
    {
      recipient: 'controller',
      // Art. 33(2): a processor notifies the controller "without undue delay" (Sotto operated for
      // a tenant is usually the tenant's processor).
      citation: 'GDPR Art. 33(2)',
      dueText: 'without undue delay (processor to controller)',
      due: () => null,
    },
    {
      recipient: 'data_subjects',
      // Art. 34(1): only when "likely to result in a high risk"; "without undue delay", no fixed hours.
      citation: 'GDPR Art. 34(1)',
      dueText: 'without undue delay, when likely to result in a high risk',
      due: () => null,
      notRequired: (i) => (i.highRisk ? undefined : 'not marked high risk (Art. 34(1)); Art. 34(3) exemptions are not assessed here'),
    },
  ],
  hipaa: [
    {
      recipient: 'individuals',
      // 45 CFR 164.404(b): "without unreasonable delay and in no case later than 60 calendar days after discovery".
      citation: '45 CFR 164.404(b)',
      dueText: 'without unreasonable delay, no later than 60 calendar days after discovery',
      due: (i) => from(i, 60 * DAY),
    },
    {
      recipient: 'hhs',
      // 164.408(b): 500 or more individuals → contemporaneously with 164.404 notice (so within 60
      // days); 164.408(c): fewer → log, and notify HHS within 60 days after the end of the calendar year.
      citation: '45 CFR 164.408(b)-(c)',
      dueText: '500+ individuals: with the individual notices (60 days); fewer: within 60 days after the calendar year ends',
      due: (i) => {
        if (i.affectedIndividuals !== undefined && i.affectedIndividuals < 500) {
          const year = new Date(i.detectedAt).getUTCFullYear();
          return new Date(Date.UTC(year + 1, 0, 1) + 60 * DAY);
        }
        return from(i, 60 * DAY);
      },
      note: (i) => (i.affectedIndividuals === undefined ? 'affected count unknown: the 500+ deadline is shown' : undefined),
    },
    {
      recipient: 'media',
      // 164.406(a)-(b): "more than 500 residents of a State or jurisdiction", within 60 days of discovery.
      citation: '45 CFR 164.406',
      dueText: 'more than 500 residents of one State: no later than 60 calendar days after discovery',
      due: (i) => from(i, 60 * DAY),
      notRequired: (i) => (i.affectedIndividuals !== undefined && i.affectedIndividuals <= 500 ? '500 or fewer individuals affected in total' : undefined),
      note: () => 'the threshold is per State; the register knows only the total',
    },
  ],
  pci_dss: [
    {
      recipient: 'card_brands_acquirer',
      // PCI DSS v4.0 Req. 12.10.1: the incident response plan covers notifying the payment brands
      // and acquirers. The standard sets no hours: each brand's rules and the acquirer agreement
      // do (commonly "immediately"). Check your agreement; no fixed due time is computed.
      citation: 'PCI DSS v4.0 Req. 12.10.1; card brand rules',
      dueText: 'immediately, per each card brand’s rules and the acquirer agreement (no fixed hours in PCI DSS)',
      due: () => null,
    },
  ],
  california: [
    {
      recipient: 'residents',
      // Cal. Civ. Code § 1798.82(a): "in the most expedient time possible and without unreasonable delay".
      citation: 'Cal. Civ. Code § 1798.82(a)',
      dueText: 'in the most expedient time possible and without unreasonable delay',
      due: () => null,
    },
    {
      recipient: 'attorney_general',
      // § 1798.82(f): a sample notice to the Attorney General when more than 500 California residents are notified.
      citation: 'Cal. Civ. Code § 1798.82(f)',
      dueText: 'with the resident notices, when more than 500 California residents are notified',
      due: () => null,
      notRequired: (i) => (i.affectedIndividuals !== undefined && i.affectedIndividuals <= 500 ? '500 or fewer residents affected' : undefined),
    },
  ],
};

/** The recipients a regime knows, for validating `notify`. */
export function recipientsOf(regime: Regime): string[] {
  return RULES[regime].map((r) => r.recipient);
}

/**
 * Every notification the incident's regimes call for, with its due time and status at `now`:
 * sent or not_required as recorded; else not_required when computed so; else overdue once a
 * fixed due time has passed; else pending. A closed incident's unsent duties are still shown.
 */
export function notificationDeadlines(incident: Incident, records: readonly NotificationRecord[], now: Date): NotificationDeadline[] {
  const out: NotificationDeadline[] = [];
  for (const regime of incident.regimes) {
    for (const rule of RULES[regime]) {
      const due = rule.due(incident);
      const base = { regime, recipient: rule.recipient, citation: rule.citation, due: due?.toISOString() ?? null, dueText: rule.dueText };
      const note = rule.note?.(incident);
      const record = records.find((r) => r.regime === regime && r.recipient === rule.recipient);
      if (record) {
        out.push({ ...base, status: record.status, at: record.at, by: record.by, ...(note ? { note } : {}) });
        continue;
      }
      const reason = rule.notRequired?.(incident);
      if (reason !== undefined) {
        out.push({ ...base, status: 'not_required', note: reason });
        continue;
      }
      const status: NotificationStatus = due !== null && now.getTime() > due.getTime() ? 'overdue' : 'pending';
      out.push({ ...base, status, ...(note ? { note } : {}) });
    }
  }
  return out;
}
