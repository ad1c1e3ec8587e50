import { isSottoError, SottoError } from '../errors/index.js';
import type { TokenCapability, TokenVault } from '../detect/index.js';
import type { Tool, ToolDescription, ToolRunner, ToolValue } from './agent.js';
import { retokenizeResult, type ResolvedValue } from './retokenize.js';
import { createSlotValidator } from './slot-validator.js';

export interface ToolRunnerOptions {
  tools: readonly Tool[];
  vault: TokenVault;
  capability: TokenCapability;
  callId: string;
  tenantId: string;
  /** A tool that hangs must not hold the caller on the line forever. */
  timeoutMs?: number;
  /** Clock for the expiry and date-of-birth slot checks (tests). */
  now?: () => Date;
}

const DEFAULT_TOOL_TIMEOUT_MS = 15_000;
/**
 * An argument for an entity-typed parameter is one token and nothing else: "[CREDIT_CARD_1]", or
 * the last-four form the detector writes into caller text ("[CREDIT_CARD_1 ending 1111]").
 */
const SINGLE_TOKEN = /^\[([A-Z][A-Z_]*)_(\d+)(?: ending \d{4})?\]$/;

/** The tool as an LLM is told about it; entity-typed parameters ask for the caller's token. */
export function describeTool(tool: Tool): ToolDescription {
  const properties: ToolDescription['parameters']['properties'] = {};
  for (const [name, p] of Object.entries(tool.parameters)) {
    const hint = p.entityType ? `Pass the caller's ${p.entityType} token exactly as given, e.g. [${p.entityType}_1]; the real value is filled in server-side.` : undefined;
    const description = [p.description, hint].filter((d) => d !== undefined).join(' ');
    properties[name] = description ? { type: p.type, description } : { type: p.type };
  }
  return {
    name: tool.name,
    description: tool.description,
    parameters: { type: 'object', properties, required: Object.keys(tool.parameters), additionalProperties: false },
  };
}

const failed = (tool: string, why: string): SottoError => new SottoError('TOOL_FAILED', `tool ${tool}: ${why}`);

/**
 * Checks the arguments against the tool's parameters and resolves entity-typed ones. Only a
 * parameter that declares an entity type gets a real value, and only of that type: a prompt-
 * injected model cannot route the SSN token into a free-text field of some other tool
 * (least privilege, DESIGN.md invariant 3). Tokens anywhere else stay tokens.
 */
function resolveArguments(tool: Tool, args: Record<string, unknown>, options: ToolRunnerOptions, resolved: ResolvedValue[]): Record<string, ToolValue> {
  const out: Record<string, ToolValue> = {};
  for (const name of Object.keys(args)) {
    if (!Object.hasOwn(tool.parameters, name)) throw failed(tool.name, `unknown argument ${name}`);
  }
  for (const [name, parameter] of Object.entries(tool.parameters)) {
    const arg = args[name];
    if (arg === undefined) throw failed(tool.name, `missing argument ${name}`);
    if (typeof arg !== parameter.type || (typeof arg === 'number' && !Number.isFinite(arg))) {
      throw failed(tool.name, `argument ${name} must be a ${parameter.type}`);
    }
    if (parameter.entityType === undefined) {
      out[name] = arg as ToolValue;
      continue;
    }
    const shape = SINGLE_TOKEN.exec(String(arg).trim());
    if (shape?.[1] !== parameter.entityType) throw failed(tool.name, `argument ${name} must be one ${parameter.entityType} token`);
    const token = `[${shape[1]}_${shape[2]}]`;
    const value = options.vault.resolve(token, options.capability); // DETECT_TOKEN_UNKNOWN for another call's token
    resolved.push({ token, value });
    out[name] = value;
  }
  return out;
}

function checkResult(toolName: string, result: unknown): Record<string, ToolValue> {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) throw failed(toolName, 'the result is not an object');
  for (const [key, value] of Object.entries(result)) {
    const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) throw failed(toolName, `result field ${key} is not a string, number or boolean`);
  }
  return result as Record<string, ToolValue>;
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, toolName: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(failed(toolName, `no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createToolRunner(options: ToolRunnerOptions): ToolRunner {
  const byName = new Map<string, Tool>();
  for (const tool of options.tools) {
    if (byName.has(tool.name)) throw new SottoError('TOOL_FAILED', `two tools are named ${tool.name}`);
    byName.set(tool.name, tool);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  return {
    async run(name, args) {
      const tool = byName.get(name);
      if (tool === undefined) throw new SottoError('TOOL_FAILED', `no tool is named ${JSON.stringify(name.slice(0, 64))}`);
      const resolved: ResolvedValue[] = [];
      const realArgs = resolveArguments(tool, args, options, resolved);
      let result: unknown;
      try {
        result = await withTimeout(tool.run(realArgs, { callId: options.callId, tenantId: options.tenantId }), timeoutMs, name);
      } catch (err) {
        if (isSottoError(err)) throw err;
        // A foreign error's message may quote the arguments it got (real values), so it is not kept.
        throw new SottoError('TOOL_FAILED', `tool ${name} threw ${err instanceof Error ? err.name : typeof err}`);
      }
      return retokenizeResult(checkResult(name, result), resolved);
    },
    describe() {
      return [...byName.values()].map(describeTool);
    },
    slots: createSlotValidator({ vault: options.vault, capability: options.capability, now: options.now }),
  };
}
