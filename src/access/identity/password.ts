import { hash, parseOptions, verify, type Algorithm } from '@node-rs/argon2';
import { checkPasswordStrength, generatePassword, MAX_PASSWORD_BYTES } from './password-policy.js';

// `Algorithm` is an ambient const enum, which isolatedModules cannot reference by name.
const ARGON2ID = 2 as Algorithm;

/**
 * OWASP Password Storage Cheat Sheet, argon2id: m = 19 MiB, t = 2, p = 1 is the baseline.
 * Hashing runs on libuv's thread pool, so a login does not block the event loop.
 */
export interface PasswordHashParams {
  memoryCostKiB: number;
  timeCost: number;
  parallelism: number;
}

export const OWASP_ARGON2ID: PasswordHashParams = Object.freeze({ memoryCostKiB: 19 * 1024, timeCost: 2, parallelism: 1 });

export class PasswordHasher {
  #decoy: Promise<string> | undefined;

  constructor(private readonly params: PasswordHashParams = OWASP_ARGON2ID) {}

  /** PHC string `$argon2id$v=19$m=…,t=…,p=…$salt$hash` with a fresh 16-byte salt. */
  async hash(password: string): Promise<string> {
    checkPasswordStrength(password);
    return hash(password.normalize('NFC'), this.options());
  }

  /**
   * True only for an argon2id hash that matches. Anything else — another algorithm, a corrupt
   * hash — is false: a downgraded row must not let a weaker hash decide.
   */
  async verify(stored: string, password: string): Promise<boolean> {
    if (!stored.startsWith('$argon2id$') || Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
      await this.spend(password);
      return false;
    }
    try {
      return await verify(stored, password.normalize('NFC'));
    } catch {
      return false;
    }
  }

  /**
   * Spend what a real verification costs, for an unknown user, so response time does not
   * tell which emails have accounts.
   */
  async spend(password: string): Promise<void> {
    this.#decoy ??= hash(generatePassword(), this.options());
    await verify(await this.#decoy, password.slice(0, MAX_PASSWORD_BYTES)).catch(() => false);
  }

  /** A stored hash made with weaker parameters than today's is upgraded at the next login. */
  needsRehash(stored: string): boolean {
    try {
      const current = parseOptions(stored);
      return (
        current.algorithm !== ARGON2ID ||
        current.memoryCost < this.params.memoryCostKiB ||
        current.timeCost < this.params.timeCost ||
        current.parallelism < this.params.parallelism
      );
    } catch {
      return true;
    }
  }

  private options() {
    return {
      algorithm: ARGON2ID,
      memoryCost: this.params.memoryCostKiB,
      timeCost: this.params.timeCost,
      parallelism: this.params.parallelism,
      outputLen: 32,
    };
  }
}
