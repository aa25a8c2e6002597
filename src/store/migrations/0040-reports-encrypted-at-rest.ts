/**
 * Single-agency reports are encrypted at rest from here on (see report-cipher.ts). Each submission
 * records the id of the key its text, file name and file were sealed with (null: stored before
 * encryption began, in the clear; `npm run rotate-reports-key` seals those too), so the rotation
 * finds what is not yet under the current key without opening every row; and whether it arrived
 * after its due date (a late report is recorded as late, never refused), and its version (a second
 * submission is kept beside the first; submissions from before count as first versions).
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine';
import { inOneTransaction } from './migration-steps';

export function reportsEncryptedAtRest(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await inOneTransaction(db, engine, async (trx) => {
        await trx.schema.alterTable('report_submissions').addColumn('key_id', 'text').execute();
        await trx.schema
          .alterTable('report_submissions')
          .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await trx.schema
          .alterTable('report_submissions')
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
        await trx.schema
          .createIndex('report_submissions_key_idx')
          .on('report_submissions')
          .columns(['key_id'])
          .execute();
      });
    },
  };
}
