/**
 * SQLite statements are compiled once and run again (Kysely would compile each query afresh). A kept
 * statement must still answer for the table as it is now: after a migration adds a column, after a
 * table is rebuilt, and after another connection (a second process) changed the schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { connectDatabase } from '../../src/store/connect-database';

let folder: string;
let db: Kysely<Record<string, { id: string; note?: string | null }>>;

beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-kept-'));
  db = connectDatabase({ sqlitePath: path.join(folder, 'store.sqlite') }).db as unknown as typeof db;
  await sql`CREATE TABLE marks (id text PRIMARY KEY)`.execute(db);
});

afterEach(async () => {
  await db.destroy();
  rmSync(folder, { recursive: true, force: true });
});

const everything = () => db.selectFrom('marks').selectAll().orderBy('id').execute();

test('the same query run again answers for the table as it is now', async () => {
  await db.insertInto('marks').values({ id: 'a' }).execute();
  expect(await everything()).toEqual([{ id: 'a' }]);

  await sql`ALTER TABLE marks ADD COLUMN note text`.execute(db);
  await db.insertInto('marks').values({ id: 'b', note: 'new column' }).execute();
  expect(await everything()).toEqual([
    { id: 'a', note: null },
    { id: 'b', note: 'new column' },
  ]);

  const other = new BetterSqlite3(path.join(folder, 'store.sqlite'));
  other.exec(
    "DROP TABLE marks; CREATE TABLE marks (id text PRIMARY KEY, note text, extra integer); INSERT INTO marks VALUES ('c', null, 1)",
  );
  other.close();
  expect(await everything()).toEqual([{ id: 'c', note: null, extra: 1 }]);
});

test('queries differing only in their parameters share a statement; each gets its own answer', async () => {
  await db
    .insertInto('marks')
    .values([{ id: 'a' }, { id: 'b' }])
    .execute();
  const one = (id: string) => db.selectFrom('marks').select('id').where('id', '=', id).executeTakeFirst();
  expect(await Promise.all([one('a'), one('b'), one('c')])).toEqual([{ id: 'a' }, { id: 'b' }, undefined]);
});
