import { SottoError } from '../errors/index.js';
import { ENTITY_TYPES, isEntityType, type EntityType } from './types.js';

/** redact: a typed placeholder; tokenize: a per-call token only authorized code resolves; keep: left as said. */
export type RedactionAction = 'redact' | 'tokenize' | 'keep';

/** full: nothing of a card shows; last4: the last four digits stay (PCI DSS 3.4.1 truncation). */
export type CardMasking = 'full' | 'last4';

/** A tenant's redaction policy; types it does not name take `defaultAction`. */
export interface RedactionPolicy {
  defaultAction?: RedactionAction;
  actions?: Partial<Record<EntityType, RedactionAction>>;
  cardMasking?: CardMasking;
}

export const DEFAULT_POLICY: Readonly<Required<Pick<RedactionPolicy, 'defaultAction' | 'cardMasking'>>> = {
  defaultAction: 'redact',
  cardMasking: 'full',
};

export function actionFor(policy: RedactionPolicy | undefined, type: EntityType): RedactionAction {
  return policy?.actions?.[type] ?? policy?.defaultAction ?? DEFAULT_POLICY.defaultAction;
}

const ACTIONS: readonly string[] = ['redact', 'tokenize', 'keep'];

/**
 * A policy read from configuration is outside input: unknown types or actions fail closed
 * instead of silently keeping a value.
 */
export function parseRedactionPolicy(value: unknown): RedactionPolicy {
  const fail = (why: string): never => {
    throw new SottoError('DETECT_POLICY_INVALID', `redaction policy: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const raw = value as Record<string, unknown>;
  const policy: RedactionPolicy = {};
  if (raw.defaultAction !== undefined) {
    if (typeof raw.defaultAction !== 'string' || !ACTIONS.includes(raw.defaultAction)) fail('defaultAction must be redact, tokenize or keep');
    policy.defaultAction = raw.defaultAction as RedactionAction;
  }
  if (raw.cardMasking !== undefined) {
    if (raw.cardMasking !== 'full' && raw.cardMasking !== 'last4') fail('cardMasking must be full or last4');
    policy.cardMasking = raw.cardMasking as CardMasking;
  }
  if (raw.actions !== undefined) {
    if (typeof raw.actions !== 'object' || raw.actions === null) return fail('actions must be an object');
    const actions: Partial<Record<EntityType, RedactionAction>> = {};
    for (const [type, action] of Object.entries(raw.actions)) {
      if (!isEntityType(type)) fail(`unknown entity type (expected one of ${ENTITY_TYPES.join(', ')})`);
      if (typeof action !== 'string' || !ACTIONS.includes(action)) fail('each action must be redact, tokenize or keep');
      actions[type as EntityType] = action as RedactionAction;
    }
    policy.actions = actions;
  }
  return policy;
}
