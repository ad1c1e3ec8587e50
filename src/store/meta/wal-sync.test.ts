import assert from 'node:assert/strict';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { isSottoError } from '../../errors/index.js';
import { openSqliteStore } from './sqlite.js';
import { WalSync } from './wal-sync.js';

void describe('WalSync: the WAL flushed off the event loop before a write is acknowledged', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sotto-wal-sync-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const walDatabase = (name: string): { db: Database.Database; path: string } => {
    const path = join(dir, name);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE t (v INTEGER)');
    return { db, path };
  };

  void it('lets commits made while a flush runs share the next one, and covers every caller', async () => {
    const { db, path } = walDatabase('group.db');
    const wal = new WalSync(`${path}-wal`);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const acknowledged: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      insert.run(i);
      acknowledged.push(wal.sync());
    }
    await Promise.all(acknowledged);
    // The first commit starts a flush; the 49 made while it runs wait for one more, together.
    assert.equal(wal.flushCount, 2);
    insert.run(50);
    await wal.sync();
    assert.equal(wal.flushCount, 3, 'a commit after the flushes ended gets a flush of its own');
    await wal.close();
    db.close();
  });

  void it('refuses to acknowledge (STORE_UNAVAILABLE) when the WAL cannot be flushed', async () => {
    const { db, path } = walDatabase('gone.db');
    const wal = new WalSync(`${path}-wal`);
    db.prepare('INSERT INTO t (v) VALUES (1)').run();
    await wal.sync();
    await rename(`${path}-wal`, `${path}-moved`);
    await assert.rejects(wal.sync(), (err) => isSottoError(err) && err.code === 'STORE_UNAVAILABLE');
    await rename(`${path}-moved`, `${path}-wal`);
    await wal.sync();
    await wal.close();
    db.close();
  });

  void it('makes every write method of the metadata store wait for the flush (a lost WAL fails the write)', async () => {
    const path = join(dir, 'meta.db');
    const store = await openSqliteStore({ path });
    await store.migrate();
    await store.sql.run('CREATE TABLE wal_probe (v INTEGER)');
    await store.sql.run('INSERT INTO wal_probe (v) VALUES (1)');
    await rename(`${path}-wal`, `${path}-moved`);
    await assert.rejects(
      store.sql.run('INSERT INTO wal_probe (v) VALUES (2)'),
      (err) => isSottoError(err) && err.code === 'STORE_UNAVAILABLE',
    );
    await assert.rejects(
      store.sql.rows('UPDATE wal_probe SET v = 4 RETURNING v'),
      (err) => isSottoError(err) && err.code === 'STORE_UNAVAILABLE',
    );
    assert.deepEqual(await store.sql.rows('SELECT count(*) AS n FROM wal_probe'), [{ n: 2 }], 'a read needs no flush');
    await assert.rejects(
      store.sql.transaction((tx) => tx.run('INSERT INTO wal_probe (v) VALUES (3)')),
      (err) => isSottoError(err) && err.code === 'STORE_UNAVAILABLE',
    );
    await rename(`${path}-moved`, `${path}-wal`);
    await store.close();
  });
});
