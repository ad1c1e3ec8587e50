import { readFileSync } from 'node:fs';
import { BUILT_IN_AGENTS, createChatCompletionsAgent, createDemoTools, loadAgentSync, type DemoTools } from '../agent/index.js';
import { CallService, type AgentBinding, type CallFrameTimer } from '../call/index.js';
import { SottoError } from '../errors/index.js';
import type { Runtime } from '../runtime/index.js';
import { createDeepgramAsrProvider, createFliteTtsProvider, openLocalSpeechProviders, type AsrProvider, type TtsProvider } from '../speech/index.js';
import { llmProviderName } from '../subprocessors/index.js';

/** Replacements for tests and benchmarks (each use says so in its name). */
export interface CallPipelineOverrides {
  asr?: AsrProvider;
  tts?: TtsProvider;
  /** Instrumentation (bench/calls.ts): each caller frame's processing time, media timestamp and call. */
  frameTimer?: CallFrameTimer;
}

export interface CallPipeline {
  service: CallService;
  /** The demo tools the built-in agents use (the payment processor's charges, bookings). */
  demoTools: DemoTools;
  tts: TtsProvider;
  close(): Promise<void>;
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SottoError('CONFIG_INVALID', `calls.llm.caFile ${path} cannot be read`, { cause });
  }
}

/** The agent a stream may name: a built-in flow, or 'llm' when an endpoint is configured. Never a path. */
function agentCatalog(rt: Runtime, demo: DemoTools): (name: string) => AgentBinding {
  const llm = rt.config.calls.llm;
  const apiKey = process.env.SOTTO_LLM_API_KEY;
  const ca = llm?.caFile ? readCa(llm.caFile) : undefined;
  return (name) => {
    if ((BUILT_IN_AGENTS as readonly string[]).includes(name)) {
      return { agent: loadAgentSync(name, { tools: demo.tools, logger: rt.logger }), tools: demo.tools };
    }
    if (name === 'llm' && llm) {
      const agent = createChatCompletionsAgent({
        name: 'llm',
        baseUrl: llm.baseUrl,
        ...(apiKey ? { apiKey } : {}),
        model: llm.model,
        ...(ca ? { ca } : {}),
        systemPrompt: llm.systemPrompt ?? 'You are a helpful, brief phone agent. Values in brackets are placeholders for private data; never ask the caller to repeat them.',
        tools: demo.tools,
        timeoutMs: 20_000,
        subprocessorName: llmProviderName(llm.baseUrl),
      });
      return { agent, tools: demo.tools };
    }
    throw new SottoError('AGENT_UNKNOWN', 'no agent of that name is configured');
  };
}

/** Opens the speech providers the configuration names and the call service on top of them. */
export async function openCallPipeline(rt: Runtime, overrides: CallPipelineOverrides = {}): Promise<CallPipeline> {
  const closers: (() => Promise<void>)[] = [];
  let asr = overrides.asr;
  let tts = overrides.tts;
  if (!asr || !tts) {
    const asrConfig = rt.config.calls.asr;
    if (!asr && asrConfig.provider === 'deepgram') {
      const apiKey = process.env.SOTTO_DEEPGRAM_API_KEY;
      if (!apiKey) throw new SottoError('CONFIG_INVALID', 'calls.asr.provider is deepgram but SOTTO_DEEPGRAM_API_KEY is not set');
      asr = createDeepgramAsrProvider({ apiKey, ...(asrConfig.url ? { url: asrConfig.url } : {}) });
    }
    if (!asr) {
      const local = await openLocalSpeechProviders();
      closers.push(() => local.close());
      asr = local.asr;
      tts ??= local.tts;
    } else if (!tts) {
      const flite = createFliteTtsProvider();
      await flite.warmUp();
      closers.push(() => flite.close());
      tts = flite;
    }
  }
  const demoTools = createDemoTools();
  const service = new CallService({
    vault: rt.vault,
    calls: rt.calls,
    logger: rt.logger,
    asr,
    tts,
    agents: agentCatalog(rt, demoTools),
    residency: rt.regions,
    // Tenant subprocessor policy, before any byte goes to a provider (docs/subprocessors.md).
    admit: (call) => rt.subprocessors.admitCall(call),
    settings: {
      region: rt.config.calls.region,
      recordingNotice: rt.config.calls.recordingNotice ?? undefined,
      maxDurationMs: rt.config.calls.maxDurationMs,
      ...(overrides.frameTimer ? { frameTimer: overrides.frameTimer } : {}),
    },
  });
  return {
    service,
    demoTools,
    tts,
    close: async () => {
      await service.drain();
      for (const close of closers) await close();
    },
  };
}
