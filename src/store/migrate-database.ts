/**
 * Brings a database to the newest schema (or to a named migration, for upgrade tests). Kysely's
 * migrator holds a lock while it runs, so several instances starting at once migrate only once.
 */
import { type Kysely, Migrator } from 'kysely';
import type { Database } from './database-schema';
import type { Engine } from './engine';
import { migrationProvider } from './migrations';
import { StorageUnavailableError } from './store-errors';

export async function migrateDatabase(db: Kysely<Database>, engine: Engine, target?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(engine) });
  const { error, results } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StorageUnavailableError(
      `The database could not be upgraded (migration ${failed} failed). The bot has not started; see the cause below.`,
      { cause: error },
    );
  }
}
