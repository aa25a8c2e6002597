/**
 * Kysely's SQLite dialect, with one change: transactions start with BEGIN IMMEDIATE. A deferred
 * BEGIN takes the write lock only at the first write, and when another process (a second bot
 * instance, `npm run backup`, a test's second connection) wrote in between, SQLite fails the
 * upgrade with SQLITE_BUSY at once instead of waiting. Taking the lock up front lets busy_timeout
 * queue writers instead.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Kysely,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export function sqliteImmediateDialect(database: BetterSqlite3.Database): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver({ database }),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
  };
}
