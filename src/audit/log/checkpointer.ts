import { signCheckpoint, type NoteSigner } from '../checkpoint/index.js';
import type { AuditStore } from '../store/index.js';

/**
 * Signs checkpoints: on demand, and at most `intervalMs` after an entry is committed while
 * entries keep arriving (Tessera signs at least every 10 s); an idle log signs nothing. Signing
 * reads the latest committed tree state, so any process's appends are covered.
 */
export class Checkpointer {
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly store: AuditStore,
    private readonly signer: NoteSigner,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** An entry was committed: make sure a checkpoint follows within the interval. */
  entriesCommitted(): void {
    if (this.closed || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.checkpoint().catch(this.onError);
    }, this.intervalMs);
    // The server keeps the process alive; a CLI run signs its final checkpoint in close().
    this.timer.unref();
  }

  /** Sign and store the current tree head; resolves with the signed note. One at a time. */
  checkpoint(): Promise<string> {
    const run = this.chain.then(() => this.signLatest());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Stop the timer; sign once more if entries were committed since the last checkpoint. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.timer !== undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (pending) await this.checkpoint();
    await this.chain;
  }

  private async signLatest(): Promise<string> {
    const state = await this.store.latestState();
    const note = signCheckpoint({ origin: this.signer.name, size: state.size, rootHash: state.root() }, this.signer);
    // Another process may have signed this size already: Ed25519 is deterministic, so with the
    // same key and origin its note is this one, and the first stored wins either way.
    await this.store.insertCheckpoint({ size: state.size, note });
    return note;
  }
}
