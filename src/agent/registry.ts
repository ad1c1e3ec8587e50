import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SottoError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { Agent, Tool } from './agent.js';
import { createFlowAgent } from './flow/flow-agent.js';
import { parseFlow } from './flow/parse.js';
import type { Flow } from './flow/schema.js';

/** Flow files shipped with Sotto: `agents/` at the project root. */
export const BUILT_IN_AGENTS_DIR = fileURLToPath(new URL('../../agents/', import.meta.url));

export const BUILT_IN_AGENTS = ['card-payment', 'appointment-booking'] as const;
export type BuiltInAgentName = (typeof BUILT_IN_AGENTS)[number];

export interface AgentListing {
  name: BuiltInAgentName;
  path: string;
}

export function listAgents(): AgentListing[] {
  return BUILT_IN_AGENTS.map((name) => ({ name, path: resolve(BUILT_IN_AGENTS_DIR, `${name}.yaml`) }));
}

export interface LoadAgentOptions {
  /** The tools the agent's tool steps run; checked against the flow now. */
  tools: readonly Tool[];
  logger?: Logger;
}

const isBuiltIn = (name: string): name is BuiltInAgentName => (BUILT_IN_AGENTS as readonly string[]).includes(name);

function flowPath(nameOrPath: string): string {
  if (isBuiltIn(nameOrPath)) return resolve(BUILT_IN_AGENTS_DIR, `${nameOrPath}.yaml`);
  const looksLikePath = /[\\/]/.test(nameOrPath) || /\.ya?ml$/i.test(nameOrPath);
  if (looksLikePath) return isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
  throw new SottoError('AGENT_UNKNOWN', `no agent is named ${JSON.stringify(nameOrPath.slice(0, 64))}; built in: ${BUILT_IN_AGENTS.join(', ')}`);
}

const unreadable = (path: string, cause: unknown): SottoError => new SottoError('AGENT_UNKNOWN', `the flow file ${path} cannot be read`, { cause });

/**
 * A flow agent by built-in name ("card-payment") or by path to a flow file (anything with a
 * slash or a .yaml/.yml ending). Unknown names are AGENT_UNKNOWN; bad files are FLOW_INVALID.
 */
export async function loadAgent(nameOrPath: string, options: LoadAgentOptions): Promise<Agent> {
  const path = flowPath(nameOrPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw unreadable(path, cause);
  }
  return createFlowAgent(parseFlow(text, path), options);
}

/** Freezes a parsed flow all the way down: every call's session reads the one copy, none may change it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const builtInFlows = new Map<BuiltInAgentName, Flow>();

/**
 * A built-in flow, parsed once per process and frozen: parsing and checking a flow costs ~4 ms,
 * which every call paid on the server's event loop. The files ship with Sotto and do not change
 * while it runs; flows loaded by path are read afresh each time.
 */
export function builtInFlow(name: BuiltInAgentName): Flow {
  let flow = builtInFlows.get(name);
  if (!flow) {
    const path = resolve(BUILT_IN_AGENTS_DIR, `${name}.yaml`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw unreadable(path, cause);
    }
    flow = deepFreeze(parseFlow(text, path));
    builtInFlows.set(name, flow);
  }
  return flow;
}

/**
 * loadAgent for synchronous callers (a per-call agent factory). A built-in name uses the flow
 * parsed once (builtInFlow); each agent's sessions keep their own state.
 */
export function loadAgentSync(nameOrPath: string, options: LoadAgentOptions): Agent {
  if (isBuiltIn(nameOrPath)) return createFlowAgent(builtInFlow(nameOrPath), options);
  const path = flowPath(nameOrPath);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw unreadable(path, cause);
  }
  return createFlowAgent(parseFlow(text, path), options);
}
