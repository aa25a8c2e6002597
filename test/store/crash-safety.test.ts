/**
 * A bot process that crashes mid-write (SIGKILL: no cleanup, no final flush) loses nothing it
 * acknowledged. A child process creates reviews in a loop and prints each id once the write
 * returned; we kill it, reopen the file, check SQLite's integrity and find every acknowledged
 * review. Twice, so the store also writes on after a crash. SQLite only: a PostgreSQL server's
 * durability is its own.
 *
 * What this does not prove: survival of a power cut or an operating-system crash. The kernel's
 * page cache outlives a killed process, so a write that reached it but not the disk would still
 * be found here. Durability across a power cut rests on `synchronous=FULL` (fsync at commit) and
 * on the disk honouring it; no test here simulates losing the page cache.
 */
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../../src/store';
import { exited, nextLine, spawnScript } from './child-process';
import { forEachEngine, SERVER_TIMEOUT_MS } from './engines';

jest.setTimeout(SERVER_TIMEOUT_MS);

const ACKS_BEFORE_KILL = 60;

forEachEngine(
  (harness) => {
    test('after a process crash (SIGKILL) every acknowledged write is there and the file passes an integrity check', async () => {
      const { options } = await harness.fresh();
      const sqlitePath = options.sqlitePath!;
      const acknowledged: string[] = [];

      for (let round = 1; round <= 2; round += 1) {
        const writer = spawnScript('crash-writer.ts', [sqlitePath]);
        try {
          for (let i = 0; i < ACKS_BEFORE_KILL; i += 1) acknowledged.push(await nextLine(writer));
        } finally {
          writer.child.kill('SIGKILL');
        }
        await exited(writer.child);
        expect(writer.child.signalCode).toBe('SIGKILL');

        const raw = new BetterSqlite3(sqlitePath);
        try {
          expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(raw.pragma('foreign_key_check')).toEqual([]);
        } finally {
          raw.close();
        }

        const store = await openStore({ sqlitePath });
        try {
          for (const id of acknowledged) {
            await expect(store.reviews.load('tenant-crash', id)).resolves.toMatchObject({ id });
            expect(Object.keys(await store.turnState.read([`crash/${id}`]))).toEqual([`crash/${id}`]);
          }
          const references = (await store.reviews.listOpen('tenant-crash', { limit: 1_000 })).map((r) => r.reference);
          expect(new Set(references).size).toBe(references.length);
        } finally {
          await store.close();
        }
      }
      expect(acknowledged).toHaveLength(2 * ACKS_BEFORE_KILL);
    });
  },
  ['sqlite'],
);
