/**
 * Opens the database the options point at: PostgreSQL when a URL is given, otherwise a SQLite
 * file (created with its folder). No migrations here; see migrate-database.ts.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { Database } from './database-schema';
import type { Engine } from './engine';
import { sqliteImmediateDialect } from './sqlite-immediate-dialect';

export const DEFAULT_SQLITE_PATH = './data/learning-reviews.sqlite';

export interface Connection {
  db: Kysely<Database>;
  engine: Engine;
}

export interface ConnectOptions {
  databaseUrl?: string;
  sqlitePath?: string;
  /** PostgreSQL pool size per instance. */
  maxConnections?: number;
}

export function connectDatabase(options: ConnectOptions): Connection {
  if (options.databaseUrl) {
    const pool = new Pool({ connectionString: options.databaseUrl, max: options.maxConnections ?? 10 });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    return { engine: 'postgres', db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
  }
  return {
    engine: 'sqlite',
    db: new Kysely<Database>({ dialect: sqliteImmediateDialect(openSqliteFile(options.sqlitePath)) }),
  };
}

export function openSqliteFile(path = DEFAULT_SQLITE_PATH): BetterSqlite3.Database {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // WAL: readers never block the writer, and an online backup can run beside the bot.
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it is acknowledged, so it survives power loss, not only a crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Another process holding the write lock (a second instance, a backup) is waited for, not an error.
  sqlite.pragma('busy_timeout = 10000');
  return sqlite;
}
