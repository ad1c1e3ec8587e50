import { listIncidents, notificationRecords } from '../../incidents/incident-rows.js';
import { notificationDeadlines } from '../../incidents/index.js';
import { outboxCounts } from '../../incidents/alerts/index.js';
import { deploymentRegistry } from '../../subprocessors/index.js';
import { tenantFilter, type PostureSources } from '../sources.js';
import { itemStatus, type PostureItem } from '../types.js';

export async function dataResidency(sources: PostureSources, tenantId: string | null): Promise<PostureItem> {
  const f = tenantFilter(tenantId, 'id');
  const tenants = await sources.sql.rows<{ region: string | null; n: number | string }>(
    `SELECT region, COUNT(*) AS n FROM tenants WHERE 1 = 1${f.clause} GROUP BY region ORDER BY region`,
    f.params,
  );
  const c = tenantFilter(tenantId);
  const calls = await sources.sql.rows<{ region: string; n: number | string }>(
    `SELECT region, COUNT(*) AS n FROM calls WHERE 1 = 1${c.clause} GROUP BY region ORDER BY region`,
    c.params,
  );
  const processing = sources.config.calls.region;
  const configured = [processing, ...Object.keys(sources.config.regions)];
  const gaps: string[] = [];
  for (const row of tenants) {
    if (row.region === null) gaps.push(`${Number(row.n)} tenant(s) are not pinned to a region yet (the next start pins them to ${processing})`);
    else if (!configured.includes(row.region)) gaps.push(`${Number(row.n)} tenant(s) are pinned to region ${row.region}, which this deployment has no store for`);
  }
  gaps.push('the metadata database and the audit log are shared by every region (ids, wrapped keys, keyed hashes, user emails; no content)');
  return {
    id: 'data_residency',
    title: 'Data residency',
    status: itemStatus(gaps, false),
    evidence: {
      processingRegion: processing,
      regions: configured,
      tenantsByRegion: Object.fromEntries(tenants.map((r) => [r.region ?? '(unpinned)', Number(r.n)])),
      callsByRegion: Object.fromEntries(calls.map((r) => [r.region, Number(r.n)])),
      enforcement: 'each tenant’s blobs and keys go to its region’s store and key provider; calls for a tenant of another region are refused (docs/residency.md)',
    },
    gaps,
  };
}

export async function subprocessors(sources: PostureSources, tenantId: string | null): Promise<PostureItem> {
  const registry = deploymentRegistry(sources.config);
  const f = tenantFilter(tenantId);
  const [policies] = await sources.sql.rows<{ n: number | string }>(`SELECT COUNT(*) AS n FROM subprocessor_policies WHERE 1 = 1${f.clause}`, f.params);
  const undeclared = registry.filter((e) => e.status === 'undeclared');
  const gaps = undeclared.map((e) => `${e.name} (${e.role}) is used but not declared, so tenant policy refuses it: declare it under subprocessors.declarations`);
  return {
    id: 'subprocessors',
    title: 'Subprocessors',
    status: itemStatus(gaps, false),
    evidence: {
      providers: registry.map((e) => ({
        name: e.name,
        role: e.role,
        status: e.status,
        ...(e.declaration && 'certifications' in e.declaration ? { certifications: e.declaration.certifications, regions: e.declaration.regions } : {}),
      })),
      tenantPolicies: Number(policies?.n ?? 0),
      enforcement: 'checked before a call opens any provider; refused calls send nothing (docs/subprocessors.md)',
      transparencyPage: '/transparency/subprocessors',
    },
    gaps,
  };
}

export async function incidentResponse(sources: PostureSources, tenantId: string | null): Promise<PostureItem> {
  const now = sources.now();
  const incidents = await listIncidents(sources.sql, tenantId ?? undefined, false);
  let overdue = 0;
  for (const incident of incidents) {
    const deadlines = notificationDeadlines(incident, await notificationRecords(sources.sql, incident.id), now);
    overdue += deadlines.filter((d) => d.status === 'overdue').length;
  }
  const alerts = await outboxCounts(sources.sql);
  const webhook = sources.config.alerts.webhook;
  const gaps: string[] = [];
  if (overdue > 0) gaps.push(`${overdue} breach notification(s) are past their deadline (sotto incidents show)`);
  if (webhook === undefined) gaps.push('alerts on suspicious access are computed but not delivered: configure alerts.webhook and SOTTO_ALERT_WEBHOOK_SECRET');
  if (alerts.pending > 0) gaps.push(`${alerts.pending} alert(s) wait for delivery`);
  return {
    id: 'incident_response',
    title: 'Incident response',
    status: itemStatus(gaps, false),
    evidence: {
      openIncidents: incidents.filter((i) => i.status !== 'closed').length,
      overdueNotifications: overdue,
      alertWebhook: webhook ? new URL(webhook.url).host : null,
      alertsPending: alerts.pending,
      alertsDelivered: alerts.delivered,
      register: 'incidents with notification deadlines per regime (GDPR Art. 33, HIPAA 164.404-408, PCI DSS 12.10.1) and impact from the audit log (docs/incidents.md)',
    },
    gaps,
  };
}
