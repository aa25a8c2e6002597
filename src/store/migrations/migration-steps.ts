/** What data migrations share: one transaction on either engine, and audit entries written as rows. */
import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** An audit row as migrations write it (the columns of migration 0001). */
export interface AuditRow {
  tenant_id: string;
  occurred_at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  review_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

/**
 * Runs a migration's work in one transaction. Kysely already wraps each PostgreSQL migration in
 * one; on SQLite it does not, so the work is wrapped here: a failure leaves the schema as it was.
 */
export async function inOneTransaction(
  db: Kysely<unknown>,
  engine: Engine,
  work: (db: Kysely<unknown>) => Promise<void>,
): Promise<void> {
  if (engine === 'postgres') return work(db);
  await db.transaction().execute((trx) => work(trx));
}

export async function appendMigrationAudit<T extends { audit_log: AuditRow }>(db: Kysely<T>, row: AuditRow) {
  await (db as unknown as Kysely<{ audit_log: AuditRow }>).insertInto('audit_log').values(row).execute();
}
