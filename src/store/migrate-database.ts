/**
 * Brings a database to the newest schema (or to a named migration, for upgrade tests). Kysely's
 * migrator holds a lock while it runs, so several instances starting at once migrate only once.
 *
 * Every start asks first, with one read, whether the database has run exactly this version's
 * migrations; if so there is nothing to do, and the migrator (its lock, a write that waits for the
 * disk) and the migrations' code are left alone. Kysely records a migration's name only once it has
 * run (on PostgreSQL in the same transaction), so a recorded name is a finished migration. Anything
 * else (a new database, one a migration behind, one a newer version has migrated) goes to the
 * migrator as before.
 */
import { type Kysely, Migrator, sql } from 'kysely';
import type { Database } from './database-schema';
import type { Engine } from './engine';
import { MIGRATION_NAMES, migrationProvider, type MigrationSettings } from './migrations';
import { BUILT_IN_COMMITTEE_DEFAULTS } from './store-context';
import { StorageUnavailableError } from './store-errors';

export async function migrateDatabase(
  db: Kysely<Database>,
  engine: Engine,
  target?: string,
  settings: MigrationSettings = { now: () => new Date(), committeeDefaults: BUILT_IN_COMMITTEE_DEFAULTS },
): Promise<void> {
  if (target === undefined && (await isUpToDate(db))) return;
  const migrator = new Migrator({ db, provider: migrationProvider(engine, settings) });
  const { error, results } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StorageUnavailableError(
      `The database could not be upgraded (migration ${failed} failed). The bot has not started; see the cause below.`,
      { cause: error },
    );
  }
}

/** Whether the database has run exactly this version's migrations (false when it has run none). */
export async function isUpToDate(db: Kysely<Database>): Promise<boolean> {
  let ran: string[];
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    ran = rows.map((row) => row.name);
  } catch {
    // No migration table yet: a new database, which the migrator creates.
    return false;
  }
  const known = new Set(MIGRATION_NAMES);
  return ran.length === known.size && ran.every((name) => known.has(name));
}
