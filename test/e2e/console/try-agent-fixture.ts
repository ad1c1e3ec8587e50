// A real Sotto for the "try the agent" browser test (not a test file): the runtime on a temp
// data dir, the API, the built console (CONSOLE_DIST) and the call service with WebRTC on one
// HTTPS listener, as `sotto serve` composes them (src/server/sotto-server.ts), with the real
// speech providers (PocketSphinx and Flite) and the card-payment agent. Tenant `acme` has a
// developer (who places the call), a supervisor (who reviews it) and an analyst, all in TOTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_CONTEXT, LOCAL_OPERATOR, type Role } from '../../../src/access/index.js';
import type { AuditEntry } from '../../../src/audit/entry.js';
import { loadConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/log/index.js';
import { openRuntime, type Runtime } from '../../../src/runtime/index.js';
import { registerApi } from '../../../src/server/api/index.js';
import { attachWebrtc } from '../../../src/server/api/webrtc-routes.js';
import { openCallPipeline, type CallPipeline } from '../../../src/server/call-pipeline.js';
import { registerConsole } from '../../../src/server/console.js';
import { startServer, type RunningServer } from '../../../src/server/start.js';
import { createPerson, type Person } from '../../support/api-fixture.js';
import { CONSOLE_DIST } from '../../support/browser.js';
import { totpSteps } from '../../support/totp-steps.js';

export const TENANT = 'acme';

export interface TryAgentFixture {
  runtime: Runtime;
  pipeline: CallPipeline;
  server: RunningServer;
  url: string;
  people: Record<'developer' | 'supervisor' | 'analyst', Person>;
  /** The server's log lines (debug), to search for values. */
  logLines: string[];
  /** Every live event of every call, as JSON, to search for values. */
  liveEvents: string[];
  /** A TOTP code for a step this person has not used yet (RFC 6238 §5.2 refuses replays). */
  totp(person: Person): Promise<string>;
  auditMark(): Promise<number>;
  auditSince(mark: number): Promise<AuditEntry[]>;
  /** Decrypts an artifact through the access gateway (audited, as the local operator). */
  read(artifactId: string, permission: 'transcript.view' | 'recording.listen'): Promise<Buffer>;
  /**
   * Resolves once the server's WebRTC warm-up is over, whether it worked or not: on a loaded
   * machine its handshake can time out, and the first call then warms werift up itself.
   */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export async function startTryAgentFixture(): Promise<TryAgentFixture> {
  const root = await mkdtemp(join(tmpdir(), 'sotto-try-agent-'));
  const config = loadConfig({ dataDir: join(root, 'data'), env: { SOTTO_MASTER_SECRET: 'try-agent-fixture-master-secret-0123456789' } });
  // The agent speaks first; no recording notice keeps the test short (the notice is tested elsewhere).
  config.calls.recordingNotice = null;
  // Long enough that only the page's hang-up can end an abandoned call within the test: with the
  // default 5 s, a keepalive DELETE slowed by a busy machine raced the no-audio timeout.
  config.webrtc.noAudioTimeoutMs = 60_000;
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logLines.push(line) } as never });
  const runtime = await openRuntime(config, logger, { createKeys: true });
  let pipeline: CallPipeline | undefined;
  let server: RunningServer | undefined;
  const close = async (): Promise<void> => {
    await server?.close();
    await pipeline?.close();
    await runtime.close();
    await rm(root, { recursive: true, force: true });
  };
  try {
    await runtime.vault.subjects.ensureTenant(TENANT);
    const people = {
      developer: await createPerson(runtime, TENANT, 'developer' satisfies Role),
      supervisor: await createPerson(runtime, TENANT, 'supervisor' satisfies Role),
      analyst: await createPerson(runtime, TENANT, 'analyst' satisfies Role),
    };
    const calls = await openCallPipeline(runtime);
    pipeline = calls;
    const liveEvents: string[] = [];
    calls.service.live.watchAll((_id, event) => liveEvents.push(JSON.stringify(event)));
    server = await startServer({
      host: '127.0.0.1', port: 0, tls: {}, tlsDir: join(root, 'tls'), logger,
      routes: async (app) => {
        await registerApi(app, { ...runtime, live: calls.service.live });
        await registerConsole(app, { distDir: CONSOLE_DIST });
        attachWebrtc(app, runtime, calls.service, { warmUp: true });
      },
    });
    const running = server;
    const nextTotp = totpSteps();
    return {
      runtime, pipeline: calls, server: running, url: running.url, people, logLines, liveEvents,
      totp: nextTotp,

      auditMark: () => runtime.audit.size(),
      auditSince: async (mark) => (await runtime.audit.entries({ from: mark, limit: 10_000 })).map((e) => e.entry),
      async read(artifactId, permission) {
        const read = await runtime.gateway.readArtifact(LOCAL_OPERATOR, permission, artifactId, CLI_CONTEXT);
        const parts: Buffer[] = [];
        for await (const part of read.body) parts.push(Buffer.from(part));
        return Buffer.concat(parts);
      },
      async warm() {
        const deadline = Date.now() + 120_000;
        while (!logLines.some((l) => l.includes('"WebRTC warmed up"') || l.includes('"WebRTC warm-up failed"'))) {
          if (Date.now() > deadline) throw new Error('the server did not warm WebRTC up within 120 s');
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
