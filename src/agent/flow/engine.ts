import { SottoError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import type { AgentContext, AgentReply, AgentSession, CallOutcome, CallerTurn, ToolValue } from '../agent.js';
import { CONFIRM_OPTIONS, matchAnswer } from './option-matcher.js';
import { renderPrompt } from './prompt.js';
import type { Flow, FlowStep, StepOf, ToolArgument } from './schema.js';

type InputStep = StepOf<'collect'> | StepOf<'confirm'> | StepOf<'choose'>;

/** Say and tool steps chained without a caller turn; the flow checks forbid loops, this bounds the rest. */
const MAX_STEPS_PER_TURN = 64;

export interface FlowSessionOptions {
  /** Tool failures are logged by code and step only, never with arguments or results. */
  logger?: Logger;
}

function expectationOf(step: InputStep): AgentReply['expect'] {
  if (step.kind !== 'collect') return undefined;
  return { entityType: step.entityType, sensitive: step.sensitive, ...(step.keypad ? { keypad: step.keypad } : {}) };
}

/** One call through a flow: a state machine over its steps, holding tokens and tool results only. */
export function createFlowSession(flow: Flow, ctx: AgentContext, options: FlowSessionOptions = {}): AgentSession {
  const validating = Object.values(flow.steps).some((s) => s.kind === 'collect' && s.validators.length > 0);
  // Fail closed when wired without a validator: skipping the checks would charge unchecked cards.
  const validator = ctx.tools.slots;
  if (validating && validator === undefined) throw new SottoError('INTERNAL', `flow ${flow.name} validates slots but its tool runner has no slot validator`);
  const slots = new Map<string, string>();
  const results = new Map<string, Record<string, ToolValue>>();
  let waiting: { id: string; step: InputStep; failures: number } | undefined;
  let ended: CallOutcome | undefined;
  let started = false;
  let queue: Promise<unknown> = Promise.resolve();

  /** Turns are handled one at a time, in order, even when the session does not await each reply. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  const argumentValue = (source: ToolArgument): ToolValue => {
    if ('value' in source) return source.value;
    if ('slot' in source) {
      const value = slots.get(source.slot);
      if (value === undefined) throw new SottoError('FLOW_INVALID', `flow ${flow.name}: slot ${source.slot} was not collected on this path`);
      return value;
    }
    const [name = '', field = ''] = source.result.split('.');
    const value = results.get(name)?.[field];
    if (value === undefined) throw new SottoError('TOOL_FAILED', `flow ${flow.name}: no tool result ${source.result}`);
    return value;
  };

  /** Runs a tool step and names the step to go to: a matching branch, `next`, or `onError`. */
  const runTool = async (id: string, step: StepOf<'tool'>): Promise<string> => {
    try {
      const args = Object.fromEntries(Object.entries(step.args).map(([name, source]) => [name, argumentValue(source)]));
      const result = await ctx.tools.run(step.tool, args);
      if (step.result !== undefined) results.set(step.result, result);
      const branch = step.branches.find((b) => Object.entries(b.when).every(([field, value]) => result[field] === value));
      return branch?.next ?? step.next;
    } catch (err) {
      const code = err instanceof SottoError ? err.code : 'INTERNAL';
      options.logger?.warn({ flow: flow.name, step: id, tool: step.tool, code }, 'flow tool step failed');
      return step.onError;
    }
  };

  /** Walks from `id` through say and tool steps to the next step that waits for the caller, or an end. */
  const advance = async (id: string, spoken: string[]): Promise<AgentReply> => {
    let at = id;
    for (let hops = 0; hops < MAX_STEPS_PER_TURN; hops += 1) {
      const step: FlowStep | undefined = flow.steps[at];
      if (step === undefined) throw new SottoError('FLOW_INVALID', `flow ${flow.name}: no step ${at}`);
      switch (step.kind) {
        case 'say':
          spoken.push(renderPrompt(step.prompt, results));
          at = step.next;
          break;
        case 'tool':
          at = await runTool(at, step);
          break;
        case 'end':
          spoken.push(renderPrompt(step.prompt, results));
          waiting = undefined;
          ended = step.outcome;
          return { say: spoken.join(' '), end: { outcome: step.outcome } };
        default: {
          spoken.push(renderPrompt(step.prompt, results));
          waiting = { id: at, step, failures: 0 };
          const expect = expectationOf(step);
          return expect ? { say: spoken.join(' '), expect } : { say: spoken.join(' ') };
        }
      }
    }
    throw new SottoError('FLOW_INVALID', `flow ${flow.name}: more than ${MAX_STEPS_PER_TURN} steps without waiting for the caller`);
  };

  /** No usable answer: ask again, or after `retries` more tries go to `onFail`. */
  const retry = (current: NonNullable<typeof waiting>): Promise<AgentReply> => {
    current.failures += 1;
    if (current.failures > current.step.retries) return advance(current.step.onFail, []);
    const say = renderPrompt(current.step.reprompt ?? current.step.prompt, results);
    const expect = expectationOf(current.step);
    return Promise.resolve(expect ? { say, expect } : { say });
  };

  /** The token of the first entity of the expected type: a slot is never filled from raw text. */
  const collected = (step: StepOf<'collect'>, turn: CallerTurn): string | undefined => {
    const token = turn.entities.find((e) => e.type === step.entityType)?.token;
    if (token === undefined) return undefined;
    return step.validators.every((v) => validator?.validate(token, v) === true) ? token : undefined;
  };

  const answer = async (turn: CallerTurn): Promise<AgentReply> => {
    const current = waiting;
    if (current === undefined) throw new SottoError('USAGE', 'respond() before start()');
    const { step } = current;
    if (step.kind === 'collect') {
      const token = collected(step, turn);
      if (token === undefined) return retry(current);
      slots.set(step.slot, token);
      return advance(step.next, []);
    }
    if (step.kind === 'confirm') {
      const choice = matchAnswer(turn.text, CONFIRM_OPTIONS);
      if (choice === undefined) return retry(current);
      return advance(choice === 'yes' ? step.yes : step.no, []);
    }
    const options = Object.entries(step.options).map(([name, option]) => ({ name, phrases: option.synonyms }));
    const choice = matchAnswer(turn.text, options);
    const option = choice === undefined ? undefined : step.options[choice];
    if (choice === undefined || option === undefined) return retry(current);
    if (step.slot !== undefined) slots.set(step.slot, choice);
    return advance(option.next, []);
  };

  const endedReply = (outcome: CallOutcome): AgentReply => ({ say: '', end: { outcome } });

  return {
    start: () =>
      serial(async () => {
        if (started) throw new SottoError('USAGE', 'start() was already called for this session');
        started = true;
        return advance(flow.start, flow.greeting === undefined ? [] : [renderPrompt(flow.greeting, results)]);
      }),
    respond: (turn) => serial(() => (ended !== undefined ? Promise.resolve(endedReply(ended)) : answer(turn))),
    silence: () =>
      serial(() => {
        if (ended !== undefined) return Promise.resolve(endedReply(ended));
        if (waiting === undefined) throw new SottoError('USAGE', 'silence() before start()');
        return retry(waiting);
      }),
  };
}
