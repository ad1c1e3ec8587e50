import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import type { AuthorizationRequest, BreakGlassGrantRef } from '../decision.js';
import { PERMISSIONS, type Permission } from '../permissions.js';
import { LOCAL_OPERATOR, type Principal } from '../principal.js';
import { loadPolicy, type PolicyAuthorizer } from './index.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const officer: Principal = { id: 'usr_co', kind: 'user', tenantId: 'ten_a', roles: ['compliance_officer'] };
const UNREDACTED = 'transcript.view_unredacted';

function ask(principal: Principal, permission: Permission, options: { tenantId?: string; id?: string | null; grant?: BreakGlassGrantRef; now?: Date } = {}): AuthorizationRequest {
  return {
    principal,
    permission,
    resource: { tenantId: options.tenantId ?? 'ten_a', type: 'transcript', id: options.id === undefined ? 'call_1' : options.id },
    context: options.grant ? { now: options.now ?? NOW, breakGlassGrant: options.grant } : { now: options.now ?? NOW },
  };
}

function grant(overrides: Partial<BreakGlassGrantRef> = {}): BreakGlassGrantRef {
  return {
    grantId: 'bg_1',
    principalId: officer.id,
    tenantId: 'ten_a',
    permission: UNREDACTED,
    resourceId: null,
    expiresAt: '2026-03-01T12:15:00.000Z',
    ...overrides,
  };
}

let policy: PolicyAuthorizer;
before(async () => {
  policy = await loadPolicy();
});

void describe('tenant isolation', () => {
  void describe('when a principal of one tenant asks about another tenant’s resource', () => {
    void it('denies every permission as a tenant mismatch, even for the owner', () => {
      const owner: Principal = { id: 'usr_o', kind: 'user', tenantId: 'ten_a', roles: ['owner'] };
      for (const permission of PERMISSIONS) {
        assert.deepEqual(policy.authorize(ask(owner, permission, { tenantId: 'ten_b' })), {
          allowed: false,
          reason: 'tenant mismatch',
          rule: 'tenant-isolation',
        });
      }
    });

    void it('denies even with a break-glass grant issued for that other tenant', () => {
      const decision = policy.authorize(ask(officer, UNREDACTED, { tenantId: 'ten_b', grant: grant({ tenantId: 'ten_b' }) }));
      assert.equal(decision.reason, 'tenant mismatch');
      assert.equal(decision.allowed, false);
    });
  });

  void describe('when the local operator (no tenant) asks', () => {
    void it('acts on any tenant with its owner role', () => {
      for (const tenantId of ['ten_a', 'ten_b']) {
        assert.equal(policy.authorize(ask(LOCAL_OPERATOR, 'recording.listen', { tenantId })).allowed, true);
      }
    });

    void it('still needs break-glass for unredacted transcripts', () => {
      assert.equal(policy.authorize(ask(LOCAL_OPERATOR, UNREDACTED)).reason, 'break-glass required');
    });
  });
});

void describe('roles held by a principal', () => {
  void it('add up: each role contributes its grants', () => {
    const both: Principal = { id: 'usr_x', kind: 'user', tenantId: 'ten_a', roles: ['auditor', 'analyst'] };
    assert.equal(policy.authorize(ask(both, 'audit.read')).reason, 'granted by role auditor');
    assert.equal(policy.authorize(ask(both, 'transcript.view')).reason, 'granted by role analyst');
    assert.equal(policy.authorize(ask(both, 'recording.listen')).allowed, false);
  });

  void it('grant nothing when unknown to the policy', () => {
    const odd: Principal = { id: 'usr_y', kind: 'user', tenantId: 'ten_a', roles: ['superuser', '__proto__', 'constructor'] };
    for (const permission of PERMISSIONS) assert.equal(policy.authorize(ask(odd, permission)).allowed, false);
  });

  void it('deny a permission outside the vocabulary (an untyped caller)', () => {
    const decision = policy.authorize(ask(LOCAL_OPERATOR, 'vault.dump' as Permission));
    assert.deepEqual(decision, { allowed: false, reason: 'unknown permission', rule: null });
  });
});

