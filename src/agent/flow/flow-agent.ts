import type { Logger } from '../../log/index.js';
import type { Agent, Tool } from '../agent.js';
import { createFlowSession } from './engine.js';
import type { Flow } from './schema.js';
import { checkToolBindings } from './tool-bindings.js';

export interface FlowAgentOptions {
  /** The tools the flow will run with; checked against its tool steps now, not mid-call. */
  tools: readonly Tool[];
  logger?: Logger;
}

/** A scripted agent: no model, so nothing leaves the host (no subprocessors). */
export function createFlowAgent(flow: Flow, options: FlowAgentOptions): Agent {
  checkToolBindings(flow, options.tools);
  return {
    name: flow.name,
    subprocessors: [],
    createSession: (ctx) => createFlowSession(flow, ctx, { logger: options.logger }),
  };
}
