import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../access/index.js';
import { isSottoError } from '../errors/index.js';
import { openLifecycleFixture, type LifecycleFixture } from './fixtures/lifecycle-fixture.js';

const notFound = (err: unknown) => isSottoError(err, 'ARTIFACT_NOT_FOUND');

async function ledger(fx: LifecycleFixture, id: string) {
  const [row] = await fx.store.sql.rows<{ cause: string; completed_at: string | null; audit_index: number | null }>(
    'SELECT cause, completed_at, audit_index FROM deletions WHERE item_id = ?',
    [id],
  );
  return row;
}

describe('the retention sweep', () => {
  let fx: LifecycleFixture;
  before(async () => {
    fx = await openLifecycleFixture();
  });
  after(() => fx.close());

  describe('when artifacts and call records outlive their tenant’s periods', () => {
    const ids: Record<string, string> = {};
    before(async () => {
      await fx.vault.subjects.ensureTenant('acme');
      await fx.lifecycle.setRetention(LOCAL_OPERATOR, { tenantId: 'acme', dataClass: 'transcript', days: 10 }, CLI_CONTEXT);
      ids.oldRecording = await fx.put('acme', '+15550001', 'recording');
      ids.oldTranscript = await fx.put('acme', '+15550001', 'transcript');
      ids.oldExport = await fx.put('acme', '+15550001', 'export');
      ids.oldCall = await fx.call('acme', '+15550001', { recording: ids.oldRecording, transcript: ids.oldTranscript });
      fx.advanceDays(20);
      ids.newRecording = await fx.put('acme', '+15550002', 'recording');
      ids.newTranscript = await fx.put('acme', '+15550002', 'transcript');
      ids.newCall = await fx.call('acme', '+15550002');
      fx.advanceDays(15); // old ones: 35 days; new ones: 15 days
    });

    it('deletes exactly what expired: recording (30 d), transcript (10 d), export (7 d); keeps the rest', async () => {
      const report = await fx.lifecycle.sweep();
      assert.deepEqual(report.deleted, { recording: 1, transcript: 2, call_record: 0, export: 1 });
      for (const id of [ids.oldRecording, ids.oldTranscript, ids.oldExport, ids.newTranscript]) await assert.rejects(fx.read(id as string), notFound);
      assert.equal((await fx.read(ids.newRecording as string)).toString(), 'content of a recording');
      assert.ok(await fx.calls.get(ids.oldCall as string), 'call records are kept a year by default');
    });

    it('removes each blob and erases each wrapped data key, keeping a tombstone', async () => {
      const row = await fx.store.artifacts.get(ids.oldRecording as string);
      assert.ok(row?.deletedAt);
      assert.equal(row.wrappedDataKey.length, 0);
      assert.equal(existsSync(join(fx.blobRoot, row.blobKey)), false);
    });

    it('audits every deletion as the retention sweeper, and the ledger names the entry', async () => {
      const entries = await fx.auditEntries();
      const deletions = entries.filter((e) => e.entry.action === 'artifact.delete');
      assert.equal(deletions.length, 4);
      for (const { index, entry } of deletions) {
        assert.equal(entry.principal.id, 'retention-sweeper');
        assert.equal(entry.principal.kind, 'system');
        const row = await ledger(fx, entry.resource.id as string);
        assert.equal(row?.cause, 'retention');
        assert.equal(Number(row?.audit_index), index);
      }
    });

    it('a second sweep finds nothing more', async () => {
      const report = await fx.lifecycle.sweep();
      assert.deepEqual(report.deleted, { recording: 0, transcript: 0, call_record: 0, export: 0 });
    });

    it('deletes call records after a year: the row goes, a tombstone stays in the ledger', async () => {
      fx.advanceDays(366);
      const report = await fx.lifecycle.sweep();
      assert.equal(report.deleted.call_record, 2);
      assert.equal(await fx.calls.get(ids.oldCall as string), undefined);
      assert.equal((await ledger(fx, ids.oldCall as string))?.cause, 'retention');
      const entries = (await fx.auditEntries()).filter((e) => e.entry.action === 'call_record.delete');
      assert.deepEqual(entries.map((e) => e.entry.resource.id).sort(), [ids.oldCall, ids.newCall].sort());
    });
  });

  describe('when a blob is already missing', () => {
    it('deletes the rest and completes', async () => {
      await fx.vault.subjects.ensureTenant('missing');
      const id = await fx.put('missing', 'someone', 'export');
      const record = await fx.store.artifacts.get(id);
      await fx.blobs.delete(record?.blobKey as string);
      fx.advanceDays(8);
      const report = await fx.lifecycle.sweep();
      assert.ok(report.deleted.export >= 1);
      assert.ok((await ledger(fx, id))?.completed_at);
    });
  });

  describe('with retention set per tenant', () => {
    it('applies each tenant’s own period', async () => {
      await fx.vault.subjects.ensureTenant('short');
      await fx.vault.subjects.ensureTenant('long');
      await fx.lifecycle.setRetention(LOCAL_OPERATOR, { tenantId: 'short', dataClass: 'recording', days: 1 }, CLI_CONTEXT);
      await fx.lifecycle.setRetention(LOCAL_OPERATOR, { tenantId: 'long', dataClass: 'recording', days: 3650 }, CLI_CONTEXT);
      const short = await fx.put('short', 'x', 'recording');
      const long = await fx.put('long', 'x', 'recording');
      fx.advanceDays(2);
      await fx.lifecycle.sweep();
      await assert.rejects(fx.read(short), notFound);
      assert.ok((await fx.read(long)).length > 0);
    });
  });
});
