// A real Sotto server with the API and the built operator console (not a test file): the runtime
// on a temporary data dir (SQLite, filesystem blobs, local keyring), HTTPS on 127.0.0.1 port 0,
// tenant `acme` with a supervisor and an analyst enrolled in TOTP, and one stored call whose
// redacted recording is a real WAV with a muted (zero) stretch. Records every Range header the
// recording route receives, so a test can see the browser's range requests reach the server.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../../src/access/index.js';
import type { AuditEntry } from '../../../src/audit/entry.js';
import type { CallRecord } from '../../../src/call/record/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { randomId } from '../../../src/crypto/index.js';
import { createLogger } from '../../../src/log/index.js';
import { openRuntime, type Runtime } from '../../../src/runtime/index.js';
import { registerApi } from '../../../src/server/api/index.js';
import { registerConsole, type ConsoleOptions } from '../../../src/server/console.js';
import { startServer, type RunningServer } from '../../../src/server/start.js';
import { createPerson, type Person } from '../../support/api-fixture.js';
import { CONSOLE_DIST } from '../../support/browser.js';
import { totpSteps } from '../../support/totp-steps.js';

const MASTER_SECRET = 'console-fixture-master-secret-0123456789abcdef';
export const TENANT = 'acme';
const SAMPLE_RATE = 8000;
/** Where the fixture recording is digitally silent, as audio redaction leaves a muted span. */
export const MUTED_SPAN_S = { start: 1.0, end: 1.8 } as const;

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface ConsoleFixture {
  runtime: Runtime;
  server: RunningServer;
  url: string;
  people: Record<'supervisor' | 'analyst', Person>;
  callId: string;
  /** Range headers seen on GET /v1/calls/:id/recording, in order. */
  rangeRequests: string[];
  request(path: string, options?: { method?: string; headers?: Record<string, string>; json?: unknown }): Promise<Answer>;
  /** A TOTP code for a step this person has not used yet (RFC 6238 §5.2 refuses replays). */
  totp(person: Person): Promise<string>;
  auditMark(): Promise<number>;
  auditSince(mark: number): Promise<{ index: number; entry: AuditEntry }[]>;
  /** Adds `count` metadata-only call records (no artifacts), newest first after the stored one. */
  seedCalls(count: number): Promise<void>;
  close(): Promise<void>;
}