void describe('break-glass decisions', () => {
  void it('without a grant: denied, break-glass required', () => {
    assert.deepEqual(policy.authorize(ask(officer, UNREDACTED)), {
      allowed: false,
      reason: 'break-glass required',
      rule: 'compliance_officer/transcript.view_unredacted',
    });
  });

  void it('with an active tenant-wide grant: allowed, and the decision carries the grant for the audit entry', () => {
    const decision = policy.authorize(ask(officer, UNREDACTED, { grant: grant() }));
    assert.equal(decision.allowed, true);
    assert.equal(decision.reason, 'granted by role compliance_officer with break-glass');
    assert.deepEqual(decision.breakGlass, { grantId: 'bg_1', expiresAt: '2026-03-01T12:15:00.000Z' });
  });

  void it('with a grant for this very resource: allowed', () => {
    assert.equal(policy.authorize(ask(officer, UNREDACTED, { grant: grant({ resourceId: 'call_1' }) })).allowed, true);
  });

  void it('with an expired grant: denied, break-glass expired (expiry is exclusive)', () => {
    const atExpiry = new Date('2026-03-01T12:15:00.000Z');
    for (const now of [atExpiry, new Date(atExpiry.getTime() + 60_000)]) {
      const decision = policy.authorize(ask(officer, UNREDACTED, { grant: grant(), now }));
      assert.deepEqual(decision, { allowed: false, reason: 'break-glass expired', rule: 'compliance_officer/transcript.view_unredacted' });
    }
    assert.equal(policy.authorize(ask(officer, UNREDACTED, { grant: grant(), now: new Date(atExpiry.getTime() - 1) })).allowed, true);
  });

  void it('with an unparseable expiry: denied as expired, never open-ended', () => {
    assert.equal(policy.authorize(ask(officer, UNREDACTED, { grant: grant({ expiresAt: 'never' }) })).reason, 'break-glass expired');
  });

  const notApplicable: [string, Partial<BreakGlassGrantRef>][] = [
    ['held by another principal', { principalId: 'usr_other' }],
    ['scoped to another resource', { resourceId: 'call_2' }],
    ['for another tenant', { tenantId: 'ten_b' }],
    ['for another permission', { permission: 'recording.listen' }],
  ];
  for (const [what, overrides] of notApplicable) {
    void it(`with a grant ${what}: denied, the grant does not apply`, () => {
      const decision = policy.authorize(ask(officer, UNREDACTED, { grant: grant(overrides) }));
      assert.deepEqual(decision, {
        allowed: false,
        reason: 'break-glass grant does not apply',
        rule: 'compliance_officer/transcript.view_unredacted',
      });
    });
  }

  void it('a resource-scoped grant does not cover a tenant-level request (no resource id)', () => {
    assert.equal(policy.authorize(ask(officer, UNREDACTED, { id: null, grant: grant({ resourceId: 'call_1' }) })).allowed, false);
  });

  void it('a grant does not help a role the policy gives no break-glass path', () => {
    const supervisor: Principal = { id: 'usr_s', kind: 'user', tenantId: 'ten_a', roles: ['supervisor'] };
    const decision = policy.authorize(ask(supervisor, UNREDACTED, { grant: grant({ principalId: 'usr_s' }) }));
    assert.deepEqual(decision, { allowed: false, reason: 'no role grants transcript.view_unredacted', rule: null });
  });
});

void describe('who may ask for break-glass', () => {
  void it('a person whose role grants the permission with requires: break_glass', () => {
    assert.deepEqual(policy.breakGlassEligibility(officer, UNREDACTED, 'ten_a'), {
      allowed: true,
      reason: 'eligible by role compliance_officer',
      rule: 'compliance_officer/transcript.view_unredacted',
    });
  });

  void it('not a service, whatever its role', () => {
    const token: Principal = { id: 'tok_1', kind: 'service', tenantId: 'ten_a', roles: ['owner'] };
    assert.equal(policy.breakGlassEligibility(token, UNREDACTED, 'ten_a').reason, 'services cannot break glass');
  });

  void it('not in another tenant', () => {
    assert.equal(policy.breakGlassEligibility(officer, UNREDACTED, 'ten_b').reason, 'tenant mismatch');
  });

  void it('not for a permission no role of theirs grants with break-glass', () => {
    const analyst: Principal = { id: 'usr_an', kind: 'user', tenantId: 'ten_a', roles: ['analyst'] };
    assert.equal(policy.breakGlassEligibility(analyst, UNREDACTED, 'ten_a').reason, 'no role grants transcript.view_unredacted with break-glass');
    assert.equal(policy.breakGlassEligibility(officer, 'recording.listen', 'ten_a').allowed, false);
  });
});

void describe('describing the policy for a reviewer', () => {
  void it('lists every role with its grants and the reason for each', () => {
    const description = policy.describe();
    assert.match(description.digest, /^[0-9a-f]{64}$/);
    assert.deepEqual(description.roles.map((r) => r.role), ['owner', 'admin', 'compliance_officer', 'supervisor', 'analyst', 'auditor', 'developer']);
    for (const role of description.roles) {
      for (const g of role.grants) assert.ok(g.why.length >= 10, `${role.role} ${g.permission} explains itself`);
    }
    const unredacted = description.roles.flatMap((r) => r.grants).filter((g) => g.permission === UNREDACTED);
    assert.ok(unredacted.length > 0 && unredacted.every((g) => g.requires === 'break_glass'));
  });

  void it('explains a role in one line per grant, and says so when a role grants nothing', () => {
    const lines = policy.explain('compliance_officer');
    assert.ok(lines.some((l) => l.startsWith('compliance_officer transcript.view_unredacted: allowed only with break-glass.')));
    assert.deepEqual(policy.explain('developer').map((l) => l.split(':')[0]), ['developer call.connect']);
    assert.match(policy.explain('superuser').join('\n'), /grants nothing/);
  });
});
