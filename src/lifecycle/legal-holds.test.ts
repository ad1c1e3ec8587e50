import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI_CONTEXT, LOCAL_OPERATOR, type Principal } from '../access/index.js';
import { isSottoError } from '../errors/index.js';
import { openLifecycleFixture, type LifecycleFixture } from './fixtures/lifecycle-fixture.js';

const code = (c: string) => (err: unknown) => isSottoError(err, c as never);
const supervisor: Principal = { id: 'usr_supervisor', kind: 'user', tenantId: 'acme', roles: ['supervisor'] };
const CALLER = '+15557654321';

describe('legal holds', () => {
  let fx: LifecycleFixture;
  before(async () => {
    fx = await openLifecycleFixture();
    await fx.vault.subjects.ensureTenant('acme');
  });
  after(() => fx.close());

  describe('when holds are set on a subject and on a call', () => {
    const ids: Record<string, string> = {};
    before(async () => {
      ids.subjectRecording = await fx.put('acme', CALLER, 'recording');
      ids.callRecording = await fx.put('acme', '+15550000', 'recording');
      ids.call = await fx.call('acme', '+15550000', { recording: ids.callRecording });
      ids.freeRecording = await fx.put('acme', '+15551111', 'recording');
      ids.subjectHold = (await fx.lifecycle.setHold(LOCAL_OPERATOR, { tenantId: 'acme', target: { scope: 'subject', subjectId: CALLER }, note: 'matter 2026-17' }, CLI_CONTEXT)).id;
      ids.callHold = (await fx.lifecycle.setHold(LOCAL_OPERATOR, { tenantId: 'acme', target: { scope: 'call', callId: ids.call } }, CLI_CONTEXT)).id;
      fx.advanceDays(400);
    });

    it('the sweep keeps everything they cover and deletes the rest', async () => {
      await fx.lifecycle.sweep();
      assert.ok((await fx.read(ids.subjectRecording as string)).length > 0);
      assert.ok((await fx.read(ids.callRecording as string)).length > 0);
      assert.ok(await fx.calls.get(ids.call as string));
      await assert.rejects(fx.read(ids.freeRecording as string), code('ARTIFACT_NOT_FOUND'));
    });

    it('lists them by keyed hash and call id; the subject id appears nowhere, nor the note in the audit log', async () => {
      const holds = await fx.lifecycle.listHolds(LOCAL_OPERATOR, { tenantId: 'acme' }, CLI_CONTEXT);
      const subjectRef = await fx.vault.subjects.subjectRef('acme', CALLER);
      // Both were set at the same (test) clock time, so their order is by random id.
      assert.deepEqual(
        holds.map((h) => `${h.scope} ${h.target ?? ''}`).sort(),
        [`call ${ids.call}`, `subject ${subjectRef}`],
      );
      assert.doesNotMatch(JSON.stringify(holds), /5557654321/);
      const audit = JSON.stringify(await fx.auditEntries());
      assert.doesNotMatch(audit, /5557654321|matter 2026/);
      assert.match(audit, new RegExp(`"legal_hold.set".*${ids.subjectHold}`));
    });

    it('once released, the next sweep deletes what they kept', async () => {
      await fx.lifecycle.releaseHold(LOCAL_OPERATOR, { tenantId: 'acme', holdId: ids.subjectHold as string }, CLI_CONTEXT);
      await fx.lifecycle.releaseHold(LOCAL_OPERATOR, { tenantId: 'acme', holdId: ids.callHold as string }, CLI_CONTEXT);
      const report = await fx.lifecycle.sweep();
      assert.deepEqual(report.deleted, { recording: 2, transcript: 0, call_record: 1, export: 0 });
      assert.equal((await fx.lifecycle.listHolds(LOCAL_OPERATOR, { tenantId: 'acme' }, CLI_CONTEXT)).length, 0);
      assert.equal((await fx.lifecycle.listHolds(LOCAL_OPERATOR, { tenantId: 'acme', includeReleased: true }, CLI_CONTEXT)).length, 2);
    });

    it('releasing twice is LEGAL_HOLD_NOT_FOUND', async () => {
      await assert.rejects(fx.lifecycle.releaseHold(LOCAL_OPERATOR, { tenantId: 'acme', holdId: ids.callHold as string }, CLI_CONTEXT), code('LEGAL_HOLD_NOT_FOUND'));
    });
  });

  describe('a tenant hold', () => {
    it('keeps every expired item of that tenant only', async () => {
      await fx.vault.subjects.ensureTenant('held');
      const held = await fx.put('held', 'a', 'export');
      const other = await fx.put('acme', 'a', 'export');
      const hold = await fx.lifecycle.setHold(LOCAL_OPERATOR, { tenantId: 'held', target: { scope: 'tenant' } }, CLI_CONTEXT);
      fx.advanceDays(8);
      await fx.lifecycle.sweep();
      assert.ok((await fx.read(held)).length > 0);
      await assert.rejects(fx.read(other), code('ARTIFACT_NOT_FOUND'));
      await fx.lifecycle.releaseHold(LOCAL_OPERATOR, { tenantId: 'held', holdId: hold.id }, CLI_CONTEXT);
    });
  });

  describe('permissions and input', () => {
    it('a supervisor (no retention.manage) cannot set a hold, and the denial is audited', async () => {
      await assert.rejects(fx.lifecycle.setHold(supervisor, { tenantId: 'acme', target: { scope: 'tenant' } }, CLI_CONTEXT), code('ACCESS_DENIED'));
      const last = (await fx.auditEntries()).at(-1)?.entry;
      assert.equal(last?.outcome, 'denied');
      assert.equal(last?.action, 'retention.manage');
    });

    it('a hold on an unknown call is NOT_FOUND, and the id typed is not echoed into the audit log', async () => {
      await assert.rejects(
        fx.lifecycle.setHold(LOCAL_OPERATOR, { tenantId: 'acme', target: { scope: 'call', callId: 'jane@example.com' } }, CLI_CONTEXT),
        code('NOT_FOUND'),
      );
      assert.doesNotMatch(JSON.stringify(await fx.auditEntries()), /jane@example/);
    });

    it('releasing a malformed or unknown id is LEGAL_HOLD_NOT_FOUND', async () => {
      await assert.rejects(fx.lifecycle.releaseHold(LOCAL_OPERATOR, { tenantId: 'acme', holdId: 'nope' }, CLI_CONTEXT), code('LEGAL_HOLD_NOT_FOUND'));
      await assert.rejects(
        fx.lifecycle.releaseHold(LOCAL_OPERATOR, { tenantId: 'acme', holdId: 'hold_AAAAAAAAAAAAAAAAAAAAAA' }, CLI_CONTEXT),
        code('LEGAL_HOLD_NOT_FOUND'),
      );
    });
  });
});
