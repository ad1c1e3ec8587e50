import { SottoError } from '../../errors/index.js';
import type { Tool } from '../agent.js';
import { formatFlowPath } from './parse.js';
import type { Flow } from './schema.js';

/**
 * Checks a flow against the tools it will run with, when the agent is loaded rather than
 * mid-call: every tool exists, gets exactly its parameters, and each entity-typed parameter is
 * fed from a slot collected as that entity type (a card-number parameter cannot be wired to
 * the SSN slot by mistake).
 */
export function checkToolBindings(flow: Flow, tools: readonly Tool[], source = flow.name): void {
  const byName = new Map(tools.map((t) => [t.name, t]));
  const slotTypes = new Map<string, string>();
  for (const step of Object.values(flow.steps)) {
    if (step.kind === 'collect') slotTypes.set(step.slot, step.entityType);
    if (step.kind === 'choose' && step.slot !== undefined) slotTypes.set(step.slot, 'choice');
  }
  const fail = (path: (string | number)[], message: string): never => {
    throw new SottoError('FLOW_INVALID', `flow ${source}: ${formatFlowPath(path)}: ${message}`);
  };
  for (const [id, step] of Object.entries(flow.steps)) {
    if (step.kind !== 'tool') continue;
    const tool = byName.get(step.tool);
    if (tool === undefined) return fail(['steps', id, 'tool'], `no tool named ${step.tool} was given to the agent`);
    for (const arg of Object.keys(step.args)) {
      if (!Object.hasOwn(tool.parameters, arg)) fail(['steps', id, 'args', arg], `tool ${tool.name} has no parameter ${arg}`);
    }
    for (const [name, parameter] of Object.entries(tool.parameters)) {
      const source = step.args[name];
      if (source === undefined) return fail(['steps', id, 'args'], `tool ${tool.name} needs ${name}`);
      if (parameter.entityType === undefined) continue;
      const type = 'slot' in source ? slotTypes.get(source.slot) : undefined;
      if (type !== parameter.entityType) fail(['steps', id, 'args', name], `${name} takes a ${parameter.entityType} slot`);
    }
  }
}
