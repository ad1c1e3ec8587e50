import { join } from 'node:path';
import { AccessGateway } from '../access/index.js';
import { BreakGlass, SqlBreakGlassGrantRepository } from '../access/break-glass/index.js';
import { IdentityService, LoginRateLimiter, OidcVerifier, type BearerVerifier } from '../access/identity/index.js';
import { SottoError } from '../errors/index.js';
import type { Role } from '../access/index.js';
import { loadPolicy, type PolicyAuthorizer } from '../access/policy/index.js';
import { openAuditLog, type MerkleAuditLog } from '../audit/log/index.js';
import { SqlCallRepository, type CallRepository } from '../call/record/index.js';
import { StreamTokens } from '../call/stream-tokens/index.js';
import type { SottoConfig } from '../config/index.js';
import { Lifecycle } from '../lifecycle/index.js';
import { IncidentRegister } from '../incidents/index.js';
import { postureSources, type PostureSources } from '../posture/index.js';
import { SubprocessorRegistry } from '../subprocessors/index.js';
import type { Logger } from '../log/index.js';
import type { BlobStore } from '../store/blob/index.js';
import { openMetadataStore, type MetadataStore } from '../store/meta/index.js';
import type { KeyProvider } from '../vault/keys/index.js';
import { Vault } from '../vault/index.js';
import { checkRegions, openRegionBlobStores, openRegionKeyProviders, routeByRegion } from './regions.js';
import { placingStore, TenantPlacement } from './tenant-placement.js';
import { TenantRegions } from './tenant-regions.js';

/** Everything a command or the server needs, opened from one configuration. */
export interface Runtime {
  config: SottoConfig;
  logger: Logger;
  store: MetadataStore;
  blobs: BlobStore;
  keys: KeyProvider;
  vault: Vault;
  audit: MerkleAuditLog;
  authorizer: PolicyAuthorizer;
  breakGlass: BreakGlass;
  identity: IdentityService;
  loginLimiter: LoginRateLimiter;
  calls: CallRepository;
  /** One-time tokens media streams connect with (issue 5), minted with `call.connect`. */
  streamTokens: StreamTokens;
  gateway: AccessGateway;
  /** Retention, legal holds, erasure; the server starts `lifecycle.startSweeper(…)`. */
  lifecycle: Lifecycle;
  /** The incident register: impact from the audit log, notification deadlines (docs/incidents.md). */
  incidents: IncidentRegister;
  /** What `sotto posture` and GET /v1/posture read. */
  posture: PostureSources;
  /** Outside providers in use, tenant policy for them, and the check a call passes before it starts. */
  subprocessors: SubprocessorRegistry;
  /** Data residency: tenants' regions, creating a tenant in one, refusing calls processed outside it. */
  regions: TenantRegions;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** First start: create the keyring (and a master secret, with a warning) if missing. */
  createKeys: boolean;
}

