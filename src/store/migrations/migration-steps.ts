/** What data migrations share: one transaction on either engine, and audit entries written as rows. */
import { type Kysely, sql } from 'kysely';
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

/**
 * Rebuilds a SQLite table the way SQLite documents for changes ALTER TABLE cannot make
 * (https://sqlite.org/lang_altertable.html#otheralter): a new table from the old one's own CREATE
 * statement as `rewrite` changes it (columns keep their order, so rows copy across as they are),
 * with foreign keys off for the swap, its indexes and triggers recreated, and a foreign key check
 * before the commit. Columns other migrations added come along.
 */
export async function rebuildSqliteTable(
  db: Kysely<unknown>,
  table: string,
  rewrite: (createStatement: string) => string,
): Promise<void> {
  const objects = await sql<{ type: string; name: string; sql: string | null }>`
    SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ${table}`.execute(db);
  const create = objects.rows.find((o) => o.type === 'table')?.sql;
  if (!create) throw new Error(`table ${table} not found`);
  const rewritten = rewrite(create);
  if (rewritten === create) throw new Error(`the rebuild of ${table} changes nothing: its columns are not as expected`);
  const rebuilt = rewritten.replace(/^create table\s+"?\w+"?/i, `CREATE TABLE "${table}_new"`);
  // Indexes and triggers on the table, except the ones its constraints make (their sql is null).
  const dependents = objects.rows.filter((o) => o.type !== 'table' && o.sql !== null).map((o) => o.sql!);

  // Foreign keys cannot be switched off inside a transaction, and must be off to drop a parent table.
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql.raw(rebuilt).execute(trx);
      await sql.raw(`INSERT INTO "${table}_new" SELECT * FROM "${table}"`).execute(trx);
      await sql.raw(`DROP TABLE "${table}"`).execute(trx);
      await sql.raw(`ALTER TABLE "${table}_new" RENAME TO "${table}"`).execute(trx);
      for (const statement of dependents) await sql.raw(statement).execute(trx);
      const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`rebuilding ${table} broke ${broken.rows.length} references`);
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}
