/**
 * Brings a database to the newest schema (or to a named migration, for upgrade tests). Kysely's
 * migrator holds a lock while it runs, so several instances starting at once migrate only once.
 */
import { type Kysely, Migrator } from 'kysely';
import type { Database } from './database-schema';
import type { Engine } from './engine';
import { migrationProvider, type MigrationSettings } from './migrations';
import { BUILT_IN_COMMITTEE_DEFAULTS } from './store-context';
import { StorageUnavailableError } from './store-errors';

export async function migrateDatabase(
  db: Kysely<Database>,
  engine: Engine,
  target?: string,
  settings: MigrationSettings = { now: () => new Date(), committeeDefaults: BUILT_IN_COMMITTEE_DEFAULTS },
): Promise<void> {
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
