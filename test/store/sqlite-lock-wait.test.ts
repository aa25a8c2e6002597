/**
 * When another process holds SQLite's write lock (a second bot instance, `npm run backup`), a write
 * waits for it without freezing the bot: other work goes on meanwhile, the wait shows in the log,
 * and it is bounded, ending in a sentence rather than a hang. The other process is stood in for by
 * a second connection to the same file that holds `BEGIN IMMEDIATE`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStore, StorageUnavailableError, type Store } from '../../src/store';
import { day } from './fixtures';

const newReview = { kind: 'CP' as const, subjectPseudonym: 'Child C', notifiedAt: day('2026-10-20') };

let folder: string;
let file: string;
let store: Store;
let other: BetterSqlite3.Database;
let logged: Array<{ level: string; message: string; fields: Record<string, unknown> }>;

async function open(lockWaitMs: number) {
  store = await openStore({
    sqlitePath: file,
    lockWaitMs,
    log: {
      warn: (fields, message) => logged.push({ level: 'warn', message, fields }),
      error: (fields, message) => logged.push({ level: 'error', message, fields }),
    },
  });
  other = new BetterSqlite3(file);
}

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-lock-'));
  file = path.join(folder, 'store.sqlite');
  logged = [];
});

afterEach(async () => {
  if (other.inTransaction) other.exec('rollback');
  other.close();
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Resolves on the event loop's next turns: proof that the loop was not blocked meanwhile. */
const ticks = (n: number) =>
  new Array(n)
    .fill(0)
    .reduce<Promise<void>>((p) => p.then(() => new Promise((r) => setTimeout(r, 10))), Promise.resolve());

test('a write waits for the lock with the event loop free, is logged, and succeeds once the lock is released', async () => {
  await open(5_000);
  other.exec('begin immediate');
  let written = false;
  const write = store.reviews.create('tenant-lock', 'system', newReview).then((review) => {
    written = true;
    return review;
  });

  await ticks(5);
  expect(written).toBe(false);
  expect(logged).toEqual([expect.objectContaining({ level: 'warn', message: expect.stringMatching(/waiting/) })]);

  other.exec('commit');
  const review = await write;
  expect(review.reference).toMatch(/^LR-2026-\d{3}$/);
  expect(logged.at(-1)).toMatchObject({ level: 'warn', message: expect.stringMatching(/acquired after waiting/) });
  expect(logged.at(-1)?.fields.waitedMs).toBeGreaterThan(0);
  // Only ids and numbers are logged, never what was being written.
  expect(JSON.stringify(logged)).not.toContain('Child C');
});

test('a write outside a transaction waits the same way', async () => {
  await open(5_000);
  await store.turnState.write({ 'msteams/conversations/a:1': { count: 1 } });
  other.exec('begin immediate');
  let deleted = false;
  const removal = store.turnState.delete(['msteams/conversations/a:1']).then(() => (deleted = true));
  await ticks(5);
  expect(deleted).toBe(false);
  other.exec('commit');
  await removal;
  expect(await store.turnState.read(['msteams/conversations/a:1'])).toEqual({});
});

test('the wait is bounded: the write fails with a sentence, nothing is written, and the log says so', async () => {
  await open(200);
  other.exec('begin immediate');
  const attempt = store.reviews.create('tenant-lock', 'system', newReview);
  await expect(attempt).rejects.toBeInstanceOf(StorageUnavailableError);
  await expect(attempt).rejects.toThrow(/database is busy.*nothing was saved/);
  expect(logged.at(-1)).toMatchObject({ level: 'error', message: expect.stringMatching(/gave up/) });
  other.exec('rollback');
  expect(await store.reviews.listOpen('tenant-lock')).toEqual([]);
});