export async function openRuntime(config: SottoConfig, logger: Logger, options: RuntimeOptions): Promise<Runtime> {
  const opened: { close(): Promise<void> }[] = [];
  try {
    // Keys first: a mistyped --data or a missing keyring fails before anything is created.
    // Every region's key provider; the default region's also holds the deployment-wide keys
    // (audit log, deletion certificates) — docs/residency.md.
    const regions = checkRegions(config);
    const regionKeys = await openRegionKeyProviders(regions, { createIfMissing: options.createKeys, onWarning: (message) => logger.warn(message) }, opened);
    const deploymentKeys = regionKeys.get(config.calls.region) as KeyProvider;
    const authorizer = await loadPolicy(config.access.policyFile);
    // The audit log lives in the same database as the metadata, through its own connection.
    const sqlitePath = config.metadata.kind === 'sqlite' ? (config.metadata.path ?? join(config.dataDir, 'sotto.db')) : undefined;
    const postgres = config.metadata.kind === 'postgres' ? { url: config.metadata.url, ...(config.metadata.schema ? { schema: config.metadata.schema } : {}) } : undefined;
    const metadata = await openMetadataStore(sqlitePath !== undefined ? { kind: 'sqlite', path: sqlitePath } : { kind: 'postgres', ...(postgres as { url: string }) });
    opened.push(metadata);
    await metadata.migrate();
    // Tenants older than regions lived in the only store and key provider there were: the
    // default region's (docs/residency.md). Pinned once; a pinned region never changes.
    await metadata.tenants.pinUnplaced(config.calls.region);
    const placement = new TenantPlacement(metadata.tenants, config.calls.region);
    const store = placingStore(metadata, placement);
    const audit = await openAuditLog(
      sqlitePath !== undefined ? { store: 'sqlite', path: sqlitePath } : { store: 'postgres', ...(postgres as { url: string }) },
      {
        keys: deploymentKeys,
        origin: config.audit.origin,
        checkpointIntervalMs: config.audit.checkpointIntervalMs,
        migrate: false,
        onError: (err) => logger.error({ err }, 'audit checkpoint failed; retrying with the next one'),
      },
    );
    opened.push(audit);
    const regionBlobs = await openRegionBlobStores(regions, opened);
    const { keys, blobs } = routeByRegion(config.calls.region, regionKeys, regionBlobs, placement);
    const vault = new Vault({ store, blobs, keys, segmentSize: config.vault.segmentSize });
    const breakGlass = new BreakGlass({ grants: new SqlBreakGlassGrantRepository(store.sql), authorizer });
    const gateway = new AccessGateway({ reader: { store, blobs, subjects: vault.subjects }, audit, authorizer, grants: breakGlass });
    logger.debug({ policy: authorizer.describe().digest }, 'authorization policy loaded');
    // The verifier checks the role map's values against the known roles itself.
    const oidcConfig = config.access.oidc;
    const oidc = oidcConfig
      ? pseudonymousOidc(new OidcVerifier({ ...oidcConfig, roleMap: oidcConfig.roleMap as Record<string, Role | Role[]> }), oidcConfig.issuer, store, vault)
      : undefined;
    return {
      config,
      logger,
      store,
      blobs,
      keys,
      vault,
      audit,
      authorizer,
      breakGlass,
      identity: new IdentityService({ store, keys, ...(oidc ? { oidc } : {}) }),
      loginLimiter: new LoginRateLimiter(),
      calls: new SqlCallRepository(store.sql),
      streamTokens: new StreamTokens(store.sql),
      gateway,
      lifecycle: new Lifecycle({
        store,
        blobs,
        keys,
        subjects: vault.subjects,
        gateway,
        auditOrigin: config.audit.origin,
        claimLeaseMs: config.lifecycle.claimLeaseMs,
      }),
      incidents: new IncidentRegister({ store, gateway, audit }),
      subprocessors: new SubprocessorRegistry({ config, store, gateway }),
      posture: postureSources({ config, store, keys, vault, authorizer, audit }),
      regions: new TenantRegions({
        store,
        placement,
        ensureTenant: (tenantId) => vault.subjects.ensureTenant(tenantId),
        regions: regions.map((r) => r.name),
        gateway,
        logger,
      }),
      async close() {
        vault.close();
        await closeAll(opened);
      },
    };
  } catch (err) {
    await closeAll(opened).catch(() => undefined);
    throw err;
  }
}

/**
 * An IdP's `sub` can be an email, and even an opaque one stays linkable through the IdP after
 * erasure; principal ids end up in the audit log, which outlives erasure (DESIGN.md invariant
 * 5). So an OIDC principal is named by a keyed hash of issuer and subject under its tenant's
 * pseudonym key. Tokens for a tenant this installation does not have are refused, not created.
 */
function pseudonymousOidc(verifier: OidcVerifier, issuer: string, store: MetadataStore, vault: Vault): BearerVerifier {
  return {
    async verify(token) {
      const principal = await verifier.verify(token);
      const tenantId = principal.tenantId;
      if (tenantId === undefined || !(await store.tenants.get(tenantId))) throw new SottoError('AUTH_INVALID', 'unknown tenant');
      const ref = await vault.subjects.subjectRef(tenantId, `${issuer}|${principal.id}`);
      return { ...principal, id: `oidc_${ref.slice(0, 32)}` };
    },
  };
}

/** Close in reverse order of opening; one failure does not leave the rest open. */
async function closeAll(resources: { close(): Promise<void> }[]): Promise<void> {
  const failures: unknown[] = [];
  for (const resource of [...resources].reverse()) {
    try {
      await resource.close();
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) throw failures[0];
}
