// `sotto incidents` through the real command: the CLI contract (exit codes, one-line errors,
// --json) over a real data directory, the local operator's deployment-wide incidents included.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FIXTURE_MASTER_SECRET } from '../../src/lifecycle/fixtures/lifecycle-fixture.js';
import { assertFailure, assertSuccess, createSandbox, jsonLine, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

// Several commands per test, each a cold start of the CLI.
const timeout = 4 * RUN_TIMEOUT_MS;
const env = { SOTTO_MASTER_SECRET: FIXTURE_MASTER_SECRET };

interface View {
  id: string;
  status: string;
  tenantId: string | null;
  notifications: { regime: string; recipient: string; status: string; due: string | null; at?: string }[];
}

describe('when an operator runs the incident register through the CLI', () => {
  let box: Sandbox;
  let id = '';
  const sotto = (args: string[]) => box.sotto(args, { env });
  const detected = new Date(Date.now() - 80 * 3_600_000).toISOString();

  before(async () => {
    box = await createSandbox();
    assertSuccess(await sotto(['keys', 'init', '--tenant', 'acme']));
  });
  after(() => box.remove());

  it('opens an incident; 80 hours after awareness the GDPR authority notice is overdue', { timeout }, async () => {
    const opened = jsonLine<View>(
      await sotto(['incidents', 'open', '--tenant', 'acme', '--title', 'Token leaked in a ticket', '--severity', 'high', '--detected-at', detected,
        '--window-start', '2020-01-01T00:00:00Z', '--regime', 'gdpr', '--regime', 'hipaa', '--affected', '12', '--json']),
    );
    id = opened.id;
    assert.match(id, /^inc_/);
    assert.equal(opened.notifications.find((n) => n.recipient === 'authority')?.status, 'overdue');
    assert.equal(opened.notifications.find((n) => n.recipient === 'media')?.status, 'not_required');
  });

  it('notify marks it sent; show prints it; impact reads the audit log', { timeout }, async () => {
    const notified = jsonLine<View>(await sotto(['incidents', 'notify', id, '--regime', 'gdpr', '--recipient', 'authority', '--json']));
    assert.equal(notified.notifications.find((n) => n.recipient === 'authority')?.status, 'sent');
    const shown = await sotto(['incidents', 'show', id]);
    assertSuccess(shown);
    assert.match(shown.stdout.toString('utf8'), /gdpr\/authority: sent .*GDPR Art\. 33\(1\)/);
    const impact = jsonLine<{ audit: { logSize: number; entriesRead: number } }>(await sotto(['incidents', 'impact', id, '--json']));
    assert.ok(impact.audit.logSize > 0);
  });

  it('update, close and list; a deployment-wide incident is listed too', { timeout }, async () => {
    assert.equal(jsonLine<View>(await sotto(['incidents', 'update', id, '--status', 'contained', '--json'])).status, 'contained');
    assert.equal(jsonLine<View>(await sotto(['incidents', 'close', id, '--json'])).status, 'closed');
    const wide = jsonLine<View>(await sotto(['incidents', 'open', '--deployment', '--title', 'Host compromise', '--detected-at', detected, '--window-start', detected, '--json']));
    assert.equal(wide.tenantId, null);
    const open = jsonLine<{ incidents: View[] }>(await sotto(['incidents', 'list', '--json']));
    assert.deepEqual(open.incidents.map((i) => i.id), [wide.id]);
    const all = jsonLine<{ incidents: View[] }>(await sotto(['incidents', 'list', '--all', '--json']));
    assert.equal(all.incidents.length, 2);
  });

  it('usage errors exit 2; an unknown id or a bad field exits 1 with its code on one line', { timeout }, async () => {
    assertFailure(await sotto(['incidents', 'open', '--tenant', 'acme', '--detected-at', detected, '--window-start', detected]), 2);
    assertFailure(await sotto(['incidents', 'open', '--tenant', 'acme', '--deployment', '--title', 't', '--detected-at', detected, '--window-start', detected]), 2);
    assert.match(assertFailure(await sotto(['incidents', 'show', 'inc_AAAAAAAAAAAAAAAAAAAAAA']), 1), /^sotto: INCIDENT_NOT_FOUND: /);
    assert.match(assertFailure(await sotto(['incidents', 'close', id]), 1), /^sotto: INCIDENT_TRANSITION_INVALID: /);
    assert.match(
      assertFailure(await sotto(['incidents', 'open', '--tenant', 'acme', '--title', 't', '--detected-at', 'last tuesday', '--window-start', detected]), 1),
      /^sotto: INCIDENT_INVALID: /,
    );
  });
});
