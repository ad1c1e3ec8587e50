import { readFileSync } from 'node:fs';
import type { AlertsConfig } from '../../config/alerts.js';
import { SottoError } from '../../errors/index.js';
import { startAlertWatcher, type AlertWatcher, type AlertWatcherDeps } from './watcher.js';
import { webhookTarget } from './webhook.js';

/**
 * The watcher as the server runs it: the webhook from config `alerts.webhook`, its secret from
 * env SOTTO_ALERT_WEBHOOK_SECRET (never the config file). A configured webhook without a valid
 * secret fails at start (ALERT_WEBHOOK_SECRET_INVALID) rather than sending unsigned alerts.
 */
export function alertWatcherFromConfig(deps: AlertWatcherDeps, config: AlertsConfig, env: NodeJS.ProcessEnv = process.env): AlertWatcher {
  const webhook = config.webhook;
  let ca: string | undefined;
  if (webhook?.caFile) {
    try {
      ca = readFileSync(webhook.caFile, 'utf8');
    } catch (cause) {
      throw new SottoError('CONFIG_INVALID', `alerts.webhook.caFile ${webhook.caFile} cannot be read`, { cause });
    }
  }
  const target = webhook ? webhookTarget({ url: webhook.url, secret: env.SOTTO_ALERT_WEBHOOK_SECRET || undefined, ca, timeoutMs: webhook.timeoutMs }) : undefined;
  return startAlertWatcher(deps, { config, target });
}
