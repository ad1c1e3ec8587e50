// Alerts end to end: real audit log (SQLite, PostgreSQL), real HTTPS webhook on port 0 with a
// self-signed certificate trusted only through the `ca` option, signatures verified with the
// independent `standardwebhooks` library, failures retried, restarts not repeating alerts.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { Webhook } from 'standardwebhooks';
import type { AuditEntry } from '../../src/audit/entry.js';
import { randomBytes } from '../../src/crypto/index.js';
import { isSottoError } from '../../src/errors/index.js';
import { alertWatcherFromConfig, outboxCounts, startAlertWatcher, webhookTarget, type AlertWatcher, type WebhookTarget } from '../../src/incidents/alerts/index.js';
import { openLifecycleFixture, type LifecycleFixture } from '../../src/lifecycle/fixtures/lifecycle-fixture.js';
import { createTestSchema, postgresSkipReason, type TestSchema } from '../support/postgres.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const CONFIG = {
  intervalMs: 60_000,
  windowMs: 60 * 60_000,
  thresholds: { exportsPerPrincipal: 3, deniedPerPrincipal: 3, deniedPerTenant: 100, readsPerPrincipal: 100 },
  retry: { initialBackoffMs: 20, maxBackoffMs: 100 },
};

interface Received {
  headers: Record<string, string>;
  body: string;
}

