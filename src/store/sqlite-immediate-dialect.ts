/**
 * Kysely's SQLite dialect, with three changes.
 *
 * Transactions start with BEGIN IMMEDIATE. A deferred BEGIN takes the write lock only at the first
 * write, and when another process (a second bot instance, `npm run backup`, a test's second
 * connection) wrote in between, SQLite fails the upgrade with SQLITE_BUSY at once instead of waiting.
 *
 * Waiting for the lock does not block the event loop. better-sqlite3 is synchronous, so SQLite's own
 * busy_timeout would freeze every other turn of the bot while it waits. The connection keeps a short
 * busy_timeout (a brief spin inside SQLite), and a longer wait happens here, between attempts, with
 * the event loop free; it is bounded, and reported through `onLockWait` so it shows in the log.
 *
 * Statements are compiled once. Kysely asks better-sqlite3 to prepare every query afresh, which
 * compiles its SQL each time; a turn runs a few dozen queries, so the compiled statements are kept
 * (the most recently used few hundred) and run again. SQLite recompiles a kept statement by itself
 * when a migration changed the tables under it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { StorageUnavailableError } from './store-errors';

/** What happened while a write waited for another process to release SQLite's write lock. */
export interface LockWait {
  /** `waiting`: the first retry (logged once per wait); `acquired` after a wait; `gave_up` at the bound. */
  outcome: 'waiting' | 'acquired' | 'gave_up';
  waitedMs: number;
  attempts: number;
}

export interface LockWaitOptions {
  /** The longest a write waits for the lock before it fails with StorageUnavailableError. */
  maxWaitMs: number;
  onLockWait?: (event: LockWait) => void;
}

/** Milliseconds SQLite itself may spin on a busy lock per attempt: short enough not to stall other turns. */
export const SQLITE_BUSY_SPIN_MS = 25;
const FIRST_PAUSE_MS = 5;
const LONGEST_PAUSE_MS = 250;

const isBusy = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { code?: unknown }).code === 'string' &&
  (error as { code: string }).code.startsWith('SQLITE_BUSY');

/** Runs `attempt` until it stops failing with SQLITE_BUSY, pausing between tries, up to the bound. */
async function withLockWait<T>(options: LockWaitOptions, attempt: () => T | Promise<T>): Promise<T> {
  const started = Date.now();
  let pause = FIRST_PAUSE_MS;
  for (let attempts = 1; ; attempts += 1) {
    try {
      const result = await attempt();
      if (attempts > 1) options.onLockWait?.({ outcome: 'acquired', waitedMs: Date.now() - started, attempts });
      return result;
    } catch (error) {
      if (!isBusy(error)) throw error;
      const waitedMs = Date.now() - started;
      if (waitedMs >= options.maxWaitMs) {
        options.onLockWait?.({ outcome: 'gave_up', waitedMs, attempts });
        throw new StorageUnavailableError(
          `The database is busy: another process has held its write lock for ${Math.round(waitedMs / 1000)} seconds, so nothing was saved. Try again in a moment.`,
          { cause: error },
        );
      }
      if (attempts === 1) options.onLockWait?.({ outcome: 'waiting', waitedMs, attempts });
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, options.maxWaitMs - waitedMs)));
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }
}

/** A statement outside a transaction retries on a busy lock; inside one, BEGIN IMMEDIATE already holds it. */
class WaitingConnection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly database: BetterSqlite3.Database,
    private readonly options: LockWaitOptions,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.database.inTransaction) return this.inner.executeQuery<R>(compiledQuery);
    return withLockWait(this.options, () => this.inner.executeQuery<R>(compiledQuery));
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

/** Enough for every query the bot runs, but bounded: lists of ids make SQL text of many lengths. */
const KEPT_STATEMENTS = 300;

/** The database as Kysely sees it, keeping compiled statements by their SQL, the least recently used dropped first. */
function keepingStatements(database: BetterSqlite3.Database): SqliteDatabase {
  const kept = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = kept.get(sql);
      if (statement) kept.delete(sql);
      else statement = database.prepare(sql);
      kept.set(sql, statement);
      if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
      return statement;
    },
  };
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #database: BetterSqlite3.Database;
  readonly #options: LockWaitOptions;

  constructor(database: BetterSqlite3.Database, options: LockWaitOptions) {
    super({ database: keepingStatements(database) });
    this.#database = database;
    this.#options = options;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new WaitingConnection(await super.acquireConnection(), this.#database, this.#options);
  }

  /** Through the waiting connection: outside a transaction still, so a busy lock is waited for. */
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export function sqliteImmediateDialect(database: BetterSqlite3.Database, options: LockWaitOptions): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver(database, options),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
  };
}
