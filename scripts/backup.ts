/**
 * `npm run backup [target]`: a consistent copy of the SQLite store while the bot keeps running,
 * using SQLite's online backup API (pages are copied in steps; writes made meanwhile are picked
 * up, so the copy is one consistent moment). Default target: ./data/backups/<timestamp>.sqlite.
 * For PostgreSQL (DATABASE_URL set) use pg_dump, which is consistent on a live server too.
 */
// The same .env the bot reads, so SQLITE_PATH / DATABASE_URL name the store it uses.
import 'dotenv/config';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_SQLITE_PATH } from '../src/store';

async function main(): Promise<number> {
  if (process.env.DATABASE_URL) {
    process.stdout.write(
      'DATABASE_URL is set, so the store is PostgreSQL. Back it up with pg_dump, e.g.\n  pg_dump --format=custom --file=learning-reviews.dump "$DATABASE_URL"\n',
    );
    return 0;
  }
  const source = resolve(process.env.SQLITE_PATH ?? DEFAULT_SQLITE_PATH);
  const target = resolve(
    process.argv[2] ?? join('data', 'backups', `${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`),
  );
  if (!existsSync(source)) {
    process.stderr.write(
      `There is no store at ${source}. Set SQLITE_PATH to the bot's SQLite file (or DATABASE_URL for PostgreSQL) and run the backup again.\n`,
    );
    return 1;
  }
  mkdirSync(dirname(target), { recursive: true });

  // fileMustExist: never create an empty database where the store should be.
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  const copy = new BetterSqlite3(target, { readonly: true });
  const check = copy.pragma('integrity_check', { simple: true });
  copy.close();
  if (check !== 'ok') {
    process.stderr.write(
      `The backup at ${target} failed its integrity check (${String(check)}). Run the backup again.\n`,
    );
    return 1;
  }
  process.stdout.write(`Backed up ${source} to ${target}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
