/**
 * The outbox carries messages about a whole committee as well as about one review: the weekly
 * digest lists every open review, so its row names no review (`review_id` becomes nullable; the
 * foreign key still holds whenever one is named). Everything else about the outbox (keys,
 * deliveries, leases) stays as it is, so the digest goes through the same sender.
 *
 * PostgreSQL drops the NOT NULL in place. SQLite cannot, so the table is rebuilt the way SQLite
 * documents (https://sqlite.org/lang_altertable.html#otheralter): from its own CREATE statement
 * with the one constraint removed, so columns other migrations added come along, with foreign
 * keys off for the swap, its indexes recreated, and a foreign key check before the commit.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine';

const TABLE = 'outbox_reminders';

export function committeeWideOutboxMessages(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine === 'postgres') {
        await sql`ALTER TABLE outbox_reminders ALTER COLUMN review_id DROP NOT NULL`.execute(db);
        return;
      }
      await relaxNotNullOnSqlite(db, TABLE, 'review_id');
    },
  };
}

async function relaxNotNullOnSqlite(db: Kysely<unknown>, table: string, column: string): Promise<void> {
  const objects = await sql<{ type: string; name: string; sql: string | null }>`
    SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ${table}`.execute(db);
  const create = objects.rows.find((o) => o.type === 'table')?.sql;
  if (!create) throw new Error(`table ${table} not found`);
  const notNull = new RegExp(`("?${column}"?\\s+text)\\s+not\\s+null`, 'i');
  if (!notNull.test(create)) throw new Error(`${table}.${column} is not declared NOT NULL as expected`);
  const rebuilt = create.replace(notNull, '$1').replace(/^create table\s+"?\w+"?/i, `CREATE TABLE "${table}_new"`);
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
