import type Database from 'better-sqlite3';

/**
 * Prepared statements, cached by their SQL text: preparing is most of the cost of a small
 * query in better-sqlite3, and each store asks the same few questions over and over.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
