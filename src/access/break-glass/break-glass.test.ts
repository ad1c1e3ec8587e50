import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { randomBytes, randomId } from '../../crypto/index.js';
import { isSottoError, type ErrorCode } from '../../errors/index.js';
import type { MetadataStore } from '../../store/meta/metadata-store.js';
import { openPostgresStore } from '../../store/meta/postgres.js';
import { openSqliteStore } from '../../store/meta/sqlite.js';
import { createTestSchema, postgresSkipReason } from '../../../test/support/postgres.js';
import type { AuthorizationRequest } from '../decision.js';
import { loadPolicy, type PolicyAuthorizer } from '../policy/index.js';
import { LOCAL_OPERATOR, type Principal } from '../principal.js';
import { BreakGlass, SqlBreakGlassGrantRepository, type BreakGlassGrant } from './index.js';

const MINUTE = 60_000;
const START = Date.parse('2026-03-01T12:00:00.000Z');
const UNREDACTED = 'transcript.view_unredacted';
const REASON = '  Caller disputes a card payment; need the exact digits read back.  ';

async function rejectsWith(work: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(isSottoError(err), `expected ${code}, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

interface Backend {
  store: MetadataStore;
  cleanup(): Promise<void>;
}

const postgresSkip = await postgresSkipReason();

describeBreakGlass('SQLite', false, async () => {
  const store = await openSqliteStore({ path: ':memory:' });
  return { store, cleanup: () => store.close() };
});

describeBreakGlass('PostgreSQL', postgresSkip, async () => {
  const schema = await createTestSchema();
  const store = await openPostgresStore({ url: schema.url, schema: schema.name });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await schema.drop();
    },
  };
});

function describeBreakGlass(name: string, skip: string | false, open: () => Promise<Backend>): void {
  void describe(`break-glass on ${name}`, { skip }, () => {
    let backend: Backend;
    let policy: PolicyAuthorizer;
    let breakGlass: BreakGlass;
    let grants: SqlBreakGlassGrantRepository;
    let clock = START;
    let tenant: string;
    let otherTenant: string;
    const now = () => new Date(clock);
    const person = (role: string, tenantId = tenant): Principal => ({ id: randomId('usr'), kind: 'user', tenantId, roles: [role] });

    before(async () => {
      backend = await open();
      await backend.store.migrate();
      policy = await loadPolicy();
      grants = new SqlBreakGlassGrantRepository(backend.store.sql);
      breakGlass = new BreakGlass({ grants, authorizer: policy, now });
      [tenant, otherTenant] = [randomId('ten'), randomId('ten')];
      for (const id of [tenant, otherTenant]) {
        await backend.store.tenants.create({
          id,
          createdAt: new Date(START).toISOString(),
          pseudonymKey: { provider: 'local', keyId: 'tenant-kek', version: 1, ciphertext: randomBytes(60) },
        });
      }
    });
    after(async () => {
      await backend?.cleanup();
    });

    /** What the gateway does: look the grant up for this request, then decide. */
    async function decide(principal: Principal, resourceId: string | null, tenantId = tenant) {
      const at = now();
      const grant = await breakGlass.active(principal, UNREDACTED, tenantId, resourceId, at);
      const request: AuthorizationRequest = {
        principal,
        permission: UNREDACTED,
        resource: { tenantId, type: 'transcript', id: resourceId },
        context: grant ? { now: at, breakGlassGrant: grant } : { now: at },
      };
      return policy.authorize(request);
    }

    void describe('when an eligible person asks with a reason', () => {
      let officer: Principal;
      let grant: BreakGlassGrant;
      before(async () => {
        clock = START;
        officer = person('compliance_officer');
        grant = await breakGlass.request(officer, { tenantId: tenant, reason: REASON });
      });

      void it('stores a grant for 15 minutes by default with the trimmed reason', async () => {
        assert.match(grant.id, /^bg_[A-Za-z0-9_-]{22}$/);
        assert.equal(grant.reason, REASON.trim());
        assert.equal(grant.permission, UNREDACTED);
        assert.equal(grant.resourceId, null);
        assert.equal(Date.parse(grant.expiresAt) - Date.parse(grant.createdAt), 15 * MINUTE);
        assert.deepEqual(await grants.get(grant.id), grant);
      });

      void it('lets the holder read unredacted content, flagged with the grant', async () => {
        const decision = await decide(officer, 'call_1');
        assert.equal(decision.allowed, true);
        assert.deepEqual(decision.breakGlass, { grantId: grant.id, expiresAt: grant.expiresAt });
      });

      void it('hands the gateway the grant without its reason (the audit log gets only the id)', async () => {
        const ref = await breakGlass.active(officer, UNREDACTED, tenant, 'call_1', now());
        assert.ok(ref);
        assert.equal(JSON.stringify(ref).includes('disputes'), false);
        assert.deepEqual(Object.keys(ref).sort(), ['expiresAt', 'grantId', 'permission', 'principalId', 'resourceId', 'tenantId']);
      });

      void it('does not let another person of the same role ride on it', async () => {
        assert.equal((await decide(person('compliance_officer'), 'call_1')).reason, 'break-glass required');
      });

      void it('is not found for the holder in another tenant', async () => {
        assert.equal(await breakGlass.active(LOCAL_OPERATOR, UNREDACTED, otherTenant, 'call_1', now()), undefined);
        assert.equal(await breakGlass.active({ ...officer, tenantId: otherTenant }, UNREDACTED, tenant, 'call_1', now()), undefined);
      });

      void it('is listed among the tenant’s active grants', async () => {
        const active = await grants.listActive(tenant, now().toISOString());
        assert.ok(active.some((g) => g.id === grant.id));
        assert.deepEqual(await grants.listActive(otherTenant, now().toISOString()), []);
      });

      void it('expires: a minute before it works, at its end it is gone and denied', async () => {
        clock = START + 14 * MINUTE;
        assert.equal((await decide(officer, 'call_1')).allowed, true);
        clock = START + 15 * MINUTE;
        assert.equal(await breakGlass.active(officer, UNREDACTED, tenant, 'call_1', now()), undefined);
        assert.equal((await decide(officer, 'call_1')).reason, 'break-glass required');
        clock = START;
      });
    });

    void describe('when the policy looks at a grant fetched before it expired', () => {
      void it('denies it as expired', async () => {
        clock = START;
        const officer = person('compliance_officer');
        await breakGlass.request(officer, { tenantId: tenant, reason: REASON, durationMs: 5 * MINUTE });
        const ref = await breakGlass.active(officer, UNREDACTED, tenant, 'call_1', now());
        assert.ok(ref);
        const decision = policy.authorize({
          principal: officer,
          permission: UNREDACTED,
          resource: { tenantId: tenant, type: 'transcript', id: 'call_1' },
          context: { now: new Date(START + 5 * MINUTE), breakGlassGrant: ref },
        });
        assert.equal(decision.reason, 'break-glass expired');
        assert.equal(decision.allowed, false);
      });
    });

    void describe('when a grant is scoped to one call', () => {
      void it('covers that call only, and not tenant-level requests', async () => {
        clock = START;
        const officer = person('compliance_officer');
        await breakGlass.request(officer, { tenantId: tenant, reason: REASON, resourceId: 'call_7' });
        assert.equal((await decide(officer, 'call_7')).allowed, true);
        assert.equal((await decide(officer, 'call_8')).reason, 'break-glass required');
        assert.equal((await decide(officer, null)).reason, 'break-glass required');
      });

      void it('is preferred over a tenant-wide grant for that call', async () => {
        clock = START;
        const officer = person('compliance_officer');
        await breakGlass.request(officer, { tenantId: tenant, reason: REASON, durationMs: 60 * MINUTE });
        const scoped = await breakGlass.request(officer, { tenantId: tenant, reason: REASON, resourceId: 'call_9' });
        assert.equal((await breakGlass.active(officer, UNREDACTED, tenant, 'call_9', now()))?.grantId, scoped.id);
      });
    });

    void describe('when a grant is revoked', () => {
      void it('by its holder: it no longer covers anything; revoking again keeps the first time', async () => {
        clock = START;
        const officer = person('compliance_officer');
        const grant = await breakGlass.request(officer, { tenantId: tenant, reason: REASON });
        clock = START + MINUTE;
        const revoked = await breakGlass.revoke(officer, grant.id);
        assert.equal(revoked.revokedAt, new Date(START + MINUTE).toISOString());
        assert.equal((await decide(officer, 'call_1')).reason, 'break-glass required');
        clock = START + 2 * MINUTE;
        assert.equal((await breakGlass.revoke(officer, grant.id)).revokedAt, revoked.revokedAt);
        clock = START;
      });

      void it('by someone who manages the tenant’s users: allowed', async () => {
        const grant = await breakGlass.request(person('compliance_officer'), { tenantId: tenant, reason: REASON });
        assert.ok((await breakGlass.revoke(person('admin'), grant.id)).revokedAt);
      });

      void it('by anyone else: ACCESS_DENIED; from another tenant: NOT_FOUND', async () => {
        const grant = await breakGlass.request(person('compliance_officer'), { tenantId: tenant, reason: REASON });
        await rejectsWith(breakGlass.revoke(person('supervisor'), grant.id), 'ACCESS_DENIED');
        await rejectsWith(breakGlass.revoke(person('admin', otherTenant), grant.id), 'NOT_FOUND');
        await rejectsWith(breakGlass.revoke(person('admin'), 'bg_missing'), 'NOT_FOUND');
        assert.equal((await grants.get(grant.id))?.revokedAt, undefined);
      });
    });

    void describe('when the request is refused', () => {
      void it('throws ACCESS_DENIED for a role without a break-glass path, before looking at the reason', async () => {
        for (const role of ['supervisor', 'analyst', 'auditor', 'developer', 'admin']) {
          await rejectsWith(breakGlass.request(person(role), { tenantId: tenant, reason: '' }), 'ACCESS_DENIED');
        }
      });

      void it('throws ACCESS_DENIED for a service token, even an owner one', async () => {
        const token: Principal = { id: randomId('tok'), kind: 'service', tenantId: tenant, roles: ['owner'] };
        await rejectsWith(breakGlass.request(token, { tenantId: tenant, reason: REASON }), 'ACCESS_DENIED');
      });

      void it('throws ACCESS_DENIED for another tenant', async () => {
        await rejectsWith(breakGlass.request(person('compliance_officer'), { tenantId: otherTenant, reason: REASON }), 'ACCESS_DENIED');
      });

      void it('throws BREAK_GLASS_REASON_REQUIRED without a real reason', async () => {
        for (const reason of ['', '   ', 'because', '  short   ', undefined as unknown as string]) {
          await rejectsWith(breakGlass.request(person('owner'), { tenantId: tenant, reason }), 'BREAK_GLASS_REASON_REQUIRED');
        }
      });

      void it('throws USAGE for a duration over the maximum, a reason too long, or a malformed resource id', async () => {
        const officer = person('compliance_officer');
        await rejectsWith(breakGlass.request(officer, { tenantId: tenant, reason: REASON, durationMs: 61 * MINUTE }), 'USAGE');
        await rejectsWith(breakGlass.request(officer, { tenantId: tenant, reason: REASON, durationMs: 0 }), 'USAGE');
        await rejectsWith(breakGlass.request(officer, { tenantId: tenant, reason: 'x'.repeat(1001) }), 'USAGE');
        await rejectsWith(breakGlass.request(officer, { tenantId: tenant, reason: REASON, resourceId: '../etc' }), 'USAGE');
      });

      void it('throws NOT_FOUND when the local operator names a tenant that does not exist', async () => {
        await rejectsWith(breakGlass.request(LOCAL_OPERATOR, { tenantId: 'ten_nowhere', reason: REASON }), 'NOT_FOUND');
      });
    });

    void describe('when the durations are configured', () => {
      void it('uses the configured default and maximum', async () => {
        const short = new BreakGlass({ grants, authorizer: policy, now, settings: { defaultDurationMs: 2 * MINUTE, maxDurationMs: 5 * MINUTE } });
        const grant = await short.request(person('owner'), { tenantId: tenant, reason: REASON });
        assert.equal(Date.parse(grant.expiresAt) - Date.parse(grant.createdAt), 2 * MINUTE);
        await rejectsWith(short.request(person('owner'), { tenantId: tenant, reason: REASON, durationMs: 6 * MINUTE }), 'USAGE');
      });

      void it('refuses a default above the maximum, or days-long grants', () => {
        assert.throws(() => new BreakGlass({ grants, authorizer: policy, settings: { defaultDurationMs: 10 * MINUTE, maxDurationMs: 5 * MINUTE } }), (e: unknown) => isSottoError(e, 'CONFIG_INVALID'));
        assert.throws(() => new BreakGlass({ grants, authorizer: policy, settings: { maxDurationMs: 48 * 60 * MINUTE } }), (e: unknown) => isSottoError(e, 'CONFIG_INVALID'));
      });
    });
  });
}
