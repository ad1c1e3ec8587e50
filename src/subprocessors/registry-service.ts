import type { AccessGateway, Principal, RequestContext } from '../access/index.js';
import type { SottoConfig } from '../config/index.js';
import { isSottoError, SottoError } from '../errors/index.js';
import type { Subprocessor } from '../speech/index.js';
import type { MetadataStore } from '../store/meta/index.js';
import { checkTenantId } from '../vault/index.js';
import { evaluate, type Verdict } from './evaluate.js';
import { parseTenantPolicy, type TenantSubprocessorPolicy } from './policy.js';
import { describeChange, readTenantPolicy, writeTenantPolicy, type StoredTenantPolicy } from './policy-store.js';
import { classify, deploymentRegistry, type RegistryEntry, type SubprocessorRole } from './registry.js';
import { tenantRegion } from './tenant-region.js';
import { transparencyListing, type TransparencyListing } from './transparency.js';

export interface SubprocessorRegistryDeps {
  config: SottoConfig;
  store: MetadataStore;
  gateway: AccessGateway;
  now?: () => Date;
}

/** A tenant's policy and, for each provider in use, whether the tenant may use it and why not. */
export interface TenantSubprocessorView extends StoredTenantPolicy {
  tenant: string;
  region: string;
  providers: (RegistryEntry & { verdict: Verdict })[];
}

/** Sotto deciding, for a call, whether its providers may receive the call's data. */
export const CALL_ADMISSION: Principal = Object.freeze({ id: 'call-admission', kind: 'system', tenantId: undefined, roles: Object.freeze([]) });

/**
 * The deployment's subprocessors (GDPR Art. 28(2) and (4)) and each tenant's policy for them:
 * listed for operators and the public transparency page, managed with subprocessors.manage,
 * enforced when a call starts — before the first byte goes to a provider.
 */
export class SubprocessorRegistry {
  private readonly now: () => Date;

  constructor(private readonly deps: SubprocessorRegistryDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Every provider the configuration uses. */
  entries(): RegistryEntry[] {
    return deploymentRegistry(this.deps.config);
  }

  /** The public listing: outside providers and what they are trusted with; no tenant data. */
  transparency(): TransparencyListing {
    return transparencyListing(this.entries());
  }

  /** `sotto subprocessors list --tenant`, `policy show`, GET /v1/subprocessors/policy: an audited subprocessors.manage. */
  async tenantView(principal: Principal, tenantId: string, ctx: RequestContext): Promise<TenantSubprocessorView> {
    const tenant = await this.authorize(principal, tenantId, ctx);
    return this.view(tenant, await readTenantPolicy(this.deps.store.sql, tenant));
  }

  /** Replace a tenant's policy: authorized and audited before, the change audited after (no personal data). */
  async setPolicy(principal: Principal, tenantId: string, policy: unknown, ctx: RequestContext): Promise<TenantSubprocessorView> {
    const tenant = checkTenantId(tenantId);
    // Authorize before looking at the body: a caller without the permission is refused, and
    // recorded, whatever it sends (found by the authorization table).
    await this.authorize(principal, tenant, ctx);
    const next = parseTenantPolicy(policy);
    const previous = await readTenantPolicy(this.deps.store.sql, tenant).catch((err: unknown) => {
      // A stored policy that no longer validates may still be replaced: that is how it is fixed.
      if (isSottoError(err, 'SUBPROCESSOR_POLICY_INVALID')) return undefined;
      throw err;
    });
    const at = this.now().toISOString();
    await writeTenantPolicy(this.deps.store.sql, tenant, next, at);
    const change = previous ? describeChange(previous.policy, next) : 'replaced an invalid stored policy';
    await this.deps.gateway.record(principal, 'subprocessors.policy.set', { type: 'tenant', id: tenant, tenantId: tenant }, 'allowed', change, ctx);
    return this.view(tenant, { policy: next, source: 'tenant', updatedAt: at });
  }

  /**
   * Called when a call starts, before any provider is opened: every provider the call would
   * use must be allowed by the tenant's policy, or the call is refused (SUBPROCESSOR_NOT_ALLOWED,
   * naming the provider and the rule) and the refusal is audited. Storage and key management
   * come from the configuration; speech and LLM from the providers the call actually has.
   */
  async admitCall(call: { callId: string; tenantId: string; providers: readonly Subprocessor[] }): Promise<void> {
    const { policy } = await readTenantPolicy(this.deps.store.sql, call.tenantId);
    const region = await tenantRegion(this.deps, call.tenantId);
    const registry = this.entries();
    const declarations = this.deps.config.subprocessors.declarations;
    const used = [
      ...call.providers.map((p) => registry.find((e) => e.name === p.name && e.role === p.kind) ?? classify(p.name, p.kind, p.local, declarations)),
      ...registry.filter((e) => e.role === 'storage' || e.role === 'key_management'),
    ];
    for (const entry of used) {
      const verdict = evaluate(entry, policy, region);
      if (verdict.allowed) continue;
      const reason = `${entry.name} (${entry.role}) refused by rule ${verdict.rule ?? 'unknown'}: ${verdict.reason}`;
      await this.deps.gateway.record(CALL_ADMISSION, 'call.subprocessors', { type: 'call', id: call.callId, tenantId: call.tenantId }, 'denied', reason, {
        requestId: null,
        source: null,
      });
      throw new SottoError('SUBPROCESSOR_NOT_ALLOWED', reason);
    }
  }

  private async authorize(principal: Principal, tenantId: string, ctx: RequestContext): Promise<string> {
    const tenant = checkTenantId(tenantId);
    await this.deps.gateway.require(principal, 'subprocessors.manage', { type: 'tenant', id: tenant, tenantId: tenant }, ctx);
    if (!(await this.deps.store.tenants.get(tenant))) throw new SottoError('NOT_FOUND', 'no such tenant');
    return tenant;
  }

  private async view(tenant: string, stored: StoredTenantPolicy): Promise<TenantSubprocessorView> {
    const region = await tenantRegion(this.deps, tenant);
    const providers = this.entries().map((e) => ({ ...e, verdict: evaluate(e, stored.policy, region) }));
    return { tenant, region, ...stored, providers };
  }
}

export type { SubprocessorRole, TenantSubprocessorPolicy };
