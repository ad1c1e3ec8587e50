/** Everything a principal can be allowed to do. Policies grant these to roles. */
export const PERMISSIONS = [
  'call.view', // call records and metadata (no content)
  'recording.listen',
  'transcript.view', // redacted transcript
  'transcript.view_unredacted', // only with an active break-glass grant
  'call.export',
  'call.delete',
  'retention.manage',
  'keys.manage',
  'audit.read',
  'users.manage',
  'incident.manage', // the incident register and its notification deadlines
  'subprocessors.manage', // which outside providers a tenant's calls may use
  'call.connect', // mint a one-time token that lets a media stream (a call) into the tenant
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['owner', 'admin', 'compliance_officer', 'supervisor', 'analyst', 'auditor', 'developer'] as const;

export type Role = (typeof ROLES)[number];
