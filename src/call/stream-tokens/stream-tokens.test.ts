// Stream tokens on both metadata stores: one use, short life, bound to a tenant, stored only as
// a hash; on PostgreSQL two store connections (as two server processes have) race for one token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backends, type IdentityFixture } from '../../access/identity/identity-fixture.js';
import { isSottoError, type ErrorCode } from '../../errors/index.js';
import { openPostgresStore } from '../../store/meta/postgres.js';
import { TEST_POSTGRES_URL } from '../../../test/support/postgres.js';
import { StreamTokens } from './stream-tokens.js';

const refusedWith = (code: ErrorCode) => (err: unknown) => isSottoError(err, code);

for (const backend of await backends()) {
  describe(`stream tokens on ${backend.name}`, { skip: backend.skip }, () => {
    let fx: IdentityFixture;
    let tokens: StreamTokens;
    let tenant: string;
    before(async () => {
      fx = await backend.open();
      tokens = new StreamTokens(fx.store.sql, fx.clock.now);
      tenant = await fx.newTenant();
    });
    after(async () => fx?.close());

    it('when minted, is a sotto_m_ token stored only as its SHA-256, expiring after 5 minutes by default', async () => {
      const minted = await tokens.mint({ tenantId: tenant, createdBy: 'local-operator' });
      assert.match(minted.token, /^sotto_m_[A-Za-z0-9_-]{43}$/);
      assert.equal(Date.parse(minted.expiresAt) - fx.clock.now().getTime(), 5 * 60_000);
      const rows = await fx.store.sql.rows<Record<string, unknown>>('SELECT * FROM stream_tokens');
      const dump = JSON.stringify(rows);
      assert.ok(!dump.includes(minted.token.slice('sotto_m_'.length)), 'the token itself is not stored');
      assert.ok(rows.some((r) => r.id === minted.id && typeof r.token_hash === 'string' && /^[0-9a-f]{64}$/.test(r.token_hash)));
    });

    it('when consumed, grants its tenant and agent once; a second use is TRANSPORT_STREAM_TOKEN_USED', async () => {
      const minted = await tokens.mint({ tenantId: tenant, agent: 'card-payment', createdBy: 'u1' });
      const grant = await tokens.consume(minted.token);
      assert.equal(grant.tenantId, tenant);
      assert.equal(grant.agent, 'card-payment');
      await assert.rejects(tokens.consume(minted.token), refusedWith('TRANSPORT_STREAM_TOKEN_USED'));
    });

    it('when expired, is TRANSPORT_STREAM_TOKEN_EXPIRED and stays unusable', async () => {
      const minted = await tokens.mint({ tenantId: tenant, ttlSeconds: 60, createdBy: 'u1' });
      fx.clock.advance(60_000);
      await assert.rejects(tokens.consume(minted.token), refusedWith('TRANSPORT_STREAM_TOKEN_EXPIRED'));
      fx.clock.advance(-30_000);
      // Back inside its life it is still unused: the refusal did not consume it, time did not either.
      assert.equal((await tokens.consume(minted.token)).tenantId, tenant);
      fx.clock.advance(30_000);
    });

    it('when not a stream token (an API or session token, a forgery, an unknown one), is TRANSPORT_AUTH_FAILED', async () => {
      const created = await fx.identity.createApiToken({ tenantId: tenant, role: 'developer' });
      for (const token of [created.token, `sotto_s_${'a'.repeat(43)}`, `sotto_m_${'a'.repeat(43)}`, 'sotto_m_short', '', 'x'.repeat(5000)]) {
        await assert.rejects(tokens.consume(token), refusedWith('TRANSPORT_AUTH_FAILED'), token.slice(0, 12));
      }
    });

    it('when the lifetime, agent or tenant is wrong, refuses to mint (USAGE, NOT_FOUND for a missing tenant)', async () => {
      for (const ttlSeconds of [0, -1, 3601, 1.5, Number.NaN]) {
        await assert.rejects(tokens.mint({ tenantId: tenant, ttlSeconds, createdBy: 'u1' }), refusedWith('USAGE'), String(ttlSeconds));
      }
      for (const agent of ['../flows/x.yaml', 'Card', '', 'a'.repeat(65)]) {
        await assert.rejects(tokens.mint({ tenantId: tenant, agent, createdBy: 'u1' }), refusedWith('USAGE'), agent);
      }
      await assert.rejects(tokens.mint({ tenantId: 'BAD TENANT', createdBy: 'u1' }), refusedWith('USAGE'));
      await assert.rejects(tokens.mint({ tenantId: 'no-such-tenant', createdBy: 'u1' }), refusedWith('NOT_FOUND'));
      const minted = await tokens.mint({ tenantId: tenant, ttlSeconds: 3600, createdBy: 'u1' });
      assert.equal(Date.parse(minted.expiresAt) - fx.clock.now().getTime(), 3_600_000);
    });

    it('when presented 20 times at once, admits exactly one', async () => {
      const minted = await tokens.mint({ tenantId: tenant, createdBy: 'u1' });
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => tokens.consume(minted.token)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    });

    if (backend.name === 'PostgreSQL') {
      it('when two store connections (two server processes) race for one token 20 times, exactly one wins each time', async () => {
        const [row] = await fx.store.sql.rows<{ schema: string }>('SELECT current_schema() AS schema');
        assert.ok(row);
        const other = await openPostgresStore({ url: TEST_POSTGRES_URL, schema: row.schema });
        try {
          const there = new StreamTokens(other.sql, fx.clock.now);
          for (let round = 0; round < 20; round++) {
            const minted = await tokens.mint({ tenantId: tenant, createdBy: 'u1' });
            const results = await Promise.allSettled([tokens.consume(minted.token), there.consume(minted.token), tokens.consume(minted.token), there.consume(minted.token)]);
            const won = results.filter((r) => r.status === 'fulfilled').length;
            assert.equal(won, 1, `round ${round}: ${won} connections were admitted`);
            for (const r of results) if (r.status === 'rejected') assert.ok(isSottoError(r.reason, 'TRANSPORT_STREAM_TOKEN_USED'));
          }
        } finally {
          await other.close();
        }
      });
    }
  });
}
