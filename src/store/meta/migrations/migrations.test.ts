import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isSottoError } from '../../../errors/index.js';
import { pendingMigrations, type Migration } from './migration.js';
import { POSTGRES_MIGRATIONS } from './postgres.js';
import { SQLITE_MIGRATIONS } from './sqlite.js';

const known: Migration[] = [
  { version: 1, name: 'vault', sql: '' },
  { version: 2, name: 'calls', sql: '' },
];

const failsWith = (code: string) => (err: unknown) => isSottoError(err) && err.code === code;

void describe('the shipped migration lists', () => {
  void it('give both backends the same versions under the same names', () => {
    const shape = (list: readonly Migration[]) => list.map(({ version, name }) => ({ version, name }));
    assert.deepEqual(shape(SQLITE_MIGRATIONS), shape(POSTGRES_MIGRATIONS));
    assert.deepEqual(pendingMigrations(SQLITE_MIGRATIONS, []), SQLITE_MIGRATIONS);
  });
});

void describe('when planning migrations', () => {
  void it('returns those not yet recorded, in order', () => {
    assert.deepEqual(pendingMigrations(known, [{ version: 1, name: 'vault' }]), [known[1]]);
  });

  void it('throws STORE_MIGRATION_FAILED when a version is recorded under another name', () => {
    assert.throws(() => pendingMigrations(known, [{ version: 1, name: 'other' }]), failsWith('STORE_MIGRATION_FAILED'));
  });

  void it('throws STORE_MIGRATION_FAILED when the database is newer than this build', () => {
    assert.throws(() => pendingMigrations(known, [{ version: 3, name: 'later' }]), failsWith('STORE_MIGRATION_FAILED'));
  });

  void it('throws STORE_MIGRATION_FAILED when the list is out of order', () => {
    assert.throws(() => pendingMigrations([...known].reverse(), []), failsWith('STORE_MIGRATION_FAILED'));
  });
});

