export { IncidentRegister } from './register.js';
export type { IncidentRegisterDeps, IncidentView } from './register.js';
export { REGIMES, SEVERITIES, INCIDENT_STATUSES } from './types.js';
export type { Incident, IncidentChanges, IncidentStatus, OpenIncidentRequest, Regime, Severity } from './types.js';
export { notificationDeadlines, recipientsOf } from './deadlines.js';
export type { NotificationDeadline, NotificationRecord, NotificationStatus } from './deadlines.js';
export { AUDIT_CLOCK_SKEW_MS, DEPLOYMENT_SCOPE, incidentImpact } from './impact.js';
export type { AuditEntrySource, IncidentImpact } from './impact.js';
