import type { AccessGateway, Principal } from '../../access/index.js';
import type { AuditEntry } from '../../audit/entry.js';
import { SottoError } from '../../errors/index.js';
import type { SqlStatements } from '../../store/meta/sql-client.js';
import type { SottoApp } from '../app.js';
import { findAuditEntries, visibleTo, type AuditEntryFilter } from './audit-entry-query.js';
import { checkpointSignedAt, checkpointSummary } from './audit-checkpoint-summary.js';
import { principalOf, requestContext } from './request-context.js';

/** The read side of the audit log, as the API uses it. */
export interface AuditReader {
  /** Committed entries. */
  size(): Promise<number>;
  entries(query: { from: number; limit: number }): Promise<{ index: number; entry: AuditEntry }[]>;
  latestCheckpoint(): Promise<string | undefined>;
  inclusionProofFile(index: number, atSize?: number): Promise<unknown>;
  consistencyProofFile(oldSize: number, newSize: number): Promise<unknown>;
  verifierKey(): Promise<string>;
}

export interface AuditRouteDeps {
  gateway: AccessGateway;
  audit: AuditReader;
  /** The metadata store's SQL, for when a checkpoint was signed (the posture report reads it too). */
  posture: { sql: SqlStatements };
}

/** Free-text filters are ids and action names: short, printable, matched exactly. */
const term = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } as const;

interface EntriesQuery extends AuditEntryFilter {
  order: 'asc' | 'desc';
  from: number;
  before?: number;
  limit: number;
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
        summary: 'Audit entries of this tenant, oldest first from an index or newest first below one, optionally filtered',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            order: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
            from: { type: 'integer', minimum: 0, default: 0 },
            before: { type: 'integer', minimum: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            action: term,
            outcome: { type: 'string', enum: ['allowed', 'denied', 'failed'] },
            principal: term,
            resource: term,
            resourceType: term,
            since: { type: 'string', format: 'date-time' },
            until: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      await authorize(principal, requestContext(request));
      const { order, from, before, limit, ...filter } = request.query as EntriesQuery;
      const read = (q: { from: number; limit: number }): ReturnType<AuditReader['entries']> => deps.audit.entries(q);
      if (order === 'asc') return findAuditEntries(read, principal, { ...filter, limit, order, from });
      // Newest first starts at the log's end unless a cursor says where the last page stopped.
      return findAuditEntries(read, principal, { ...filter, limit, order, before: before ?? (await deps.audit.size()) });
    },
  );

  app.get('/v1/audit/checkpoint', { schema: { tags: ['audit'], summary: 'The latest signed checkpoint (C2SP signed note), the verifier key, and whether the note verifies under it' } }, async (request) => {
    await authorize(principalOf(request), requestContext(request));
    const checkpoint = await deps.audit.latestCheckpoint();
    if (!checkpoint) throw new SottoError('NOT_FOUND', 'no checkpoint yet');
    const verifierKey = await deps.audit.verifierKey();
    const verification = checkpointSummary(checkpoint, verifierKey);
    const signedAt = verification.valid ? await checkpointSignedAt(deps.posture.sql, verification.size) : null;
    return { checkpoint, verifierKey, signedAt, verification };
  });

  app.get(
    '/v1/audit/proofs/inclusion/:index',
    {
      schema: {
        tags: ['audit'],
        summary: 'An inclusion proof file for one entry, checkable offline with `sotto audit proof --verify`',
        params: { type: 'object', required: ['index'], properties: { index: { type: 'integer', minimum: 0 } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          // A proof against a given checkpoint (one the auditor already holds) instead of the latest.
          properties: { size: { type: 'integer', minimum: 1 } },
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const index = (request.params as { index: number }).index;
      const { size } = request.query as { size?: number };
      await authorize(principal, requestContext(request), String(index));
      const [item] = await deps.audit.entries({ from: index, limit: 1 });
      if (!item || item.index !== index || !visibleTo(principal, item.entry)) throw new SottoError('NOT_FOUND', 'no such entry');
      const file = await deps.audit.inclusionProofFile(index, size);
      // A plain link in the console saves the proof as a file; API clients read the JSON as before.
      void reply.header('content-disposition', `attachment; filename="sotto-audit-inclusion-${index}.json"`);
      return file;
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
