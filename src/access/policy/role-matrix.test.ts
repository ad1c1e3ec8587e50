// Every role × every permission of policies/default.yaml against a matrix written out by hand
// here, so a change to who may do what has to be made, and reviewed, in two places.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import type { BreakGlassGrantRef } from '../decision.js';
import { PERMISSIONS, ROLES, type Permission, type Role } from '../permissions.js';
import type { Principal } from '../principal.js';
import { loadPolicy, type PolicyAuthorizer } from './index.js';

type Cell = 'yes' | 'BG' | '-'; // allowed | only with break-glass | denied

const COLUMNS = [
  'call.view', 'recording.listen', 'transcript.view', 'transcript.view_unredacted', 'call.export',
  'call.delete', 'retention.manage', 'keys.manage', 'audit.read', 'users.manage', 'incident.manage',
  'subprocessors.manage', 'call.connect',
] as const;

// prettier-ignore
const EXPECTED: Record<Role, readonly Cell[]> = {
  //                  call.view recording transcript unredacted export  delete  retention keys   audit   users  incident subproc connect
  owner:              ['yes',   'yes',    'yes',     'BG',      'yes',  'yes',  'yes',    'yes', 'yes',  'yes', 'yes',   'yes', 'yes'],
  admin:              ['yes',   '-',      '-',       '-',       '-',    '-',    '-',      'yes', 'yes',  'yes', '-',     '-', 'yes'],
  compliance_officer: ['yes',   'yes',    'yes',     'BG',      'yes',  'yes',  'yes',    '-',   'yes',  '-',   'yes',   'yes', '-'],
  supervisor:         ['yes',   'yes',    'yes',     '-',       '-',    '-',    '-',      '-',   '-',    '-',   '-',     '-', '-'],
  analyst:            ['yes',   '-',      'yes',     '-',       '-',    '-',    '-',      '-',   '-',    '-',   '-',     '-', '-'],
  auditor:            ['yes',   '-',      '-',       '-',       '-',    '-',    '-',      '-',   'yes',  '-',   '-',     '-', '-'],
  developer:          ['-',     '-',      '-',       '-',       '-',    '-',    '-',      '-',   '-',    '-',   '-',     '-', 'yes'],
};

const NOW = new Date('2026-03-01T12:00:00.000Z');
const TENANT = 'ten_a';

const person = (role: Role): Principal => ({ id: `usr_${role}`, kind: 'user', tenantId: TENANT, roles: [role] });
const request = (principal: Principal, permission: Permission, breakGlassGrant?: BreakGlassGrantRef) => ({
  principal,
  permission,
  resource: { tenantId: TENANT, type: 'call', id: 'call_1' },
  context: breakGlassGrant ? { now: NOW, breakGlassGrant } : { now: NOW },
});
const grantFor = (principal: Principal, permission: Permission): BreakGlassGrantRef => ({
  grantId: 'bg_1',
  principalId: principal.id,
  tenantId: TENANT,
  permission,
  resourceId: null,
  expiresAt: '2026-03-01T12:15:00.000Z',
});

void describe('the default policy, role by permission', () => {
  let policy: PolicyAuthorizer;
  before(async () => {
    policy = await loadPolicy();
  });

  void it('is checked against a matrix that covers every role and every permission', () => {
    assert.deepEqual([...COLUMNS], [...PERMISSIONS]);
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...ROLES].sort());
  });

  for (const role of ROLES) {
    COLUMNS.forEach((permission, i) => {
      const expected = EXPECTED[role][i];
      void it(`${role} ${permission}: ${expected}`, () => {
        const principal = person(role);
        const plain = policy.authorize(request(principal, permission));
        const withGrant = policy.authorize(request(principal, permission, grantFor(principal, permission)));
        if (expected === 'yes') {
          assert.deepEqual(plain, { allowed: true, reason: `granted by role ${role}`, rule: `${role}/${permission}` });
          assert.equal(withGrant.breakGlass, undefined, 'an unconditional grant does not ride on break-glass');
        } else if (expected === 'BG') {
          assert.deepEqual(plain, { allowed: false, reason: 'break-glass required', rule: `${role}/${permission}` });
          assert.deepEqual(withGrant, {
            allowed: true,
            reason: `granted by role ${role} with break-glass`,
            rule: `${role}/${permission}`,
            breakGlass: { grantId: 'bg_1', expiresAt: '2026-03-01T12:15:00.000Z' },
          });
        } else {
          assert.deepEqual(plain, { allowed: false, reason: `no role grants ${permission}`, rule: null });
          assert.deepEqual(withGrant, plain, 'a grant does not add a permission the role lacks');
        }
      });
    });
  }
});
