// One simulated call against a real in-process Sotto (not a test file): a runtime on a temp data
// dir, `startSottoServer` on 127.0.0.1 port 0, a one-time stream token for the call, and the
// simulator playing `steps` over real TLS WebSockets. Speech providers can be replaced through
// `overrides` (tests that do so say so in their names). Logs and live events are kept in memory
// so tests can search them for values.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../src/access/index.js';
import type { CallRecord } from '../../src/call/record/index.js';
import { parseCallerScript, simulateCall, type CallerStep } from '../../src/call/simulator/index.js';
import type { SottoConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';
import type { Runtime } from '../../src/runtime/index.js';
import type { CallPipelineOverrides } from '../../src/server/call-pipeline.js';
import type { SottoServer } from '../../src/server/sotto-server.js';
import type { TtsProvider } from '../../src/speech/index.js';
import { startCallServer } from './call-server.js';

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
  const logLines: string[] = [];
  const live: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => logLines.push(line) } as never });
  const server = await startCallServer({ logger, ...(options.configure ? { configure: options.configure } : {}), server: options.overrides ? { overrides: options.overrides } : {} });
  const { dir, rt, sotto, close } = server;
  try {
    sotto.pipeline.service.live.watchAll((_id, event) => live.push(JSON.stringify(event)));
    const script = parseCallerScript(JSON.stringify({ agent: options.agent ?? 'card-payment', from: '+15555550142', steps: options.steps }), dir);
    const result = await simulateCall({
      url: server.mediaUrl,
      script,
      tts: options.callerVoice ?? sotto.pipeline.tts,
      token: await server.streamToken(),
      ca: server.ca,
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    await sotto.pipeline.service.drain();
    const listed = await rt.calls.list({ tenantId: 'acme', limit: 5 });
    assert.equal(listed.calls.length, 1, 'one call record');
    return {
      dir,
      rt,
      sotto,
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
