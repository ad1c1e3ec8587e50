// A real Sotto server for HTTP-level API tests (not a test file): the runtime on a temporary
// data dir with the default backends (SQLite, filesystem blobs, local keyring), the HTTPS
// server on 127.0.0.1 port 0 with the API, and two tenants, `acme` and `globex`, each with
// a signed-in person of every role, API tokens for a few roles, and one stored call (redacted
// recording, redacted and unredacted transcripts). The client trusts the generated
// certificate; TLS verification stays on.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI, type TOTP } from 'otpauth';
import { ROLES, type Role } from '../../src/access/index.js';
import type { AuditEntry } from '../../src/audit/entry.js';
import type { CallRecord } from '../../src/call/record/index.js';
import { loadConfig } from '../../src/config/index.js';
import { randomId } from '../../src/crypto/index.js';
import { createLogger } from '../../src/log/index.js';
import { openRuntime, type Runtime } from '../../src/runtime/index.js';
import { registerApi } from '../../src/server/api/index.js';
import { startServer, type RunningServer } from '../../src/server/start.js';

export const TENANTS = ['acme', 'globex'] as const;
export type TenantName = (typeof TENANTS)[number];

/** The password every fixture person has; it must never reach the audit log or a response. */
export const FIXTURE_PASSWORD = 'correct horse battery staple, api fixture';
const MASTER_SECRET = 'api-fixture-master-secret-0123456789abcdef';
/** Small segments, so a range over the 100 KB recording crosses segment boundaries. */
const SEGMENT_BYTES = 16 * 1024;
const RECORDING_DATA_BYTES = 100_000;
const TOTP_PERIOD_MS = 30_000;

export interface FixtureUser {
  id: string;
  tenant: TenantName;
  role: Role;
  email: string;
  password: string;
  totp: TOTP;
  /** The session this person signed in with at setup (POST /v1/sessions). */
  session: string;
}

export interface FixtureToken {
  id: string;
  tenant: TenantName;
  role: Role;
  token: string;
}

export interface FixtureCall {
  id: string;
  /** The raw data-subject id given to vault.put: it must never appear in the audit log. */
  subjectId: string;
  recording: Buffer;
  transcript: Buffer;
  unredactedTranscript: Buffer;
  artifactIds: { recording: string; transcript: string; unredactedTranscript: string };
}

export interface FixtureTenant {
  id: TenantName;
  users: Record<Role, FixtureUser>;
  tokens: Partial<Record<Role, FixtureToken>>;
  call: FixtureCall;
}

export interface ApiAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface ApiRequest {
  method?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
  /** Serialized as JSON. */
  json?: unknown;
  /** A raw body, sent as is (set content-type in headers). */
  body?: string;
}

export interface ApiFixture {
  runtime: Runtime;
  server: RunningServer;
  ca: string;
  tenants: Record<TenantName, FixtureTenant>;
  /** Every secret the fixture handed out (passwords, tokens, TOTP secrets), for leak checks. */
  secrets(): string[];
  request(path: string, options?: ApiRequest): Promise<ApiAnswer>;
  /** Sign in again over HTTP (password + a fresh TOTP code); returns the new session token. */
  login(user: Person): Promise<string>;
  /** The audit log's size now: entries appended later have this index or higher. */
  auditMark(): Promise<number>;
  auditSince(mark: number): Promise<{ index: number; entry: AuditEntry }[]>;
  /** Server log lines so far (JSON text), for leak checks. */
  logText(): string;
  close(): Promise<void>;
}

/** A RIFF/WAVE header (8 kHz, 16-bit, mono) and a deterministic, tenant-specific sample pattern. */
function wavLike(seed: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + RECORDING_DATA_BYTES, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(RECORDING_DATA_BYTES, 40);
  const data = Buffer.alloc(RECORDING_DATA_BYTES);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 8) * 7 + seed) & 0xff;
  return Buffer.concat([header, data]);
}

