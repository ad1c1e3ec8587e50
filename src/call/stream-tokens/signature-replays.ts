import { sha256 } from '../../crypto/index.js';
import { timestampParam } from '../../store/meta/records.js';
import type { SqlClient } from '../../store/meta/sql-client.js';
import { DEFAULT_REPLAY_WINDOW_MS, type SignatureReplayGuard } from '../../transport/index.js';

/** Expired claims are deleted at most this often, by whichever process claims next. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Accepted Twilio signatures in the metadata store (migration 14), so a replayed signed upgrade
 * is refused by every process sharing it — not only by the one that saw it first, as a
 * per-process cache would — and none is forgotten early under load (the table is bounded by
 * the window, not by a count). One conditional upsert: of two processes claiming the same
 * signature at once, exactly one gets the row back. Only a SHA-256 of the signature is kept.
 */
export class SqlSignatureReplays implements SignatureReplayGuard {
  private prunedAt = 0;

  constructor(
    private readonly sql: SqlClient,
    private readonly windowMs: number = DEFAULT_REPLAY_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(signature: string): Promise<boolean> {
    const now = this.now();
    const nowParam = timestampParam(new Date(now).toISOString(), 'now');
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = now;
      await this.sql.run('DELETE FROM media_signature_claims WHERE expires_at <= ?', [nowParam]);
    }
    const hash = sha256(Buffer.from(signature, 'utf8')).toString('base64');
    // A row whose window has passed is taken over; a live one is left alone and nothing returns.
    const claimed = await this.sql.rows<{ signature_hash: string }>(
      `INSERT INTO media_signature_claims (signature_hash, claimed_at, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (signature_hash) DO UPDATE SET claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
       WHERE media_signature_claims.expires_at <= excluded.claimed_at
       RETURNING signature_hash`,
      [hash, nowParam, timestampParam(new Date(now + this.windowMs).toISOString(), 'expiresAt')],
    );
    return claimed.length === 1;
  }
}
