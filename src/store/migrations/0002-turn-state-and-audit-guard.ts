/**
 * Adds the bot framework's turn state (so conversations survive restarts) and makes the audit log
 * append-only in the database itself, not only by convention: an UPDATE or DELETE is refused.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine';

export function turnStateAndAuditGuard(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('turn_state')
        .addColumn('storage_key', 'text', (c) => c.primaryKey())
        .addColumn('etag', 'text', (c) => c.notNull())
        .addColumn('value_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      if (engine === 'postgres') {
        await sql`
          CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
        await sql`
          CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
          FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`.execute(db);
      } else {
        for (const event of ['UPDATE', 'DELETE']) {
          await sql
            .raw(
              `CREATE TRIGGER audit_log_no_${event.toLowerCase()} BEFORE ${event} ON audit_log
                  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
            )
            .execute(db);
        }
      }
    },
  };
}
