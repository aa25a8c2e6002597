/**
 * A store already up to date opens without the migrator: one read tells it so, and the migrator's
 * lock table (which the migrator creates whenever it runs) is not touched. A database a migration
 * behind, or one a newer version has migrated, still goes to the migrator. Both engines.
 */
import { sql } from 'kysely';
import { connectDatabase } from '../../src/store/connect-database';
import { isUpToDate, migrateDatabase } from '../../src/store/migrate-database';
import { MIGRATION_NAMES } from '../../src/store/migrations';
import { BUILT_IN_COMMITTEE_DEFAULTS } from '../../src/store/store-context';
import { forEachEngine, SERVER_TIMEOUT_MS, testClock } from './engines';

jest.setTimeout(SERVER_TIMEOUT_MS);

const settings = { now: testClock().now, committeeDefaults: BUILT_IN_COMMITTEE_DEFAULTS };

forEachEngine((harness) => {
  test('an up-to-date store opens without running the migrator', async () => {
    const database = await harness.fresh();
    const raw = connectDatabase(database.options);
    try {
      expect(await isUpToDate(raw.db)).toBe(false);
      await (await database.open()).close();
      expect(await isUpToDate(raw.db)).toBe(true);

      // The migrator makes its lock table whenever it runs; an up-to-date start leaves it as it is.
      await sql`drop table kysely_migration_lock`.execute(raw.db);
      const store = await database.open();
      expect(await store.health()).toMatchObject({ ok: true });
      await store.close();
      const tables = await sql<{ name: string }>`${
        harness.engine === 'sqlite'
          ? sql`select name from sqlite_master where type = 'table' and name like 'kysely_migration%'`
          : sql`select table_name as name from information_schema.tables where table_name like 'kysely_migration%'`
      }`.execute(raw.db);
      expect(tables.rows.map((row) => row.name)).toEqual(['kysely_migration']);
    } finally {
      await raw.db.destroy();
    }
  });

  test('a store a migration behind is migrated when it opens', async () => {
    const database = await harness.fresh();
    const raw = connectDatabase(database.options);
    try {
      // Migrations run in the order of their names; stop one short of the last.
      await migrateDatabase(raw.db, raw.engine, [...MIGRATION_NAMES].sort().at(-2), settings);
      expect(await isUpToDate(raw.db)).toBe(false);
      await (await database.open()).close();
      expect(await isUpToDate(raw.db)).toBe(true);
    } finally {
      await raw.db.destroy();
    }
  });

  test('a store a newer version has migrated is not taken as up to date: opening it fails as before', async () => {
    const database = await harness.fresh();
    await (await database.open()).close();
    const raw = connectDatabase(database.options);
    try {
      await sql`insert into kysely_migration (name, timestamp) values ('9999-from-a-newer-version', '2027-01-01')`.execute(
        raw.db,
      );
      expect(await isUpToDate(raw.db)).toBe(false);
      await expect(database.open()).rejects.toThrow(/could not be upgraded/);
    } finally {
      await raw.db.destroy();
    }
  });
});
