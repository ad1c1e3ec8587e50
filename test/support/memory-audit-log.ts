import type { AuditEntry, AuditLog } from '../../src/audit/entry.js';

/**
 * Stands in for the real audit log in tests that are about something else (the vault's
 * envelope); the audit log has its own tests on SQLite and PostgreSQL. Can be told to fail.
 */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  failing = false;

  async append(entry: AuditEntry): Promise<number> {
    if (this.failing) throw new Error('audit log unavailable');
    this.entries.push(entry);
    return this.entries.length - 1;
  }

  async close(): Promise<void> {}
}
