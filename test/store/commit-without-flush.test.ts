/**
 * Writes that do not wait for the disk (the mark that an inbound activity was seen, written on
 * every turn; the mark that a reminder is in flight, on every send): they are committed, they alone
 * run with the engine's relaxed setting, also inside a transaction of their own, and every write
 * after them waits for the disk again, also when they failed. Runs against both engines.
 */
import { type Kysely, sql } from 'kysely';
import { commitWithoutFlush } from '../../src/store/commit-without-flush';
import { connectDatabase } from '../../src/store/connect-database';
import type { Database } from '../../src/store/database-schema';
import type { Engine } from '../../src/store/engine';
import { BUILT_IN_COMMITTEE_DEFAULTS, type StoreContext } from '../../src/store/store-context';
import { forEachEngine, SERVER_TIMEOUT_MS } from './engines';

jest.setTimeout(SERVER_TIMEOUT_MS);

/** SQLite's `synchronous` (1 NORMAL, 2 FULL) or PostgreSQL's `synchronous_commit`, as the executor sees it. */
async function flushSetting(engine: Engine, db: Kysely<Database>): Promise<string> {
  if (engine === 'sqlite') {
    const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db);
    return ({ 1: 'NORMAL', 2: 'FULL' } as Record<number, string>)[rows[0].synchronous] ?? String(rows[0].synchronous);
  }
  const { rows } = await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(db);
  return rows[0].synchronous_commit;
}

forEachEngine((harness) => {
  let db: Kysely<Database>;
  let ctx: StoreContext;

  beforeEach(async () => {
    const database = await harness.fresh();
    ({ db } = connectDatabase(database.options));
    ctx = { db, engine: harness.engine, now: () => new Date(), committeeDefaults: BUILT_IN_COMMITTEE_DEFAULTS };
    await sql`CREATE TABLE marks (id text PRIMARY KEY)`.execute(db);
  });

  afterEach(() => db.destroy());

  const relaxed = harness.engine === 'sqlite' ? 'NORMAL' : 'off';
  const strict = harness.engine === 'sqlite' ? 'FULL' : 'on';

  test('the write is committed without waiting for the disk; the next one waits again', async () => {
    expect(await flushSetting(harness.engine, db)).toBe(strict);
    const during = await commitWithoutFlush(ctx, async (executor) => {
      await sql`INSERT INTO marks (id) VALUES ('a')`.execute(executor);
      return flushSetting(harness.engine, executor);
    });
    expect(during).toBe(relaxed);
    expect(await flushSetting(harness.engine, db)).toBe(strict);
    const { rows } = await sql<{ id: string }>`SELECT id FROM marks`.execute(db);
    expect(rows).toEqual([{ id: 'a' }]);
  });

  test('a transaction inside commits as one, under the relaxed setting', async () => {
    const during = await commitWithoutFlush(ctx, (connection) =>
      connection.transaction().execute(async (trx) => {
        await sql`INSERT INTO marks (id) VALUES ('a')`.execute(trx);
        await sql`INSERT INTO marks (id) VALUES ('b')`.execute(trx);
        return flushSetting(harness.engine, trx);
      }),
    );
    expect(during).toBe(relaxed);
    expect(await flushSetting(harness.engine, db)).toBe(strict);
    const { rows } = await sql<{ id: string }>`SELECT id FROM marks ORDER BY id`.execute(db);
    expect(rows).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  test('a failed write leaves nothing behind and the setting as it was', async () => {
    await sql`INSERT INTO marks (id) VALUES ('a')`.execute(db);
    await expect(
      commitWithoutFlush(ctx, (executor) => sql`INSERT INTO marks (id) VALUES ('a')`.execute(executor)),
      // By message: SQLite's own errors are not `instanceof Error` in every jest test file.
    ).rejects.toMatchObject({ message: expect.stringMatching(/UNIQUE|unique|duplicate/) });
    expect(await flushSetting(harness.engine, db)).toBe(strict);
  });
});
