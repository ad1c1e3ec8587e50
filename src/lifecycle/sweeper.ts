import type { Logger } from '../log/index.js';
import type { SweepReport } from './retention-sweep.js';

export interface RetentionSweeperOptions {
  /** Time between the end of one sweep and the start of the next. */
  intervalMs: number;
  /** Delay before the first sweep (default: a random part of the interval, so processes started together spread out). */
  firstDelayMs?: number;
  /** Counts only: a sweep report holds no personal data. */
  logger?: Logger;
}

export interface RetentionSweeper {
  /** Stop the schedule; resolves once a sweep in progress has finished its current batch. */
  stop(): Promise<void>;
}

/**
 * The embedded scheduler: runs `sweep` in this process every `intervalMs`, never two at once.
 * Several processes may each run one against the same PostgreSQL database: claims there use
 * FOR UPDATE SKIP LOCKED (src/lifecycle/deletion-ledger.ts), so they share the work instead
 * of repeating it. The timer does not keep the process alive.
 */
export function startRetentionSweeper(
  sweep: (options: { signal: AbortSignal }) => Promise<SweepReport>,
  options: RetentionSweeperOptions,
): RetentionSweeper {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (delayMs: number): void => {
    if (abort.signal.aborted) return;
    timer = setTimeout(() => {
      running = runOnce().finally(() => {
        running = undefined;
        schedule(options.intervalMs);
      });
    }, delayMs);
    timer.unref();
  };

  const runOnce = async (): Promise<void> => {
    try {
      const report = await sweep({ signal: abort.signal });
      const total = Object.values(report.deleted).reduce((a, b) => a + b, 0);
      if (total > 0 || report.recovered > 0) {
        options.logger?.info({ sweep: report.runId, deleted: report.deleted, recovered: report.recovered }, 'retention sweep deleted expired data');
      }
    } catch (err) {
      // The next run retries; claims this one left are taken over when their lease ends.
      options.logger?.error({ err }, 'retention sweep failed');
    }
  };

  schedule(options.firstDelayMs ?? Math.floor(Math.random() * Math.min(options.intervalMs, 60_000)));
  return {
    async stop() {
      abort.abort();
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
  };
}
