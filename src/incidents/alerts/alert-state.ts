// The watcher's durable state: a cursor over the audit log, per-window counters, and the outbox
// of alerts to deliver. A scan advances the cursor, the counters and the outbox in ONE
// transaction, so a restart neither loses nor repeats an alert; delivery is at least once
// (a crash after the POST and before marking it delivered re-sends the same webhook-id).
import { randomId } from '../../crypto/index.js';
import { integerColumn, timestampParam, type IntegerColumn } from '../../store/meta/records.js';
import type { SqlClient, SqlStatements, SqlTransaction } from '../../store/meta/sql-client.js';
import { crossing, type AlertPayload, type CountStep } from './rules.js';

const CURSOR = 'audit';
/** Serializes scans across processes (PostgreSQL advisory lock; SQLite's write lock already does). */
const SCAN_LOCK = 'alerts:scan';

export interface QueuedAlert {
  id: string;
  attempts: number;
  /** The JSON body, exactly as signed and sent. */
  body: string;
}

export async function readCursor(sql: SqlStatements): Promise<number | undefined> {
  const [row] = await sql.rows<{ next_index: IntegerColumn }>('SELECT next_index FROM alert_cursor WHERE name = ?', [CURSOR]);
  return row === undefined ? undefined : integerColumn(row.next_index, 'next_index');
}

/** Set the cursor if none is stored yet; returns the stored one. */
export async function initCursor(sql: SqlClient, at: number): Promise<number> {
  await sql.run('INSERT INTO alert_cursor (name, next_index) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [CURSOR, at]);
  return (await readCursor(sql)) ?? at;
}

/**
 * Commit a scan of audit entries [from, to): add the counter steps, queue the alerts they
 * raise and the immediate ones, move the cursor. Returns the alerts queued, or undefined when
 * another process moved the cursor since `from` was read (its scan wins; nothing is written).
 */
export async function commitScan(
  sql: SqlClient,
  scan: { from: number; to: number; steps: readonly CountStep[]; immediate: readonly AlertPayload[]; windowMs: number; now: Date },
): Promise<AlertPayload[] | undefined> {
  return sql.transaction(async (tx) => {
    await tx.lock(SCAN_LOCK, 'exclusive');
    if ((await readCursor(tx)) !== scan.from) return undefined;
    const raised: AlertPayload[] = [...scan.immediate];
    for (const step of scan.steps) {
      const before = await addCount(tx, step);
      const alert = crossing(step, before, scan.windowMs);
      if (alert) raised.push(alert);
    }
    for (const alert of raised) await enqueue(tx, alert, scan.now);
    await tx.run('UPDATE alert_cursor SET next_index = ? WHERE name = ?', [scan.to, CURSOR]);
    // Counters of windows that ended before the previous one are no longer read.
    const current = Math.floor(scan.now.getTime() / scan.windowMs);
    await tx.run('DELETE FROM alert_window_counts WHERE bucket < ?', [current - 1]);
    return raised;
  });
}

async function addCount(tx: SqlTransaction, step: CountStep): Promise<number> {
  const [row] = await tx.rows<{ count: IntegerColumn }>('SELECT count FROM alert_window_counts WHERE rule = ? AND subject = ? AND bucket = ?', [
    step.rule,
    step.subject,
    step.bucket,
  ]);
  const before = row === undefined ? 0 : integerColumn(row.count, 'count');
  if (row === undefined) {
    await tx.run('INSERT INTO alert_window_counts (rule, subject, bucket, count) VALUES (?, ?, ?, ?)', [step.rule, step.subject, step.bucket, step.count]);
  } else {
    await tx.run('UPDATE alert_window_counts SET count = ? WHERE rule = ? AND subject = ? AND bucket = ?', [before + step.count, step.rule, step.subject, step.bucket]);
  }
  return before;
}

async function enqueue(tx: SqlTransaction, alert: AlertPayload, now: Date): Promise<void> {
  const id = randomId('msg');
  const at = now.toISOString();
  const body = JSON.stringify({ type: `sotto.alert.${alert.rule}`, timestamp: at, data: { id, ...alert } });
  await tx.run('INSERT INTO alert_outbox (id, rule, payload, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?)', [
    id,
    alert.rule,
    body,
    at,
    at,
  ]);
}

/**
 * Claim due alerts for delivery: each claimed row's next attempt moves `leaseMs` ahead, so
 * another process (PostgreSQL: FOR UPDATE SKIP LOCKED) or the next tick leaves it alone
 * while this one delivers. If this process dies, the lease runs out and another retries.
 */
export async function claimDue(sql: SqlClient, now: Date, leaseMs: number, limit: number): Promise<QueuedAlert[]> {
  return sql.transaction(async (tx) => {
    const rows = await tx.rows<{ id: string; attempts: IntegerColumn; payload: string }>(
      `SELECT o.id, o.attempts, o.payload FROM alert_outbox o WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ?
       ORDER BY o.next_attempt_at, o.id LIMIT ?${tx.claimRows('o')}`,
      [timestampParam(now.toISOString(), 'now'), limit],
    );
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    for (const row of rows) await tx.run('UPDATE alert_outbox SET next_attempt_at = ? WHERE id = ?', [leaseUntil, row.id]);
    return rows.map((r) => ({ id: r.id, attempts: integerColumn(r.attempts, 'attempts'), body: r.payload }));
  });
}

export async function markDelivered(sql: SqlStatements, id: string, at: Date): Promise<void> {
  await sql.run('UPDATE alert_outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?', [at.toISOString(), id]);
}

/** A failed attempt: the alert stays queued and is tried again at `retryAt`. */
export async function markFailed(sql: SqlStatements, id: string, retryAt: Date, error: string): Promise<void> {
  await sql.run('UPDATE alert_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?', [retryAt.toISOString(), error.slice(0, 200), id]);
}

/** Queue counts for status displays and tests. */
export async function outboxCounts(sql: SqlStatements): Promise<{ pending: number; delivered: number }> {
  const [row] = await sql.rows<{ pending: IntegerColumn | null; delivered: IntegerColumn | null }>(
    'SELECT sum(CASE WHEN delivered_at IS NULL THEN 1 ELSE 0 END) AS pending, sum(CASE WHEN delivered_at IS NULL THEN 0 ELSE 1 END) AS delivered FROM alert_outbox',
  );
  return { pending: integerColumn(row?.pending ?? 0, 'pending'), delivered: integerColumn(row?.delivered ?? 0, 'delivered') };
}
