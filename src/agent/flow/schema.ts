// The flow file format (agents/*.yaml). Strict objects everywhere: a misspelt key is an error,
// not a silently ignored option, because a flow decides where a caller's card number goes.
import { z } from 'zod';
import { ENTITY_TYPES } from '../../detect/index.js';
import { isSlotValidatorName, type SlotValidatorName } from '../slot-validator.js';

const id = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'use lower_snake_case (a letter first, at most 64 characters)');
const prompt = z.string().trim().min(1).max(2000);
const retries = z.number().int().min(0).max(5).default(2);
const scalar = z.union([z.string().max(500), z.number().finite(), z.boolean()]);

const validator = z
  .string()
  .refine(isSlotValidatorName, 'unknown validator; use luhn, expiry_future, cvv, date_past, ssn or digits:N-M')
  .transform((name) => name as SlotValidatorName);

const sayStep = z.strictObject({ kind: z.literal('say'), prompt, next: id });

const collectStep = z.strictObject({
  kind: z.literal('collect'),
  prompt,
  slot: id,
  entityType: z.enum(ENTITY_TYPES),
  validators: z.array(validator).max(8).default([]),
  /** Keypad digits for a sensitive slot are tokenized like speech and never stored. */
  sensitive: z.boolean().default(true),
  keypad: z.strictObject({ maxDigits: z.number().int().min(1).max(32), finishOnKey: z.literal('#').optional() }).optional(),
  retries,
  reprompt: prompt.optional(),
  next: id,
  onFail: id,
});

const confirmStep = z.strictObject({
  kind: z.literal('confirm'),
  prompt,
  yes: id,
  no: id,
  retries,
  reprompt: prompt.optional(),
  onFail: id,
});

const chooseStep = z.strictObject({
  kind: z.literal('choose'),
  prompt,
  /** Stores the chosen option's name (not sensitive: one of the options below). */
  slot: id.optional(),
  options: z
    .record(id, z.strictObject({ next: id, synonyms: z.array(z.string().trim().min(1).max(100)).max(20).default([]) }))
    .refine((options) => Object.keys(options).length >= 2, 'a choice needs at least two options'),
  retries,
  reprompt: prompt.optional(),
  onFail: id,
});

/** Where a tool argument comes from: a collected slot (a token), a literal, or an earlier tool result field. */
const argument = z.union([
  z.strictObject({ slot: id }),
  z.strictObject({ value: scalar }),
  z.strictObject({ result: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'write result.field') }),
]);

const toolStep = z.strictObject({
  kind: z.literal('tool'),
  tool: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'a tool name is letters, digits, _ or -'),
  args: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/), argument).default({}),
  /** Name under which the (re-tokenized) result is kept for prompts, branches and later tools. */
  result: id.optional(),
  /** First branch whose fields all equal the result's goes; otherwise `next`. */
  branches: z.array(z.strictObject({ when: z.record(id, scalar).refine((w) => Object.keys(w).length > 0, 'when needs a field'), next: id })).max(16).default([]),
  next: id,
  onError: id,
});

const endStep = z.strictObject({
  kind: z.literal('end'),
  prompt,
  outcome: z.enum(['completed', 'failed', 'transferred', 'abandoned']),
});

export const STEP_SCHEMA = z.discriminatedUnion('kind', [sayStep, collectStep, confirmStep, chooseStep, toolStep, endStep]);

export const FLOW_SCHEMA = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'use lower-kebab-case'),
  description: z.string().trim().min(1).max(500),
  greeting: prompt.optional(),
  start: id,
  steps: z.record(id, STEP_SCHEMA).refine((steps) => Object.keys(steps).length > 0, 'a flow needs steps'),
});

export type Flow = z.infer<typeof FLOW_SCHEMA>;
export type FlowStep = z.infer<typeof STEP_SCHEMA>;
export type StepOf<K extends FlowStep['kind']> = Extract<FlowStep, { kind: K }>;
export type ToolArgument = z.infer<typeof argument>;
