import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SottoError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { Agent, Tool } from './agent.js';
import { createFlowAgent } from './flow/flow-agent.js';
import { parseFlow } from './flow/parse.js';

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

/** loadAgent for synchronous callers (a per-call agent factory); flow files are a few kilobytes. */
export function loadAgentSync(nameOrPath: string, options: LoadAgentOptions): Agent {
  const path = flowPath(nameOrPath);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw unreadable(path, cause);
  }
  return createFlowAgent(parseFlow(text, path), options);
}
