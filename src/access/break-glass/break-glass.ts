import { randomId } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import type { BreakGlassGrantRef, BreakGlassLookup } from '../decision.js';
import type { Permission } from '../permissions.js';
import type { PolicyAuthorizer } from '../policy/index.js';
import type { Principal } from '../principal.js';
import type { BreakGlassGrant, BreakGlassGrantRepository } from './grant.js';

export interface BreakGlassSettings {
  /** How long a grant lasts when the request names no duration. */
  defaultDurationMs: number;
  /** The longest grant anyone may ask for. */
  maxDurationMs: number;
}

const MINUTE_MS = 60_000;
export const DEFAULT_BREAK_GLASS_SETTINGS: Readonly<BreakGlassSettings> = Object.freeze({
  defaultDurationMs: 15 * MINUTE_MS,
  maxDurationMs: 60 * MINUTE_MS,
});
/** Past this, a grant is standing access, which break-glass must never become. */
const CEILING_MS = 24 * 60 * MINUTE_MS;

export const REASON_MIN_CHARS = 10;
export const REASON_MAX_CHARS = 1000;
const RESOURCE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface BreakGlassRequest {
  tenantId: string;
  /** Defaults to transcript.view_unredacted, the permission break-glass exists for. */
  permission?: Permission;
  /** Limit the grant to one call (or other resource); omit for the whole tenant. */
  resourceId?: string | null;
  reason: string;
  durationMs?: number;
}

export interface BreakGlassDeps {
  grants: BreakGlassGrantRepository;
  authorizer: PolicyAuthorizer;
  now?: () => Date;
  settings?: Partial<BreakGlassSettings>;
}

/**
 * Break-glass: a person whose role grants a permission only `requires: break_glass` asks for
 * a grant with a stated reason; it lasts a bounded time and can be revoked. The gateway finds
 * it with `active` on each request and the policy re-checks it, so expiry needs no sweeper.
 * Recording the request and revocation in the audit log (by grant id) is the caller's job.
 */
export class BreakGlass implements BreakGlassLookup {
  private readonly now: () => Date;
  private readonly settings: BreakGlassSettings;

  constructor(private readonly deps: BreakGlassDeps) {
    this.now = deps.now ?? (() => new Date());
    this.settings = checkSettings({ ...DEFAULT_BREAK_GLASS_SETTINGS, ...deps.settings });
  }

  /** ACCESS_DENIED unless the policy makes the principal eligible; then
   *  BREAK_GLASS_REASON_REQUIRED without a reason; USAGE for a bad duration or resource id. */
  async request(principal: Principal, request: BreakGlassRequest): Promise<BreakGlassGrant> {
    const permission = request.permission ?? 'transcript.view_unredacted';
    // Eligibility first: someone who may not break glass learns nothing about the rules for reasons.
    const eligible = this.deps.authorizer.breakGlassEligibility(principal, permission, request.tenantId);
    if (!eligible.allowed) throw new SottoError('ACCESS_DENIED', `break-glass refused: ${eligible.reason}`);
    const reason = checkReason(request.reason);
    const durationMs = request.durationMs ?? this.settings.defaultDurationMs;
    if (!Number.isSafeInteger(durationMs) || durationMs <= 0 || durationMs > this.settings.maxDurationMs) {
      throw new SottoError('USAGE', `durationMs must be a positive integer, at most ${this.settings.maxDurationMs} (${this.settings.maxDurationMs / MINUTE_MS} minutes)`);
    }
    const resourceId = request.resourceId ?? null;
    if (resourceId !== null && !RESOURCE_ID.test(resourceId)) throw new SottoError('USAGE', 'malformed resource id');
    const created = this.now();
    const grant: BreakGlassGrant = {
      id: randomId('bg'),
      tenantId: request.tenantId,
      principalId: principal.id,
      permission,
      resourceId,
      reason,
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + durationMs).toISOString(),
      revokedAt: undefined,
    };
    await this.deps.grants.create(grant);
    return grant;
  }

  /** The grant that covers this request now, if any; never the reason (the gateway audits what it gets). */
  async active(
    principal: Principal,
    permission: Permission,
    tenantId: string,
    resourceId: string | null,
    now: Date,
  ): Promise<BreakGlassGrantRef | undefined> {
    if (principal.tenantId !== undefined && principal.tenantId !== tenantId) return undefined;
    const grant = await this.deps.grants.findActive({ tenantId, principalId: principal.id, permission, resourceId, now: now.toISOString() });
    return grant === undefined ? undefined : toRef(grant);
  }

  /**
   * End a grant early. Its holder may, and so may whoever manages the tenant's users (the
   * person who would otherwise disable the account). NOT_FOUND for an unknown grant or one
   * in another tenant; ACCESS_DENIED otherwise. Idempotent.
   */
  async revoke(principal: Principal, grantId: string): Promise<BreakGlassGrant> {
    const grant = await this.deps.grants.get(grantId);
    if (grant === undefined || (principal.tenantId !== undefined && principal.tenantId !== grant.tenantId)) {
      throw new SottoError('NOT_FOUND', 'no such break-glass grant');
    }
    const now = this.now();
    if (grant.principalId !== principal.id) {
      const decision = this.deps.authorizer.authorize({
        principal,
        permission: 'users.manage',
        resource: { tenantId: grant.tenantId, type: 'break_glass', id: grant.id },
        context: { now },
      });
      if (!decision.allowed) throw new SottoError('ACCESS_DENIED', `revoking another person's grant: ${decision.reason}`);
    }
    await this.deps.grants.revoke(grant.id, now.toISOString());
    const revoked = await this.deps.grants.get(grant.id);
    if (revoked === undefined) throw new SottoError('NOT_FOUND', 'no such break-glass grant');
    return revoked;
  }
}

export function toRef(grant: BreakGlassGrant): BreakGlassGrantRef {
  return {
    grantId: grant.id,
    principalId: grant.principalId,
    tenantId: grant.tenantId,
    permission: grant.permission,
    resourceId: grant.resourceId,
    expiresAt: grant.expiresAt,
  };
}

/** Trimmed; counted in code points, as both databases' length() counts. */
function checkReason(input: unknown): string {
  const reason = typeof input === 'string' ? input.trim() : '';
  const chars = [...reason].length;
  if (chars < REASON_MIN_CHARS) {
    throw new SottoError('BREAK_GLASS_REASON_REQUIRED', `state why, in at least ${REASON_MIN_CHARS} characters`);
  }
  if (chars > REASON_MAX_CHARS) throw new SottoError('USAGE', `a break-glass reason has at most ${REASON_MAX_CHARS} characters`);
  return reason;
}

function checkSettings(s: BreakGlassSettings): BreakGlassSettings {
  const ok = (ms: number) => Number.isSafeInteger(ms) && ms > 0 && ms <= CEILING_MS;
  if (!ok(s.defaultDurationMs) || !ok(s.maxDurationMs) || s.defaultDurationMs > s.maxDurationMs) {
    throw new SottoError('CONFIG_INVALID', 'break-glass durations must be positive, at most 24 hours, and default ≤ max');
  }
  return s;
}
