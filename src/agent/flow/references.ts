// Checks a flow beyond its shape: every step it names exists, every slot and result it reads is
// written somewhere, every step is reachable, and no loop runs without waiting for the caller.
import type { Flow, FlowStep } from './schema.js';

export type FlowPath = (string | number)[];

export interface FlowProblem {
  path: FlowPath;
  message: string;
}

/** `{result.field}` in a prompt: a field of a named tool result. */
export const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\}/g;

/** The steps a step can go to, each with the path of the key that names it. */
export function transitions(step: FlowStep): { key: FlowPath; target: string }[] {
  switch (step.kind) {
    case 'say':
      return [{ key: ['next'], target: step.next }];
    case 'collect':
      return [{ key: ['next'], target: step.next }, { key: ['onFail'], target: step.onFail }];
    case 'confirm':
      return [{ key: ['yes'], target: step.yes }, { key: ['no'], target: step.no }, { key: ['onFail'], target: step.onFail }];
    case 'choose':
      return [
        ...Object.entries(step.options).map(([name, option]) => ({ key: ['options', name, 'next'], target: option.next })),
        { key: ['onFail'], target: step.onFail },
      ];
    case 'tool':
      return [
        ...step.branches.map((branch, i) => ({ key: ['branches', i, 'next'], target: branch.next })),
        { key: ['next'], target: step.next },
        { key: ['onError'], target: step.onError },
      ];
    case 'end':
      return [];
  }
}

/** Steps that run without a caller turn in between: a cycle of only these would never end. */
const runsThrough = (step: FlowStep): boolean => step.kind === 'say' || step.kind === 'tool';

function promptsOf(step: FlowStep): { key: FlowPath; text: string }[] {
  const out: { key: FlowPath; text: string }[] = [];
  if ('prompt' in step) out.push({ key: ['prompt'], text: step.prompt });
  if ('reprompt' in step && step.reprompt !== undefined) out.push({ key: ['reprompt'], text: step.reprompt });
  return out;
}

export function checkReferences(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const steps = Object.entries(flow.steps);
  const slots = new Set<string>();
  const results = new Set<string>();
  for (const [, step] of steps) {
    if ((step.kind === 'collect' || step.kind === 'choose') && step.slot !== undefined) slots.add(step.slot);
    if (step.kind === 'tool' && step.result !== undefined) results.add(step.result);
  }
  if (!Object.hasOwn(flow.steps, flow.start)) problems.push({ path: ['start'], message: `no step is named ${flow.start}` });
  for (const [id, step] of steps) {
    for (const { key, target } of transitions(step)) {
      if (!Object.hasOwn(flow.steps, target)) problems.push({ path: ['steps', id, ...key], message: `no step is named ${target}` });
    }
    for (const { key, text } of promptsOf(step)) {
      for (const [, name] of text.matchAll(PLACEHOLDER)) {
        if (!results.has(name ?? '')) problems.push({ path: ['steps', id, ...key], message: `{${name}.…} names no tool result` });
      }
    }
    if (step.kind === 'tool') {
      for (const [arg, source] of Object.entries(step.args)) {
        if ('slot' in source && !slots.has(source.slot)) problems.push({ path: ['steps', id, 'args', arg, 'slot'], message: `no step collects a slot named ${source.slot}` });
        if ('result' in source && !results.has(source.result.split('.')[0] ?? '')) {
          problems.push({ path: ['steps', id, 'args', arg, 'result'], message: `no tool step keeps a result named ${source.result.split('.')[0]}` });
        }
      }
    }
  }
  if (flow.greeting !== undefined && [...flow.greeting.matchAll(PLACEHOLDER)].length > 0) {
    problems.push({ path: ['greeting'], message: 'the greeting runs before any tool: it cannot use {result.field}' });
  }
  if (problems.length === 0) problems.push(...checkGraph(flow));
  return problems;
}

function checkGraph(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const reachable = new Set<string>();
  const queue = [flow.start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (reachable.has(id)) continue;
    reachable.add(id);
    const step = flow.steps[id];
    if (step) queue.push(...transitions(step).map((t) => t.target));
  }
  for (const id of Object.keys(flow.steps)) {
    if (!reachable.has(id)) problems.push({ path: ['steps', id], message: `step ${id} cannot be reached from ${flow.start}` });
  }
  // Depth-first search for a cycle through say and tool steps only.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): string | undefined => {
    const step = flow.steps[id];
    if (step === undefined || !runsThrough(step) || state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return id;
    state.set(id, 'open');
    for (const { target } of transitions(step)) {
      const loop = visit(target);
      if (loop !== undefined) return loop;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of Object.keys(flow.steps)) {
    const loop = visit(id);
    if (loop !== undefined) {
      problems.push({ path: ['steps', loop], message: `step ${loop} is in a loop that never waits for the caller` });
      break;
    }
  }
  return problems;
}
