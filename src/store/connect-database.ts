/**
 * Opens the database the options point at: PostgreSQL when a URL is given, otherwise a SQLite
 * file (created with its folder). No migrations here; see migrate-database.ts.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import type { Pool } from 'pg';
import type { Database } from './database-schema';
import type { Engine } from './engine';
import { type LockWait, SQLITE_BUSY_SPIN_MS, sqliteImmediateDialect } from './sqlite-immediate-dialect';

export const DEFAULT_SQLITE_PATH = './data/learning-reviews.sqlite';

export interface Connection {
  db: Kysely<Database>;
  engine: Engine;
}

/**
 * Where the store reports what an operator should see: a write waiting for another process's lock,
 * a PostgreSQL connection lost while idle. A pino logger fits; the store does not depend on one.
 */
export interface StoreLog {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface ConnectOptions {
  databaseUrl?: string;
  sqlitePath?: string;
  /** PostgreSQL pool size per instance. */
  maxConnections?: number;
  /** SQLite: how long a write waits for another process's write lock before it fails (default 10 s). */
  lockWaitMs?: number;
  log?: StoreLog;
}

export const DEFAULT_LOCK_WAIT_MS = 10_000;
/** How SQLite commits: on disk before it is acknowledged (see commit-without-flush.ts for the one exception). */
export const SQLITE_SYNCHRONOUS = 'FULL';

export function connectDatabase(options: ConnectOptions): Connection {
  if (options.databaseUrl) {
    const { databaseUrl, maxConnections, log } = options;
    // The driver is loaded when the first query needs the pool, so a SQLite bot never loads it.
    return {
      engine: 'postgres',
      db: new Kysely<Database>({
        dialect: new PostgresDialect({ pool: () => openPool(databaseUrl, maxConnections ?? 10, log) }),
      }),
    };
  }
  return {
    engine: 'sqlite',
    db: new Kysely<Database>({
      dialect: sqliteImmediateDialect(openSqliteFile(options.sqlitePath), {
        maxWaitMs: options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
        onLockWait: (wait) => reportLockWait(options.log, wait),
      }),
    }),
  };
}

async function openPool(connectionString: string, max: number, log: StoreLog | undefined): Promise<Pool> {
  const { Pool } = await import('pg');
  const pool = new Pool({ connectionString, max });
  // An idle client losing its server must not crash the process; the next query reports it to its
  // caller, and the operator sees it here (the message names no data, only the connection's fate).
  pool.on('error', (error) => log?.error({ err: { message: error.message } }, 'PostgreSQL connection lost while idle'));
  return pool;
}

export function openSqliteFile(path = DEFAULT_SQLITE_PATH): BetterSqlite3.Database {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // WAL: readers never block the writer, and an online backup can run beside the bot.
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it is acknowledged, so it survives power loss, not only a crash.
  sqlite.pragma(`synchronous = ${SQLITE_SYNCHRONOUS}`);
  sqlite.pragma('foreign_keys = ON');
  // Another process holding the write lock (a second instance, a backup) is waited for, not an error:
  // briefly inside SQLite, which blocks the event loop, and beyond that between attempts with the
  // event loop free (sqlite-immediate-dialect.ts).
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_SPIN_MS}`);
  return sqlite;
}

function reportLockWait(log: StoreLog | undefined, wait: LockWait): void {
  const fields = { waitedMs: wait.waitedMs, attempts: wait.attempts };
  if (wait.outcome === 'waiting')
    log?.warn(fields, 'SQLite write waiting for another process to release the write lock');
  if (wait.outcome === 'acquired') log?.warn(fields, 'SQLite write lock acquired after waiting');
  if (wait.outcome === 'gave_up') log?.error(fields, 'SQLite write gave up waiting for the write lock');
}