async function startReceiver(): Promise<{ url: string; ca: string; received: Received[]; answer: { status: number }; close(): Promise<void> }> {
  const cert = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 3_600_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const received: Received[] = [];
  const answer = { status: 200 };
  const server: Server = createServer({ cert: cert.cert, key: cert.private }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/alerts`,
    ca: cert.cert,
    received,
    answer,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const entry = (action: string, principal: string, outcome: AuditEntry['outcome'] = 'allowed', breakGlass = false): AuditEntry => {
  const at = new Date().toISOString();
  return {
    v: 1,
    at,
    principal: { id: principal, kind: 'user', tenantId: 'acme', roles: ['supervisor'] },
    action,
    resource: { type: 'call', id: 'call_1', tenantId: 'acme', subjectRef: 'sref_not_for_alerts' },
    outcome,
    reason: 'granted by role supervisor',
    requestId: null,
    source: '203.0.113.9',
    ...(breakGlass ? { breakGlass: { grantId: 'bg_1', expiresAt: at } } : {}),
  };
};

const verified = (r: Received) => new Webhook(SECRET).verify(r.body, r.headers) as { type: string; data: Record<string, unknown> };

describe('alert webhook delivery (SQLite)', () => {
  let fx: LifecycleFixture;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let target: WebhookTarget;
  let watcher: AlertWatcher;
  before(async () => {
    fx = await openLifecycleFixture();
    receiver = await startReceiver();
    target = webhookTarget({ url: receiver.url, secret: SECRET, ca: receiver.ca });
    watcher = startAlertWatcher({ store: fx.store, audit: fx.audit }, { config: CONFIG, target, schedule: false });
    await watcher.runOnce(); // sets the cursor at the log's end
  });
  after(async () => {
    await watcher?.stop();
    await receiver?.close();
    await fx?.close();
  });

  it('below every threshold nothing is sent', async () => {
    for (const p of ['usr_a', 'usr_a', 'usr_b']) await fx.audit.append(entry('call.export', p));
    await fx.audit.append(entry('recording.listen', 'usr_c', 'denied'));
    const report = await watcher.runOnce();
    assert.deepEqual([report.scanned, report.queued, receiver.received.length], [4, 0, 0]);
  });

  it('a failed delivery stays queued and is retried until the webhook accepts it', async () => {
    receiver.answer.status = 503;
    await fx.audit.append(entry('call.export', 'usr_a')); // third export of usr_a in the window
    await fx.audit.append(entry('transcript.view_unredacted', 'usr_d', 'allowed', true));
    const failed = await watcher.runOnce();
    assert.deepEqual([failed.queued, failed.delivered, failed.failed], [2, 0, 2]);
    assert.deepEqual(await outboxCounts(fx.store.sql), { pending: 2, delivered: 0 });
    receiver.answer.status = 204;
    await new Promise((r) => setTimeout(r, 60));
    const retried = await watcher.runOnce();
    assert.deepEqual([retried.delivered, retried.failed], [2, 0]);
    assert.deepEqual(await outboxCounts(fx.store.sql), { pending: 0, delivered: 2 });
  });

  it('each delivery carries a Standard Webhooks signature the receiver verifies independently', () => {
    const accepted = receiver.received.slice(-2).map(verified);
    assert.deepEqual(accepted.map((a) => a.type).sort(), ['sotto.alert.break_glass', 'sotto.alert.bulk_export']);
    const bulk = accepted.find((a) => a.type === 'sotto.alert.bulk_export');
    assert.deepEqual([bulk?.data.principalId, bulk?.data.count, bulk?.data.threshold], ['usr_a', 3, 3]);
    // The retried attempt kept its webhook-id (receivers dedupe on it).
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    assert.equal(new Set(ids).size, 2);
    assert.equal(ids.length, 4);
  });

  it('a forged or re-keyed signature does not verify', () => {
    const [first] = receiver.received;
    assert.ok(first);
    assert.throws(() => new Webhook(SECRET).verify(first.body.replace('usr_', 'usr_x'), first.headers));
    assert.throws(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(first.body, first.headers));
  });

  it('payloads carry no subject hash, no source address and no reason text', () => {
    for (const r of receiver.received) assert.doesNotMatch(r.body, /sref_not_for_alerts|203\.0\.113|granted by role/);
  });

  it('a restarted watcher neither repeats delivered alerts nor misses new ones', async () => {
    await watcher.stop();
    const before = receiver.received.length;
    watcher = startAlertWatcher({ store: fx.store, audit: fx.audit }, { config: CONFIG, target, schedule: false });
    assert.deepEqual(await watcher.runOnce(), { scanned: 0, queued: 0, delivered: 0, failed: 0 });
    await fx.audit.append(entry('break_glass.open', 'usr_e'));
    const report = await watcher.runOnce();
    assert.deepEqual([report.scanned, report.queued, report.delivered], [1, 1, 1]);
    assert.equal(receiver.received.length, before + 1);
  });

  it('refuses a plain-http URL and a missing or malformed secret', () => {
    assert.throws(() => webhookTarget({ url: 'http://alerts.example.com/x', secret: SECRET }), (e) => isSottoError(e, 'PROVIDER_INSECURE_URL'));
    assert.throws(() => webhookTarget({ url: receiver.url, secret: undefined }), (e) => isSottoError(e, 'ALERT_WEBHOOK_SECRET_INVALID'));
    assert.throws(() => webhookTarget({ url: receiver.url, secret: 'whsec_short' }), (e) => isSottoError(e, 'ALERT_WEBHOOK_SECRET_INVALID'));
  });

  it('from config: the secret comes from the environment only, and the CA from alerts.webhook.caFile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sotto-alerts-'));
    try {
      const caFile = join(dir, 'ca.pem');
      await writeFile(caFile, receiver.ca);
      const config = { ...CONFIG, webhook: { url: receiver.url, caFile } };
      const deps = { store: fx.store, audit: fx.audit };
      assert.throws(() => alertWatcherFromConfig(deps, config, {}), (e) => isSottoError(e, 'ALERT_WEBHOOK_SECRET_INVALID'));
      assert.throws(() => alertWatcherFromConfig(deps, { ...config, webhook: { url: receiver.url, caFile: join(dir, 'missing.pem') } }, { SOTTO_ALERT_WEBHOOK_SECRET: SECRET }), (e) => isSottoError(e, 'CONFIG_INVALID'));
      const configured = alertWatcherFromConfig(deps, { ...config, intervalMs: 100 }, { SOTTO_ALERT_WEBHOOK_SECRET: SECRET });
      const before = receiver.received.length;
      try {
        await fx.audit.append(entry('break_glass.open', 'usr_cfg'));
        for (let waited = 0; receiver.received.length === before && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
        assert.equal(receiver.received.length, before + 1);
        assert.equal(verified(receiver.received.at(-1) as Received).data.principalId, 'usr_cfg');
      } finally {
        await configured.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a webhook whose certificate is not trusted is a failed delivery, kept for retry', async () => {
    const untrusted = startAlertWatcher({ store: fx.store, audit: fx.audit }, { config: CONFIG, target: webhookTarget({ url: receiver.url, secret: SECRET }), schedule: false });
    try {
      await fx.audit.append(entry('break_glass.open', 'usr_f'));
      const report = await untrusted.runOnce();
      assert.deepEqual([report.queued, report.delivered, report.failed], [1, 0, 1]);
      assert.equal((await outboxCounts(fx.store.sql)).pending, 1);
    } finally {
      await untrusted.stop();
    }
  });
});

const pgSkip = await postgresSkipReason();

describe('alert delivery with two watchers on one PostgreSQL database', { skip: pgSkip }, () => {
  let schema: TestSchema;
  let fx: LifecycleFixture;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    schema = await createTestSchema();
    fx = await openLifecycleFixture({ backend: { kind: 'postgres', url: schema.url, schema: schema.name } });
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver?.close();
    await fx?.close();
    await schema?.drop();
  });

  it('each alert is raised once and delivered by exactly one of them', async () => {
    const target = webhookTarget({ url: receiver.url, secret: SECRET, ca: receiver.ca });
    const start = await fx.audit.size();
    const watchers = [0, 1].map(() => startAlertWatcher({ store: fx.store, audit: fx.audit }, { config: CONFIG, target, startAt: start, schedule: false }));
    try {
      for (let i = 0; i < 6; i++) await fx.audit.append(entry('break_glass.open', `usr_${i}`));
      for (let i = 0; i < 3; i++) await fx.audit.append(entry('call.export', 'usr_bulk'));
      const reports = await Promise.all(watchers.flatMap((w) => [w.runOnce(), w.runOnce()]));
      assert.equal(reports.reduce((n, r) => n + r.queued, 0), 7);
      assert.equal(reports.reduce((n, r) => n + r.delivered, 0), 7);
      const ids = receiver.received.map((r) => r.headers['webhook-id']);
      assert.equal(ids.length, 7);
      assert.equal(new Set(ids).size, 7);
      receiver.received.forEach((r) => verified(r));
    } finally {
      await Promise.all(watchers.map((w) => w.stop()));
    }
  });
});
