import type { AgentReply } from '../../agent/index.js';

export type KeypadExpectation = NonNullable<NonNullable<AgentReply['expect']>['keypad']>;

/**
 * Collects keypad digits for one prompt. The digits live only here until the prompt is
 * answered; the session tokenizes them at once, so they never reach a transcript or a log.
 */
export class KeypadCollector {
  private digits = '';
  private firstAtMs: number | undefined;

  constructor(private readonly expectation: KeypadExpectation) {}

  /** Adds a digit; returns the collected digits when the entry is complete. */
  press(digit: string, atMs: number): { digits: string; startMs: number } | undefined {
    this.firstAtMs ??= atMs;
    if (digit === this.expectation.finishOnKey) return this.take();
    if (!/^[0-9]$/.test(digit)) return undefined;
    this.digits += digit;
    return this.digits.length >= this.expectation.maxDigits ? this.take() : undefined;
  }

  /** Ends the entry early (e.g. the caller stopped pressing keys); undefined if nothing was pressed. */
  flush(): { digits: string; startMs: number } | undefined {
    return this.digits ? this.take() : undefined;
  }

  private take(): { digits: string; startMs: number } | undefined {
    const taken = { digits: this.digits, startMs: this.firstAtMs ?? 0 };
    this.digits = '';
    this.firstAtMs = undefined;
    return taken.digits ? taken : undefined;
  }
}
