import { z } from 'zod';

/**
 * Alerts on suspicious access, read from the audit log (src/incidents/alerts, docs/incidents.md).
 * The webhook's signing secret comes from env SOTTO_ALERT_WEBHOOK_SECRET, never from this file.
 */
export const AlertsConfigSchema = z
  .object({
    /** HTTPS endpoint alerts are POSTed to (Standard Webhooks); none: alerts queue undelivered. */
    webhook: z
      .object({
        url: z.string().url(),
        /** PEM file of a private CA the endpoint's certificate chains to. */
        caFile: z.string().min(1).optional(),
        timeoutMs: z.number().int().min(100).max(60_000).optional(),
      })
      .strict()
      .optional(),
    /** How often the watcher reads new audit entries and retries deliveries. */
    intervalMs: z.number().int().min(100).max(60 * 60 * 1000),
    /** Length of the fixed (tumbling) window the counting rules count in. */
    windowMs: z.number().int().min(1000).max(24 * 60 * 60 * 1000),
    thresholds: z
      .object({
        /** `*.export` actions allowed to one principal per window. */
        exportsPerPrincipal: z.number().int().min(1),
        /** Denied decisions of one principal per window. */
        deniedPerPrincipal: z.number().int().min(1),
        /** Denied decisions against one tenant's resources per window. */
        deniedPerTenant: z.number().int().min(1),
        /** Allowed content reads (listen, view, export) by one principal per window. */
        readsPerPrincipal: z.number().int().min(1),
      })
      .strict(),
    retry: z
      .object({
        initialBackoffMs: z.number().int().min(10).max(60 * 60 * 1000),
        maxBackoffMs: z.number().int().min(10).max(24 * 60 * 60 * 1000),
      })
      .strict(),
  })
  .strict();

export type AlertsConfig = z.infer<typeof AlertsConfigSchema>;

export const DEFAULT_ALERTS_CONFIG: AlertsConfig = {
  // A minute: alert latency no one notices, and few scans competing with calls for the database.
  intervalMs: 60_000,
  windowMs: 15 * 60 * 1000,
  thresholds: { exportsPerPrincipal: 20, deniedPerPrincipal: 10, deniedPerTenant: 50, readsPerPrincipal: 200 },
  retry: { initialBackoffMs: 5_000, maxBackoffMs: 15 * 60 * 1000 },
};