async function* once(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * TOTP codes are single-use per time step (RFC 6238 §5.2, replay refused), so each person's
 * next login uses a step after their last one, waiting for the clock when the ±1 window is used up.
 */
class TotpClock {
  private readonly lastStep = new Map<string, number>();

  async code(user: Pick<FixtureUser, 'id' | 'totp'>): Promise<string> {
    const nowStep = Math.floor(Date.now() / TOTP_PERIOD_MS);
    const step = Math.max((this.lastStep.get(user.id) ?? -1) + 1, nowStep);
    if (step > nowStep + 1) await new Promise((resolve) => setTimeout(resolve, (step - 1) * TOTP_PERIOD_MS - Date.now() + 50));
    this.lastStep.set(user.id, step);
    return user.totp.generate({ timestamp: step * TOTP_PERIOD_MS + 1 });
  }
}

export async function startApiFixture(): Promise<ApiFixture> {
  const root = await mkdtemp(join(tmpdir(), 'sotto-api-'));
  const dataDir = join(root, 'data');
  // The local keyring reads its master secret from the process environment.
  process.env['SOTTO_MASTER_SECRET'] = MASTER_SECRET;
  await writeFile(join(root, 'sotto.json'), JSON.stringify({ vault: { segmentSize: SEGMENT_BYTES } }));
  // env {}: nothing from the caller's environment (SOTTO_METADATA_URL…) changes the backends.
  const config = loadConfig({ dataDir, configFile: join(root, 'sotto.json'), env: {} });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
  const runtime = await openRuntime(config, logger, { createKeys: true });
  const secrets: string[] = [FIXTURE_PASSWORD];
  let server: RunningServer | undefined;
  let agent: Agent | undefined;
  try {
    const stored = await Promise.all(TENANTS.map((tenant, i) => storeCall(runtime, tenant, i + 1)));
    const created = await Promise.all(TENANTS.map((tenant) => createPeople(runtime, tenant)));
    for (const people of created) for (const person of people) secrets.push(person.totp.secret.base32);

    const running = await startServer({
      host: '127.0.0.1',
      port: 0,
      tls: {},
      tlsDir: join(root, 'tls'),
      logger,
      routes: (app) => registerApi(app, runtime),
    });
    server = running;
    const ca = await readFile(join(root, 'tls', 'cert.pem'), 'utf8');
    const keepAlive = new Agent({ ca, keepAlive: true, maxSockets: 8 });
    agent = keepAlive;
    const totp = new TotpClock();

    const request = (path: string, options: ApiRequest = {}): Promise<ApiAnswer> =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string> = { ...options.headers };
        if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
        let body = options.body;
        if (options.json !== undefined) {
          body = JSON.stringify(options.json);
          headers['content-type'] = 'application/json';
        }
        const req = httpsRequest(`${running.url}${path}`, { method: options.method ?? 'GET', agent: keepAlive, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes, text: bytes.toString('utf8') });
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });

    const login = async (user: Person): Promise<string> => {
      const answer = await request('/v1/sessions', {
        method: 'POST',
        json: { tenant: user.tenant, email: user.email, password: user.password, totp: await totp.code(user) },
      });
      if (answer.status !== 201) throw new Error(`fixture login of ${user.id} failed: ${answer.status} ${answer.text}`);
      const token = (JSON.parse(answer.text) as { token: string }).token;
      secrets.push(token);
      return token;
    };

    const tenants = {} as Record<TenantName, FixtureTenant>;
    for (const [i, tenant] of TENANTS.entries()) {
      const people = created[i] ?? [];
      const sessions = await Promise.all(people.map((person) => login(person)));
      const users = {} as Record<Role, FixtureUser>;
      people.forEach((person, j) => {
        users[person.role] = { ...person, session: sessions[j] ?? '' };
      });
      const tokens: Partial<Record<Role, FixtureToken>> = {};
      for (const role of ['owner', 'supervisor', 'auditor'] as const) {
        const made = await runtime.identity.apiTokens.create({ tenantId: tenant, role, name: `fixture ${role}` });
        secrets.push(made.token);
        tokens[role] = { id: made.id, tenant, role, token: made.token };
      }
      tenants[tenant] = { id: tenant, users, tokens, call: stored[i] as FixtureCall };
    }
    // A signed checkpoint exists before any test asks for one.
    await runtime.audit.checkpoint();

    return {
      runtime,
      server: running,
      ca,
      tenants,
      secrets: () => [...secrets],
      request,
      login,
      auditMark: () => runtime.audit.size(),
      auditSince: (mark) => runtime.audit.entries({ from: mark, limit: 10_000 }),
      logText: () => logLines.join(''),
      async close() {
        keepAlive.destroy();
        await running.close();
        await runtime.close();
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    agent?.destroy();
    await server?.close().catch(() => undefined);
    await runtime.close().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

async function storeCall(runtime: Runtime, tenant: TenantName, seed: number): Promise<FixtureCall> {
  const subjectId = `caller-+1555010${seed}-${tenant}-subject`;
  const recording = wavLike(seed);
  const transcript = Buffer.from(
    JSON.stringify({ turns: [{ speaker: 'caller', text: `my card is [CREDIT_CARD] (${tenant})` }] }),
    'utf8',
  );
  const unredactedTranscript = Buffer.from(
    JSON.stringify({ turns: [{ speaker: 'caller', text: `my card is 4111 1111 1111 1111 (${tenant})` }] }),
    'utf8',
  );
  const put = (kind: string, body: Buffer) => runtime.vault.put({ tenantId: tenant, subjectId, kind, body: once(body) });
  const rec = await put('recording', recording);
  const red = await put('transcript', transcript);
  const unred = await put('transcript', unredactedTranscript);
  const subjectRef = await runtime.vault.subjects.subjectRef(tenant, subjectId);
  const startedAt = new Date(Date.now() - 120_000).toISOString();
  const call: CallRecord = {
    id: randomId('call'),
    tenantId: tenant,
    subjectRef,
    agent: 'payments',
    channel: 'simulated',
    status: 'completed',
    failureReason: undefined,
    startedAt,
    endedAt: new Date(Date.now() - 60_000).toISOString(),
    recordingArtifactId: rec.id,
    transcriptArtifactId: red.id,
    unredactedTranscriptArtifactId: unred.id,
    entityTypes: ['CREDIT_CARD'],
    entityCounts: { CREDIT_CARD: 1 },
    subprocessors: ['pocketsphinx', 'flite'],
    region: 'local',
    outcome: 'completed',
  };
  await runtime.calls.create(call);
  return {
    id: call.id,
    subjectId,
    recording,
    transcript,
    unredactedTranscript,
    artifactIds: { recording: rec.id, transcript: red.id, unredactedTranscript: unred.id },
  };
}

/** A person before (or besides) the session the fixture opened for them. */
export type Person = Omit<FixtureUser, 'session'>;

async function createPeople(runtime: Runtime, tenant: TenantName): Promise<Person[]> {
  return Promise.all(ROLES.map((role) => createPerson(runtime, tenant, role)));
}

/** A person created in-process (as `sotto users create` would), enrolled in TOTP. */
export async function createPerson(runtime: Runtime, tenant: TenantName, role: Role, label: string = role): Promise<Person> {
  const email = `${label.replace(/_/g, '.')}.${tenant}@example.com`;
  const created = await runtime.identity.createUser({ tenantId: tenant, email, role, password: FIXTURE_PASSWORD });
  if (created.totpUri === undefined) throw new Error('fixture users are enrolled in TOTP');
  const totp = URI.parse(created.totpUri) as TOTP;
  return { id: created.user.id, tenant, role, email, password: FIXTURE_PASSWORD, totp };
}
