export { startAlertWatcher } from './watcher.js';
export type { AlertWatcher, AlertWatcherDeps, AlertWatcherOptions, TickReport } from './watcher.js';
export { signWebhook, webhookKey, webhookTarget } from './webhook.js';
export type { WebhookTarget } from './webhook.js';
export { ALERT_RULES } from './rules.js';
export type { AlertPayload, AlertRule } from './rules.js';
export { outboxCounts } from './alert-state.js';
export { alertWatcherFromConfig } from './from-config.js';
