import { SottoError } from '../errors/index.js';
import { integerColumn, optionalTimestampColumn, timestampColumn, timestampParam, type IntegerColumn, type TimestampColumn } from '../store/meta/records.js';
import type { SqlStatements, SqlValue } from '../store/meta/sql-client.js';
import type { NotificationRecord } from './deadlines.js';
import { REGIMES, type Incident, type Regime } from './types.js';

interface IncidentRow {
  id: string;
  tenant_id: string | null;
  title: string;
  summary: string | null;
  severity: Incident['severity'];
  status: Incident['status'];
  detected_at: TimestampColumn;
  window_start: TimestampColumn;
  window_end: TimestampColumn | null;
  regimes: string;
  affected_individuals: IntegerColumn | null;
  high_risk: IntegerColumn;
  created_at: TimestampColumn;
  created_by: string;
  updated_at: TimestampColumn;
  closed_at: TimestampColumn | null;
}

const COLUMNS =
  'id, tenant_id, title, summary, severity, status, detected_at, window_start, window_end, regimes, affected_individuals, high_risk, created_at, created_by, updated_at, closed_at';

function params(i: Incident): SqlValue[] {
  return [
    i.id,
    i.tenantId,
    i.title,
    i.summary ?? null,
    i.severity,
    i.status,
    timestampParam(i.detectedAt, 'detectedAt'),
    timestampParam(i.windowStart, 'windowStart'),
    i.windowEnd === undefined ? null : timestampParam(i.windowEnd, 'windowEnd'),
    i.regimes.join(','),
    i.affectedIndividuals ?? null,
    i.highRisk ? 1 : 0,
    timestampParam(i.createdAt, 'createdAt'),
    i.createdBy,
    timestampParam(i.updatedAt, 'updatedAt'),
    i.closedAt === undefined ? null : timestampParam(i.closedAt, 'closedAt'),
  ];
}

export async function insertIncident(sql: SqlStatements, incident: Incident): Promise<void> {
  await sql.run(`INSERT INTO incidents (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')})`, params(incident));
}

/** Write every mutable field; the row must still be in the state `expectedStatus` (no lost update). */
export async function saveIncident(sql: SqlStatements, incident: Incident, expectedStatus: Incident['status']): Promise<void> {
  const p = params(incident);
  const changed = await sql.run(
    `UPDATE incidents SET title = ?, summary = ?, severity = ?, status = ?, detected_at = ?, window_start = ?, window_end = ?,
       regimes = ?, affected_individuals = ?, high_risk = ?, updated_at = ?, closed_at = ? WHERE id = ? AND status = ?`,
    [...p.slice(2, 12), p[14] ?? null, p[15] ?? null, incident.id, expectedStatus],
  );
  if (changed === 0) throw new SottoError('STORE_CONFLICT', 'the incident changed meanwhile; read it again');
}

export async function findIncident(sql: SqlStatements, id: string): Promise<Incident | undefined> {
  const [row] = await sql.rows<IncidentRow>(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`, [id]);
  return row === undefined ? undefined : toIncident(row);
}

/** Incidents of one tenant, or (tenantId undefined) every incident; newest awareness first. */
export async function listIncidents(sql: SqlStatements, tenantId: string | undefined, includeClosed: boolean): Promise<Incident[]> {
  const where = [tenantId === undefined ? '' : 'tenant_id = ?', includeClosed ? '' : "status <> 'closed'"].filter(Boolean);
  const rows = await sql.rows<IncidentRow>(
    `SELECT ${COLUMNS} FROM incidents${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY detected_at DESC, id`,
    tenantId === undefined ? [] : [tenantId],
  );
  return rows.map(toIncident);
}

export async function notificationRecords(sql: SqlStatements, incidentId: string): Promise<NotificationRecord[]> {
  const rows = await sql.rows<{ regime: Regime; recipient: string; status: 'sent' | 'not_required'; at: TimestampColumn; by_principal: string }>(
    'SELECT regime, recipient, status, at, by_principal FROM incident_notifications WHERE incident_id = ? ORDER BY regime, recipient',
    [incidentId],
  );
  return rows.map((r) => ({ regime: r.regime, recipient: r.recipient, status: r.status, at: timestampColumn(r.at, 'at'), by: r.by_principal }));
}

/** Record (or correct) a notification's status: one row per incident, regime and recipient. */
export async function upsertNotification(sql: SqlStatements, incidentId: string, record: NotificationRecord): Promise<void> {
  await sql.run(
    `INSERT INTO incident_notifications (incident_id, regime, recipient, status, at, by_principal) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (incident_id, regime, recipient) DO UPDATE SET status = excluded.status, at = excluded.at, by_principal = excluded.by_principal`,
    [incidentId, record.regime, record.recipient, record.status, timestampParam(record.at, 'at'), record.by],
  );
}

function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    title: row.title,
    summary: row.summary ?? undefined,
    severity: row.severity,
    status: row.status,
    detectedAt: timestampColumn(row.detected_at, 'detected_at'),
    windowStart: timestampColumn(row.window_start, 'window_start'),
    windowEnd: optionalTimestampColumn(row.window_end, 'window_end'),
    regimes: row.regimes.split(',').filter((r): r is Regime => (REGIMES as readonly string[]).includes(r)),
    affectedIndividuals: row.affected_individuals === null ? undefined : integerColumn(row.affected_individuals, 'affected_individuals'),
    highRisk: integerColumn(row.high_risk, 'high_risk') === 1,
    createdAt: timestampColumn(row.created_at, 'created_at'),
    createdBy: row.created_by,
    updatedAt: timestampColumn(row.updated_at, 'updated_at'),
    closedAt: optionalTimestampColumn(row.closed_at, 'closed_at'),
  };
}
