// The role → permission matrix of policies/default.yaml, written out by hand on purpose: a
// change to the policy fails the authorization table until it is reviewed here as well.
import type { Permission, Role } from '../../../src/access/index.js';

export const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: [
    'call.view',
    'recording.listen',
    'transcript.view',
    'call.export',
    'call.delete',
    'retention.manage',
    'keys.manage',
    'audit.read',
    'users.manage',
    'incident.manage',
    'subprocessors.manage',
    'call.connect',
  ],
  admin: ['call.view', 'users.manage', 'keys.manage', 'audit.read', 'call.connect'],
  compliance_officer: [
    'call.view',
    'recording.listen',
    'transcript.view',
    'call.export',
    'call.delete',
    'retention.manage',
    'audit.read',
    'incident.manage',
    'subprocessors.manage',
  ],
  supervisor: ['call.view', 'recording.listen', 'transcript.view'],
  analyst: ['call.view', 'transcript.view'],
  auditor: ['audit.read', 'call.view'],
  developer: ['call.connect'],
};

/** Granted only with `requires: break_glass`; only people (never API tokens) may break glass. */
export const BREAK_GLASS_GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: ['transcript.view_unredacted'],
  admin: [],
  compliance_officer: ['transcript.view_unredacted'],
  supervisor: [],
  analyst: [],
  auditor: [],
  developer: [],
};
