// One simulated call against a real in-process Sotto (not a test file): a runtime on a temp data
// dir, `startSottoServer` on 127.0.0.1 port 0, an API token as the stream token, and the
// simulator playing `steps` over real TLS WebSockets. Speech providers can be replaced through
// `overrides` (tests that do so say so in their names). Logs and live events are kept in memory
// so tests can search them for values.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../src/access/index.js';
import type { CallRecord } from '../../src/call/record/index.js';
import { parseCallerScript, simulateCall, type CallerStep } from '../../src/call/simulator/index.js';
import { loadConfig, type SottoConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';
import { openRuntime, type Runtime } from '../../src/runtime/index.js';
import type { CallPipelineOverrides } from '../../src/server/call-pipeline.js';
import { startSottoServer, type SottoServer } from '../../src/server/sotto-server.js';
import type { TtsProvider } from '../../src/speech/index.js';

export interface SimulatedCallFixture {
  dir: string;
  rt: Runtime;
  sotto: SottoServer;
  call: CallRecord;
  endedByAgent: boolean;
  logLines: string[];
  live: string[];
  /** Decrypts an artifact through the access gateway (audited, as the local operator). */
  read(artifactId: string, permission: 'transcript.view' | 'recording.listen'): Promise<Buffer>;
  files(): Promise<string[]>;
  close(): Promise<void>;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

export async function runSimulatedCall(options: {
  steps: CallerStep[];
  overrides?: CallPipelineOverrides;
  agent?: string;
  timeoutMs?: number;
  /** Adjusts the embedded defaults before the runtime opens (e.g. an LLM endpoint). */
  configure?: (config: SottoConfig) => void;
  /** The simulated caller's voice; default: the server's own synthesizer. */
  callerVoice?: TtsProvider;
}): Promise<SimulatedCallFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'sotto-call-'));
  const logLines: string[] = [];
  const live: string[] = [];
  const config = loadConfig({ dataDir: dir, env: { SOTTO_MASTER_SECRET: 'call-fixture-test-master-secret-0123456789' } });
  options.configure?.(config);
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => logLines.push(line) } as never });
  const rt = await openRuntime(config, logger, { createKeys: true });
  let sotto: SottoServer | undefined;
  const close = async (): Promise<void> => {
    await sotto?.close();
    await rt.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await rt.vault.subjects.ensureTenant('acme');
    const { token } = await rt.identity.createApiToken({ tenantId: 'acme', role: 'developer', name: 'simulator' });
    sotto = await startSottoServer(rt, { host: '127.0.0.1', port: 0, ...(options.overrides ? { overrides: options.overrides } : {}) });
    sotto.pipeline.service.live.on('event', (_id: string, event: unknown) => live.push(JSON.stringify(event)));
    const script = parseCallerScript(JSON.stringify({ agent: options.agent ?? 'card-payment', from: '+15555550142', steps: options.steps }), dir);
    const result = await simulateCall({
      url: sotto.mediaUrl.replace('127.0.0.1', 'localhost'),
      script,
      tts: options.callerVoice ?? sotto.pipeline.tts,
      token,
      ca: await readFile(join(dir, 'tls', 'cert.pem')),
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    await sotto.pipeline.service.drain();
    const listed = await rt.calls.list({ tenantId: 'acme', limit: 5 });
    assert.equal(listed.calls.length, 1, 'one call record');
    const server = sotto;
    return {
      dir,
      rt,
      sotto: server,
      call: listed.calls[0] as CallRecord,
      endedByAgent: result.endedByAgent,
      logLines,
      live,
      read: async (artifactId, permission) => {
        const read = await rt.gateway.readArtifact(LOCAL_OPERATOR, permission, artifactId, CLI_CONTEXT);
        const parts: Buffer[] = [];
        for await (const part of read.body) parts.push(Buffer.from(part));
        return Buffer.concat(parts);
      },
      files: () => filesUnder(dir),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
