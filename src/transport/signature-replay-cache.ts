import { sha256 } from '../crypto/index.js';

export interface SignatureReplayCacheOptions {
  /** How long an accepted signature is remembered; default 1 hour. */
  windowMs?: number;
  /** At most this many remembered at once; default 20 000 (oldest forgotten first). */
  maxEntries?: number;
  now?: () => number;
}

/** Remembers accepted Twilio signatures; `claim` is true the first time, false for a repeat. */
export interface SignatureReplayGuard {
  claim(signature: string): boolean | Promise<boolean>;
}

export const DEFAULT_REPLAY_WINDOW_MS = 60 * 60 * 1000;
export const DEFAULT_REPLAY_MAX_ENTRIES = 20_000;

/**
 * Twilio's signature of a Media Streams upgrade is an HMAC of the URL alone (a GET has no
 * body), with no timestamp or nonce: a captured upgrade verifies forever. Twilio connects each
 * <Stream> once, so a signature seen twice is a replay. This remembers accepted signatures for
 * `windowMs`. Keyed on the signature alone (hashed): under one auth token it fixes the URL, and a
 * replay sent with another Host spelling (say, with `:443`) carries the same signature, so it is
 * caught too.
 *
 * Per process: behind a load balancer with several processes, a replay that reaches another
 * process within the window is not seen — the server uses the shared one in the metadata store
 * (SqlSignatureReplays, src/call/stream-tokens); this one serves a bare endpoint. Size-bounded
 * so memory is too; only verified signatures are ever added, so nobody without the auth token
 * can fill it.
 */
export class SignatureReplayCache implements SignatureReplayGuard {
  readonly #seen = new Map<string, number>();
  readonly #windowMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: SignatureReplayCacheOptions = {}) {
    this.#windowMs = options.windowMs ?? DEFAULT_REPLAY_WINDOW_MS;
    this.#maxEntries = options.maxEntries ?? DEFAULT_REPLAY_MAX_ENTRIES;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#seen.size;
  }

  /** True the first time a signature is claimed within the window, false for a repeat. */
  claim(signature: string): boolean {
    const now = this.#now();
    this.#expire(now);
    const key = sha256(Buffer.from(signature, 'utf8')).toString('base64');
    const until = this.#seen.get(key);
    if (until !== undefined && until > now) return false;
    this.#seen.delete(key);
    while (this.#seen.size >= this.#maxEntries) {
      const oldest = this.#seen.keys().next();
      if (oldest.done === true) break;
      this.#seen.delete(oldest.value);
    }
    this.#seen.set(key, now + this.#windowMs);
    return true;
  }

  /** Insertion order is expiry order (one window for all), so expired entries are at the front. */
  #expire(now: number): void {
    for (const [key, until] of this.#seen) {
      if (until > now) break;
      this.#seen.delete(key);
    }
  }
}
