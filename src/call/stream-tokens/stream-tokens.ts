import { randomId, randomToken, sha256 } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import type { SqlClient } from '../../store/meta/sql-client.js';
import type { StreamGrant } from '../../transport/index.js';
import { checkTenantId } from '../../vault/names.js';
import { SqlStreamTokenRepository, type StreamTokenRecord } from './stream-token-repository.js';
import { STREAM_TOKEN_BYTES, STREAM_TOKEN_PREFIX, isStreamTokenShape } from './stream-token-shape.js';

export const DEFAULT_STREAM_TOKEN_TTL_SECONDS = 5 * 60;
export const MAX_STREAM_TOKEN_TTL_SECONDS = 60 * 60;

// A built-in agent name or `llm` (never a path: a token must not choose a flow file).
const AGENT = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Expired tokens are kept this long, so a late reuse is still told apart from a forgery. */
const KEEP_EXPIRED_MS = 24 * 60 * 60 * 1000;

export interface MintStreamToken {
  tenantId: string;
  /** Binds the stream to this agent; the `start` message may then not ask for another. */
  agent?: string;
  /** Default 300, at most 3600. */
  ttlSeconds?: number;
  /** The principal minting it (kept in the row for operators; the audit entry has it too). */
  createdBy: string;
}

export interface MintedStreamToken {
  id: string;
  /** `sotto_m_…`: shown once; only its SHA-256 is stored. */
  token: string;
  tenantId: string;
  agent: string | undefined;
  expiresAt: string;
}

function hashOf(token: string): string {
  return sha256(Buffer.from(token, 'utf8')).toString('hex');
}

/**
 * One-time, short-lived credentials for media streams (issue 5): minted by a principal holding
 * `call.connect` (the caller authorizes and audits), consumed atomically on the upgrade.
 */
export class StreamTokens {
  private readonly repo: SqlStreamTokenRepository;

  constructor(
    sql: SqlClient,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.repo = new SqlStreamTokenRepository(sql);
  }

  /** USAGE for a bad agent name or lifetime; NOT_FOUND if the tenant does not exist. */
  async mint(request: MintStreamToken): Promise<MintedStreamToken> {
    const tenantId = checkTenantId(request.tenantId);
    const { agent } = request;
    if (agent !== undefined && !AGENT.test(agent)) throw new SottoError('USAGE', 'agent must be an agent name (a-z, 0-9, _ and -, at most 64)');
    const ttlSeconds = request.ttlSeconds ?? DEFAULT_STREAM_TOKEN_TTL_SECONDS;
    if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_STREAM_TOKEN_TTL_SECONDS) {
      throw new SottoError('USAGE', `a stream token lives 1 to ${MAX_STREAM_TOKEN_TTL_SECONDS} seconds`);
    }
    const now = this.now();
    await this.repo.prune(new Date(now.getTime() - KEEP_EXPIRED_MS).toISOString());
    const token = `${STREAM_TOKEN_PREFIX}${randomToken(STREAM_TOKEN_BYTES)}`;
    const record: StreamTokenRecord = {
      id: randomId('stk'),
      tenantId,
      agent,
      tokenHash: hashOf(token),
      createdBy: request.createdBy,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
      usedAt: undefined,
    };
    await this.repo.create(record);
    return { id: record.id, token, tenantId, agent, expiresAt: record.expiresAt };
  }

  /** Withdraws a minted token (used when its mint could not be audited). */
  async discard(id: string): Promise<void> {
    await this.repo.delete(id);
  }

  /**
   * Admits one stream: the grant of an unused, unexpired token, which is used from then on.
   * TRANSPORT_STREAM_TOKEN_USED / _EXPIRED when that is why; TRANSPORT_AUTH_FAILED otherwise
   * (malformed, unknown, an API or session token).
   */
  async consume(token: string): Promise<StreamGrant> {
    if (!isStreamTokenShape(token)) throw new SottoError('TRANSPORT_AUTH_FAILED', 'the stream token is not a stream token');
    const hash = hashOf(token);
    const now = this.now();
    const record = await this.repo.consume(hash, now.toISOString());
    if (record !== undefined) {
      return record.agent === undefined ? { tenantId: record.tenantId, tokenId: record.id } : { tenantId: record.tenantId, agent: record.agent, tokenId: record.id };
    }
    const known = await this.repo.findByTokenHash(hash);
    if (known?.usedAt !== undefined) throw new SottoError('TRANSPORT_STREAM_TOKEN_USED');
    if (known !== undefined) throw new SottoError('TRANSPORT_STREAM_TOKEN_EXPIRED');
    throw new SottoError('TRANSPORT_AUTH_FAILED', 'the stream token is not valid');
  }
}
