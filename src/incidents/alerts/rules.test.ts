import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry } from '../../audit/entry.js';
import { crossing, evaluateEntries, type AlertPayload } from './rules.js';

const config = { windowMs: 60_000, thresholds: { exportsPerPrincipal: 3, deniedPerPrincipal: 4, deniedPerTenant: 5, readsPerPrincipal: 6 } };
const T0 = Date.parse('2026-02-01T10:00:00.000Z');

function entry(i: number, action: string, over: { principal?: string; tenant?: string; outcome?: AuditEntry['outcome']; breakGlass?: boolean } = {}): { index: number; entry: AuditEntry } {
  const at = new Date(T0 + i * 100).toISOString();
  return {
    index: i,
    entry: {
      v: 1,
      at,
      principal: { id: over.principal ?? 'usr_a', kind: 'user', tenantId: over.tenant ?? 'acme', roles: [] },
      action,
      resource: { type: 'call', id: `call_${i}`, tenantId: over.tenant ?? 'acme', subjectRef: 'sref_secretish' },
      outcome: over.outcome ?? 'allowed',
      reason: 'r',
      requestId: null,
      source: null,
      ...(over.breakGlass ? { breakGlass: { grantId: 'bg_1', expiresAt: at } } : {}),
    },
  };
}

/** All alerts a batch raises against empty counters. */
function alerts(entries: ReturnType<typeof entry>[]): AlertPayload[] {
  const { steps, immediate } = evaluateEntries(entries, config);
  return [...immediate, ...steps.map((s) => crossing(s, 0, config.windowMs)).filter((a): a is AlertPayload => a !== undefined)];
}
const rules = (list: AlertPayload[]) => list.map((a) => a.rule).sort();
const times = (n: number, make: (i: number) => ReturnType<typeof entry>) => Array.from({ length: n }, (_, i) => make(i));

describe('alert rules', () => {
  it('bulk export: fires at the threshold of exports by one principal, silent below', () => {
    assert.deepEqual(rules(alerts(times(2, (i) => entry(i, 'call.export')))), []);
    const fired = alerts(times(3, (i) => entry(i, 'call.export')));
    assert.deepEqual(rules(fired), ['bulk_export']);
    assert.deepEqual([fired[0]?.principalId, fired[0]?.count, fired[0]?.threshold, fired[0]?.auditIndexes], ['usr_a', 3, 3, [0, 1, 2]]);
  });

  it('exports by different principals are counted apart', () => {
    assert.deepEqual(rules(alerts(times(4, (i) => entry(i, 'call.export', { principal: `usr_${i % 2}` })))), []);
  });

  it('denied attempts: by one principal at its threshold; against one tenant at its own', () => {
    assert.deepEqual(rules(alerts(times(3, (i) => entry(i, 'recording.listen', { outcome: 'denied' })))), []);
    assert.deepEqual(rules(alerts(times(4, (i) => entry(i, 'recording.listen', { outcome: 'denied' })))), ['denied_by_principal']);
    const spread = alerts(times(5, (i) => entry(i, 'recording.listen', { outcome: 'denied', principal: `usr_${i}` })));
    assert.deepEqual(rules(spread), ['denied_against_tenant']);
    assert.deepEqual([spread[0]?.tenantId, spread[0]?.principalId], ['acme', null]);
  });

  it('break-glass: every use and every grant opened fires, one alert each', () => {
    assert.deepEqual(rules(alerts([entry(0, 'transcript.view_unredacted', { breakGlass: true }), entry(1, 'break_glass.open')])), ['break_glass', 'break_glass']);
    assert.deepEqual(rules(alerts([entry(0, 'break_glass.open', { outcome: 'denied' })])), []);
  });

  it('unusual read volume: fires above the configured reads per window, silent below', () => {
    assert.deepEqual(rules(alerts(times(5, (i) => entry(i, 'recording.listen')))), []);
    assert.deepEqual(rules(alerts(times(6, (i) => entry(i, i % 2 ? 'recording.listen' : 'transcript.view')))), ['unusual_read_volume']);
  });

  it('counts persist across batches: the batch that crosses fires, the ones after stay silent', () => {
    const [step] = evaluateEntries(times(2, (i) => entry(i, 'call.export')), config).steps;
    assert.ok(step);
    assert.equal(crossing(step, 1, config.windowMs)?.count, 3);
    assert.equal(crossing(step, 3, config.windowMs), undefined);
    assert.equal(crossing(step, 0, config.windowMs), undefined);
  });

  it('reads in the next window start a new count', () => {
    const split = [...times(2, (i) => entry(i, 'call.export')), entry(601, 'call.export')];
    assert.deepEqual(rules(alerts(split)), []);
  });

  it('payloads hold ids, action names, counts and indexes only: no subject hash, no reason text', () => {
    const fired = alerts([entry(0, 'transcript.view', { breakGlass: true })]);
    assert.doesNotMatch(JSON.stringify(fired), /sref_secretish|"reason"/);
  });
});
