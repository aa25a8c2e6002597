/**
 * Writes whose commits do not wait for the disk: SQLite (in WAL mode) commits them with
 * `synchronous = NORMAL`, PostgreSQL with `synchronous_commit = off`. Each commit is still atomic and
 * survives the bot's process dying; only a power cut (or the host's crash) in the moment after it
 * can lose it. It becomes as durable as any other write with the next ordinary commit, since both
 * engines flush their log in order. For small records written on every turn or every send, whose
 * loss costs little, where waiting for the disk would cost most of the work.
 *
 * The writes run on one connection held throughout, so no other statement commits while the setting
 * is relaxed; they may open their own transaction on it (`recordChange` does).
 */
import { sql } from 'kysely';
import { SQLITE_SYNCHRONOUS } from './connect-database';
import type { Database } from './database-schema';
import type { Kysely } from 'kysely';
import type { StoreContext } from './store-context';

export async function commitWithoutFlush<T>(
  ctx: StoreContext,
  write: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const [relax, restore] =
    ctx.engine === 'postgres'
      ? [sql`SET synchronous_commit = off`, sql`RESET synchronous_commit`]
      : [sql`PRAGMA synchronous = NORMAL`, sql.raw(`PRAGMA synchronous = ${SQLITE_SYNCHRONOUS}`)];
  return ctx.db.connection().execute(async (connection) => {
    await relax.execute(connection);
    try {
      return await write(connection);
    } finally {
      await restore.execute(connection);
    }
  });
}
