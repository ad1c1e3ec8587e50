import type { AccessGateway, Principal } from '../../access/index.js';
import type { AuditEntry } from '../../audit/entry.js';
import { SottoError } from '../../errors/index.js';
import type { SottoApp } from '../app.js';
import { principalOf, requestContext } from './request-context.js';

/** The read side of the audit log, as the API uses it. */
export interface AuditReader {
  entries(query: { from: number; limit: number }): Promise<{ index: number; entry: AuditEntry }[]>;
  latestCheckpoint(): Promise<string | undefined>;
  inclusionProofFile(index: number, atSize?: number): Promise<unknown>;
  consistencyProofFile(oldSize: number, newSize: number): Promise<unknown>;
  verifierKey(): Promise<string>;
}

export interface AuditRouteDeps {
  gateway: AccessGateway;
  audit: AuditReader;
}

const SCAN_LIMIT = 10_000;

/**
 * A tenant's auditor sees the entries that concern the tenant; the log itself (checkpoints,
 * consistency) is installation-wide and reveals only hashes.
 */
function visibleTo(principal: Principal, entry: AuditEntry): boolean {
  if (principal.tenantId === undefined) return true;
  return entry.resource.tenantId === principal.tenantId || entry.principal.tenantId === principal.tenantId;
}

export function registerAuditRoutes(app: SottoApp, deps: AuditRouteDeps): void {
  const authorize = async (principal: Principal, ctx: ReturnType<typeof requestContext>, id: string | null = null): Promise<void> => {
    const tenantId = principal.tenantId;
    if (tenantId === undefined) throw new SottoError('ACCESS_DENIED', 'audit access needs a tenant principal');
    await deps.gateway.require(principal, 'audit.read', { type: 'audit', id, tenantId }, ctx);
  };

  app.get(
    '/v1/audit/entries',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit entries of this tenant, oldest first from an index',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { from: { type: 'integer', minimum: 0, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      await authorize(principal, requestContext(request));
      const { from, limit } = request.query as { from: number; limit: number };
      const found: { index: number; entry: AuditEntry }[] = [];
      let cursor = from;
      // Bounded scan: a tenant with few entries in a busy log gets a `next` to continue from.
      for (let scanned = 0; found.length < limit && scanned < SCAN_LIMIT; ) {
        const page = await deps.audit.entries({ from: cursor, limit: 1000 });
        if (page.length === 0) return { entries: found, next: null };
        for (const item of page) {
          cursor = item.index + 1;
          scanned++;
          if (visibleTo(principal, item.entry)) found.push(item);
          if (found.length >= limit) break;
        }
      }
      return { entries: found, next: cursor };
    },
  );

  app.get('/v1/audit/checkpoint', { schema: { tags: ['audit'], summary: 'The latest signed checkpoint (C2SP signed note) and the verifier key' } }, async (request) => {
    await authorize(principalOf(request), requestContext(request));
    const checkpoint = await deps.audit.latestCheckpoint();
    if (!checkpoint) throw new SottoError('NOT_FOUND', 'no checkpoint yet');
    return { checkpoint, verifierKey: await deps.audit.verifierKey() };
  });

  app.get(
    '/v1/audit/proofs/inclusion/:index',
    {
      schema: {
        tags: ['audit'],
        summary: 'An inclusion proof file for one entry, checkable offline with `sotto audit proof --verify`',
        params: { type: 'object', required: ['index'], properties: { index: { type: 'integer', minimum: 0 } } },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const index = (request.params as { index: number }).index;
      await authorize(principal, requestContext(request), String(index));
      const [item] = await deps.audit.entries({ from: index, limit: 1 });
      if (!item || item.index !== index || !visibleTo(principal, item.entry)) throw new SottoError('NOT_FOUND', 'no such entry');
      return deps.audit.inclusionProofFile(index);
    },
  );

  app.get(
    '/v1/audit/proofs/consistency',
    {
      schema: {
        tags: ['audit'],
        summary: 'A consistency proof file between two checkpointed tree sizes',
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: { from: { type: 'integer', minimum: 0 }, to: { type: 'integer', minimum: 0 } },
        },
      },
    },
    async (request) => {
      await authorize(principalOf(request), requestContext(request));
      const { from, to } = request.query as { from: number; to: number };
      return deps.audit.consistencyProofFile(from, to);
    },
  );
}
