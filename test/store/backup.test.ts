/**
 * `npm run backup` copies the SQLite store while the bot has it open and keeps writing: the copy
 * is a consistent database holding everything committed before the backup began.
 */
import { join } from 'node:path';
import { openStore } from '../../src/store';
import { exited, nextLine, spawnScript } from './child-process';
import { forEachEngine, SERVER_TIMEOUT_MS, testClock } from './engines';
import { day } from './fixtures';

jest.setTimeout(SERVER_TIMEOUT_MS);

forEachEngine(
  (harness) => {
    test('an online backup of the live file opens with every committed review', async () => {
      const database = await harness.fresh();
      const live = await database.open(testClock().now);
      const committed = [];
      for (let i = 0; i < 20; i += 1)
        committed.push(
          await live.reviews.create('tenant-backup', 'system', {
            kind: 'CP',
            subjectPseudonym: 'Child E',
            notifiedAt: day('2026-02-20'),
          }),
        );

      const target = join(database.options.sqlitePath!, '..', 'backup-copy.sqlite');
      const backup = spawnScript('../../scripts/backup.ts', [target], {
        SQLITE_PATH: database.options.sqlitePath!,
        DATABASE_URL: '',
      });
      // The bot keeps writing while the copy is taken.
      const writes = Promise.all(
        Array.from({ length: 20 }, () =>
          live.reviews.create('tenant-backup', 'system', {
            kind: 'CP',
            subjectPseudonym: 'Child E',
            notifiedAt: day('2026-02-20'),
          }),
        ),
      );
      expect(await nextLine(backup)).toBe(`Backed up ${database.options.sqlitePath} to ${target}`);
      expect(await exited(backup.child)).toBe(0);
      await writes;

      const copy = await openStore({ sqlitePath: target });
      try {
        for (const review of committed)
          await expect(copy.reviews.load('tenant-backup', review.id)).resolves.toMatchObject({
            reference: review.reference,
          });
      } finally {
        await copy.close();
      }
    });
  },
  ['sqlite'],
);
