import { SottoError } from '../errors/index.js';
import type { EntityType } from './types.js';

/**
 * The right to turn a token back into its value. Only the object a vault was created with
 * works (compared by identity); the call session hands it to authorized tool code alone
 * (a payment tool), never to the LLM prompt builder or a logger (DESIGN.md invariant 3).
 */
export interface TokenCapability {
  readonly purpose: string;
}

/**
 * Per-call, memory-only store of detected values behind stable tokens ("[CREDIT_CARD_1]").
 * Values are kept as Buffers so wipe() can zero them; JavaScript strings handed to tokenize()
 * or returned by resolve() cannot be zeroed and are left to the garbage collector.
 */
export interface TokenVault {
  /** The same value of the same type always yields the same token during a call. */
  tokenize(type: EntityType, value: string): string;
  resolve(token: string, capability: TokenCapability): string;
  has(token: string): boolean;
  readonly size: number;
  /** Zeroes every value and forgets every token; the vault refuses all use afterwards. */
  wipe(): void;
}

export interface CallTokenVault {
  vault: TokenVault;
  capability: TokenCapability;
}

const TOKEN_SHAPE = /^\[([A-Z_]+)_(\d+)\]$/;

export function createTokenVault(purpose = 'resolve tokens of one call'): CallTokenVault {
  const capability: TokenCapability = Object.freeze({ purpose });
  const values = new Map<string, Buffer>();
  const tokensByKey = new Map<string, string>();
  const counters = new Map<EntityType, number>();
  let wiped = false;
  const live = (): void => {
    if (wiped) throw new SottoError('DETECT_VAULT_WIPED');
  };
  const vault: TokenVault = {
    tokenize(type, value) {
      live();
      const key = `${type}\u0000${value}`;
      const existing = tokensByKey.get(key);
      if (existing) return existing;
      const n = (counters.get(type) ?? 0) + 1;
      counters.set(type, n);
      const token = `[${type}_${n}]`;
      tokensByKey.set(key, token);
      values.set(token, Buffer.from(value, 'utf8'));
      return token;
    },
    resolve(token, presented) {
      live();
      if (presented !== capability) throw new SottoError('DETECT_CAPABILITY_INVALID');
      const value = TOKEN_SHAPE.test(token) ? values.get(token) : undefined;
      if (!value) throw new SottoError('DETECT_TOKEN_UNKNOWN');
      return value.toString('utf8');
    },
    has(token) {
      return !wiped && values.has(token);
    },
    get size() {
      return values.size;
    },
    wipe() {
      for (const buffer of values.values()) buffer.fill(0);
      values.clear();
      tokensByKey.clear();
      counters.clear();
      wiped = true;
    },
  };
  return { vault, capability };
}
