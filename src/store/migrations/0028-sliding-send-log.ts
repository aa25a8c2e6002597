/**
 * On PostgreSQL, where several instances share Teams' limits: the log of recent sends the limiter
 * counts over sliding windows (when each call to Teams began and came back, in milliseconds by the
 * database's clock, kept for as long as its longest window needs it). It replaces the fixed-window
 * counters of rate-limiter-flexible, which are dropped. SQLite serves one instance, which counts in
 * memory.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine';

export function slidingSendLog(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'postgres') return;
      await db.schema.dropTable('send_rate_limits').ifExists().execute();
      await db.schema
        .createTable('send_log')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('keep_ms', 'bigint', (c) => c.notNull())
        .addColumn('keep_until', 'bigint', (c) => c.notNull())
        .execute();
      await sql`CREATE INDEX send_log_key ON send_log (key, keep_until)`.execute(db);
    },
  };
}
