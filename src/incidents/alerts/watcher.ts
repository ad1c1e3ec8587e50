import type { AlertsConfig } from '../../config/alerts.js';
import type { Logger } from '../../log/index.js';
import type { SqlClient } from '../../store/meta/sql-client.js';
import type { AuditEntrySource } from '../impact.js';
import { claimDue, commitScan, initCursor, markDelivered, markFailed, readCursor } from './alert-state.js';
import { evaluateEntries } from './rules.js';
import { deliverWebhook, type WebhookTarget } from './webhook.js';

export interface AlertWatcherDeps {
  /** The metadata store (the watcher's cursor, counters and outbox live there). */
  store: { sql: SqlClient };
  audit: AuditEntrySource;
  logger?: Pick<Logger, 'warn' | 'error'>;
  now?: () => Date;
}

export interface AlertWatcherOptions {
  config: Pick<AlertsConfig, 'intervalMs' | 'windowMs' | 'thresholds' | 'retry'>;
  /** Where alerts go (see webhookTarget); none: alerts are queued and kept until one is configured. */
  target?: WebhookTarget | undefined;
  /** On first start only (no stored cursor): the audit index to begin at. Default: the log's end. */
  startAt?: number;
  /** Start the timer (default true); tests call `runOnce` instead. */
  schedule?: boolean;
}

export interface TickReport {
  scanned: number;
  queued: number;
  delivered: number;
  failed: number;
}

export interface AlertWatcher {
  /** One scan and one delivery round now (never overlapping a scheduled one). */
  runOnce(): Promise<TickReport>;
  /** Stop the schedule; resolves once a round in progress has finished. */
  stop(): Promise<void>;
}

/** Small pages with a turn of the event loop between them: a scan must not hold up live calls' audio. */
const SCAN_PAGE = 200;
/** Claimed together, delivered one after another: the lease covers them all at their timeout. */
const DELIVERIES_PER_ROUND = 10;

/**
 * Reads new audit entries from a durable cursor, raises alerts by the rules in rules.ts and
 * delivers them to the webhook (docs/incidents.md). Several processes on one PostgreSQL
 * database may each run one: scans serialize on an advisory lock and check the cursor, and
 * deliveries are claimed with FOR UPDATE SKIP LOCKED, so each alert is delivered by one.
 */
export function startAlertWatcher(deps: AlertWatcherDeps, options: AlertWatcherOptions): AlertWatcher {
  const now = deps.now ?? (() => new Date());
  const { config } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<TickReport> | undefined;
  let stopped = false;

  const scan = async (): Promise<{ scanned: number; queued: number }> => {
    const size = await deps.audit.size();
    let cursor = (await readCursor(deps.store.sql)) ?? (await initCursor(deps.store.sql, Math.min(options.startAt ?? size, size)));
    let scanned = 0;
    let queued = 0;
    while (cursor < size && !stopped) {
      const page = await deps.audit.entries({ from: cursor, limit: Math.min(SCAN_PAGE, size - cursor) });
      if (page.length === 0) break;
      const { steps, immediate } = evaluateEntries(page, config);
      const raised = await commitScan(deps.store.sql, { from: cursor, to: cursor + page.length, steps, immediate, windowMs: config.windowMs, now: now() });
      if (raised === undefined) break; // another process scanned this range first
      scanned += page.length;
      queued += raised.length;
      cursor += page.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { scanned, queued };
  };

  const deliver = async (): Promise<{ delivered: number; failed: number }> => {
    const target = options.target;
    if (target === undefined) return { delivered: 0, failed: 0 };
    let delivered = 0;
    let failed = 0;
    const due = await claimDue(deps.store.sql, now(), DELIVERIES_PER_ROUND * target.timeoutMs + 5_000, DELIVERIES_PER_ROUND);
    for (const alert of due) {
      try {
        await deliverWebhook(target, alert.id, alert.body, now());
        await markDelivered(deps.store.sql, alert.id, now());
        delivered += 1;
      } catch (err) {
        failed += 1;
        const backoff = Math.min(config.retry.maxBackoffMs, config.retry.initialBackoffMs * 2 ** Math.min(alert.attempts, 20));
        const message = err instanceof Error ? err.message : String(err);
        await markFailed(deps.store.sql, alert.id, new Date(now().getTime() + backoff), message);
        deps.logger?.warn({ alertId: alert.id, attempts: alert.attempts + 1, retryInMs: backoff }, 'alert delivery failed; it stays queued');
      }
    }
    return { delivered, failed };
  };

  const round = async (): Promise<TickReport> => {
    const s = await scan();
    const d = await deliver();
    return { scanned: s.scanned, queued: s.queued, ...d };
  };

  const runOnce = (): Promise<TickReport> => {
    const previous = running ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(round);
    running = next;
    void next.finally(() => {
      if (running === next) running = undefined;
    }).catch(() => undefined);
    return next;
  };

  const schedule = (): void => {
    if (stopped || options.schedule === false) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((err: unknown) => deps.logger?.error({ err }, 'alert watcher round failed; retrying next interval'))
        .finally(schedule);
    }, config.intervalMs);
    timer.unref();
  };
  schedule();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
