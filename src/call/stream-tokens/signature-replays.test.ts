// Accepted Twilio signatures shared through the metadata store (SQLite and PostgreSQL): each
// once within the window, whichever process sees it; on PostgreSQL two store connections (as two
// server processes have) race to claim one signature.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backends, type IdentityFixture } from '../../access/identity/identity-fixture.js';
import { openPostgresStore } from '../../store/meta/postgres.js';
import { openSqliteStore } from '../../store/meta/sqlite.js';
import { TEST_POSTGRES_URL } from '../../../test/support/postgres.js';
import { SqlSignatureReplays } from './signature-replays.js';

const WINDOW_MS = 60 * 60_000;

for (const backend of await backends()) {
  describe(`Twilio signature replays on ${backend.name}`, { skip: backend.skip }, () => {
    let fx: IdentityFixture;
    let replays: SqlSignatureReplays;
    const now = (): number => fx.clock.now().getTime();
    before(async () => {
      fx = await backend.open();
      replays = new SqlSignatureReplays(fx.store.sql, WINDOW_MS, now);
    });
    after(async () => fx?.close());

    it('accepts a signature once, refuses it again within the window, and stores only its hash', async () => {
      const signature = 'tY0VvZ0c0Xv6m4a2s9Cq3k5eQwE=';
      assert.equal(await replays.claim(signature), true);
      assert.equal(await replays.claim(signature), false);
      assert.equal(await replays.claim(`${signature}x`), true, 'another signature is its own');
      const dump = JSON.stringify(await fx.store.sql.rows('SELECT * FROM media_signature_claims'));
      assert.ok(!dump.includes(signature), 'the signature itself is not stored');
    });

    it('accepts it again once the window has passed (the claim is renewed, not duplicated)', async () => {
      const signature = 'window-signature';
      assert.equal(await replays.claim(signature), true);
      fx.clock.advance(WINDOW_MS - 1);
      assert.equal(await replays.claim(signature), false);
      fx.clock.advance(1);
      assert.equal(await replays.claim(signature), true);
      assert.equal(await replays.claim(signature), false);
      fx.clock.advance(WINDOW_MS);
    });

    it('forgets expired claims (pruned by the next claimer), keeping live ones', async () => {
      await replays.claim('old-1');
      fx.clock.advance(WINDOW_MS + 60_000);
      await replays.claim('fresh-1');
      const rows = await fx.store.sql.rows<{ n: number | string }>('SELECT count(*) AS n FROM media_signature_claims');
      assert.equal(Number(rows[0]?.n), 1, 'only the fresh claim is left');
    });

    it('refuses a replay that reaches another process on the same store', async () => {
      const other = await openOther(fx);
      try {
        const there = new SqlSignatureReplays(other.sql, WINDOW_MS, now);
        for (let round = 0; round < 20; round++) {
          const signature = `race-${round}`;
          const results = await Promise.all([replays.claim(signature), there.claim(signature), replays.claim(signature), there.claim(signature)]);
          assert.equal(results.filter(Boolean).length, 1, `round ${round}: ${results.join(',')}`);
        }
      } finally {
        await other.close();
      }
    });
  });
}

/** A second connection to the fixture's store, as a second server process would open. */
async function openOther(fx: IdentityFixture): Promise<{ sql: IdentityFixture['store']['sql']; close(): Promise<void> }> {
  if (fx.backend === 'PostgreSQL') {
    const [row] = await fx.store.sql.rows<{ schema: string }>('SELECT current_schema() AS schema');
    assert.ok(row);
    return openPostgresStore({ url: TEST_POSTGRES_URL, schema: row.schema });
  }
  const [file] = await fx.store.sql.rows<{ file: string }>("SELECT file FROM pragma_database_list WHERE name = 'main'");
  assert.ok(file?.file);
  return openSqliteStore({ path: file.file });
}
