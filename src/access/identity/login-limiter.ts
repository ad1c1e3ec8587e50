import { isSottoError, SottoError } from '../../errors/index.js';

export interface LoginLimits {
  /** Failures allowed per (tenant, email) within the window; default 5 (OWASP ASVS 2.2.1). */
  maxFailuresPerAccount: number;
  /** Failures allowed per source address; higher, as an office shares one address. Default 20. */
  maxFailuresPerSource: number;
  /** Sliding window; default 15 min. */
  windowMs: number;
  /** Keys remembered at most (oldest forgotten first), bounding memory under a spray. */
  maxTrackedKeys: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = Object.freeze({
  maxFailuresPerAccount: 5,
  maxFailuresPerSource: 20,
  windowMs: 15 * 60_000,
  maxTrackedKeys: 100_000,
});

export interface LoginAttempt {
  tenantId: string;
  email: string;
  /** The client's address as the server sees it (behind a proxy: the trusted forwarded one). */
  source: string;
}

/**
 * In-memory failed-login limiter for one process. The HTTP layer wraps each login in
 * `guard`: a locked account or address is refused with RATE_LIMITED before the password is
 * even checked. It counts AUTH_INVALID only; a success clears the account's count.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly pending = new Map<string, number>();
  private readonly limits: LoginLimits;

  constructor(
    limits: Partial<LoginLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
  }

  /** RATE_LIMITED if the account or the source has failed too often within the window. */
  check(attempt: LoginAttempt): void {
    const { account, source } = keys(attempt);
    if (this.count(account) >= this.limits.maxFailuresPerAccount || this.count(source) >= this.limits.maxFailuresPerSource) {
      throw new SottoError('RATE_LIMITED');
    }
  }

  recordFailure(attempt: LoginAttempt): void {
    const { account, source } = keys(attempt);
    this.add(account, this.limits.maxFailuresPerAccount);
    this.add(source, this.limits.maxFailuresPerSource);
  }

  recordSuccess(attempt: LoginAttempt): void {
    this.failures.delete(keys(attempt).account);
  }

  /**
   * Check, run the login, record the outcome. Attempts still in flight count as failures
   * while they run: otherwise many parallel guesses all pass `check` before the slow password
   * hash of the first one has finished (found in review: 11 guesses got through a limit of 5).
   */
  async guard<T>(attempt: LoginAttempt, login: () => Promise<T>): Promise<T> {
    const { account, source } = keys(attempt);
    if (this.count(account) + this.inFlight(account) >= this.limits.maxFailuresPerAccount || this.count(source) + this.inFlight(source) >= this.limits.maxFailuresPerSource) {
      throw new SottoError('RATE_LIMITED');
    }
    this.pending.set(account, this.inFlight(account) + 1);
    this.pending.set(source, this.inFlight(source) + 1);
    try {
      const result = await login();
      this.recordSuccess(attempt);
      return result;
    } catch (err) {
      if (isSottoError(err, 'AUTH_INVALID')) this.recordFailure(attempt);
      throw err;
    } finally {
      for (const key of [account, source]) {
        const left = this.inFlight(key) - 1;
        if (left > 0) this.pending.set(key, left);
        else this.pending.delete(key);
      }
    }
  }

  private inFlight(key: string): number {
    return this.pending.get(key) ?? 0;
  }

  private count(key: string): number {
    const times = this.failures.get(key);
    if (times === undefined) return 0;
    const since = this.now() - this.limits.windowMs;
    const live = times.filter((t) => t > since);
    if (live.length === 0) this.failures.delete(key);
    else if (live.length !== times.length) this.failures.set(key, live);
    return live.length;
  }

  private add(key: string, keep: number): void {
    const since = this.now() - this.limits.windowMs;
    const times = (this.failures.get(key) ?? []).filter((t) => t > since);
    times.push(this.now());
    // Re-inserted, so Map order is least-recently-failed first for eviction.
    this.failures.delete(key);
    this.failures.set(key, times.slice(-keep));
    while (this.failures.size > this.limits.maxTrackedKeys) {
      const oldest = this.failures.keys().next();
      if (oldest.done === true) break;
      this.failures.delete(oldest.value);
    }
  }
}

function keys(attempt: LoginAttempt): { account: string; source: string } {
  // JSON keeps the parts apart: no tenant/email pair can collide with another.
  return {
    account: JSON.stringify(['account', attempt.tenantId, attempt.email.trim().normalize('NFC').toLowerCase()]),
    source: JSON.stringify(['source', attempt.source]),
  };
}