/** 3 s of a modulated tone (8 kHz, 16-bit mono) with MUTED_SPAN_S set to exact zeros. */
export function fixtureWav(): Buffer {
  const n = 3 * SAMPLE_RATE;
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE;
    const muted = t >= MUTED_SPAN_S.start && t < MUTED_SPAN_S.end;
    const v = muted ? 0 : Math.round(12_000 * Math.sin(2 * Math.PI * 330 * t) * (0.55 + 0.45 * Math.sin(2 * Math.PI * 1.5 * t)));
    data.writeInt16LE(v, i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

async function* once(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export async function startConsoleFixture(options: ConsoleOptions = {}): Promise<ConsoleFixture> {
  const root = await mkdtemp(join(tmpdir(), 'sotto-console-'));
  process.env['SOTTO_MASTER_SECRET'] = MASTER_SECRET;
  await writeFile(join(root, 'sotto.json'), JSON.stringify({ vault: { segmentSize: 16 * 1024 } }));
  const config = loadConfig({ dataDir: join(root, 'data'), configFile: join(root, 'sotto.json'), env: {} });
  const logger = createLogger({ level: 'silent' });
  const runtime = await openRuntime(config, logger, { createKeys: true });
  const rangeRequests: string[] = [];
  let agent: Agent | undefined;
  try {
    const subjectId = 'console-fixture-caller-subject';
    const put = (kind: string, body: Buffer) => runtime.vault.put({ tenantId: TENANT, subjectId, kind, body: once(body) });
    const recording = await put('recording', fixtureWav());
    const transcript = await put('transcript', Buffer.from(JSON.stringify({
      format: 'sotto.transcript/1',
      turns: [
        { speaker: 'agent', source: 'agent', startMs: 0, endMs: 900, text: 'What card would you like to use?', entities: [] },
        { speaker: 'caller', source: 'speech', startMs: 1000, endMs: 1800, text: 'it is [CREDIT_CARD]', entities: [{ type: 'CREDIT_CARD', start: 6, end: 19 }] },
      ],
    })));
    const unredacted = await put('transcript', Buffer.from(JSON.stringify({ turns: [{ speaker: 'caller', text: 'it is 4111 1111 1111 1111' }] })));
    const subjectRef = await runtime.vault.subjects.subjectRef(TENANT, subjectId);
    const base = (id: string, startedAt: Date): CallRecord => ({
      id, tenantId: TENANT, subjectRef, agent: 'payments', channel: 'simulated', status: 'completed', failureReason: undefined,
      startedAt: startedAt.toISOString(), endedAt: new Date(startedAt.getTime() + 95_000).toISOString(),
      recordingArtifactId: undefined, transcriptArtifactId: undefined, unredactedTranscriptArtifactId: undefined,
      entityTypes: [], entityCounts: {}, subprocessors: ['pocketsphinx', 'flite'], region: 'local', outcome: 'completed',
    });
    const callId = randomId('call');
    await runtime.calls.create({
      ...base(callId, new Date(Date.now() - 60_000)),
      recordingArtifactId: recording.id, transcriptArtifactId: transcript.id, unredactedTranscriptArtifactId: unredacted.id,
      entityTypes: ['CREDIT_CARD'], entityCounts: { CREDIT_CARD: 1 },
    });
    const people = {
      supervisor: await createPerson(runtime, TENANT, 'supervisor' satisfies Role),
      analyst: await createPerson(runtime, TENANT, 'analyst' satisfies Role),
    };
    const server = await startServer({
      host: '127.0.0.1', port: 0, tls: {}, tlsDir: join(root, 'tls'), logger,
      routes: async (app) => {
        app.addHook('onRequest', async (request) => {
          if (/^\/v1\/calls\/[^/]+\/recording/.test(request.url)) rangeRequests.push(request.headers.range ?? '(none)');
        });
        await registerApi(app, runtime);
        await registerConsole(app, { distDir: CONSOLE_DIST, ...options });
      },
    });
    const ca = await readFile(join(root, 'tls', 'cert.pem'), 'utf8');
    agent = new Agent({ ca, keepAlive: true });
    const keepAlive = agent;
    const nextTotp = totpSteps();
    return {
      runtime, server, url: server.url, people, callId, rangeRequests,
      request: (path, opts = {}) =>
        new Promise((resolve, reject) => {
          const headers: Record<string, string> = { ...opts.headers };
          let body: string | undefined;
          if (opts.json !== undefined) {
            body = JSON.stringify(opts.json);
            headers['content-type'] = 'application/json';
          }
          const req = httpsRequest(`${server.url}${path}`, { method: opts.method ?? 'GET', agent: keepAlive, headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          });
          req.on('error', reject);
          req.end(body);
        }),
      totp: nextTotp,

      auditMark: () => runtime.audit.size(),
      auditSince: (mark) => runtime.audit.entries({ from: mark, limit: 10_000 }),
      async seedCalls(count) {
        const start = Date.now() - 120_000;
        for (let i = 0; i < count; i++) {
          const types = i % 3 === 0 ? ['CREDIT_CARD'] : i % 3 === 1 ? ['PHONE_NUMBER', 'PERSON_NAME'] : [];
          await runtime.calls.create({
            ...base(randomId('call'), new Date(start - i * 60_000)),
            agent: i % 2 === 0 ? 'payments' : 'support',
            entityTypes: types, entityCounts: Object.fromEntries(types.map((t) => [t, 1])),
          });
        }
      },
      async close() {
        keepAlive.destroy();
        await server.close();
        await runtime.close();
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    agent?.destroy();
    await runtime.close().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}
