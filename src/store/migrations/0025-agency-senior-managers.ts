/**
 * Each agency's Senior Manager (001 §5–§6): the person its single-agency reports are asked of, kept
 * with the agency so the committee names them once. A person of the same committee, or none.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine';
import { inOneTransaction } from './migration-steps';

export function agencySeniorManagers(engine: Engine): Migration {
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      await inOneTransaction(untyped, engine, async (db) => {
        await db.schema.alterTable('agencies').addColumn('senior_manager_person_id', 'text').execute();
      });
    },
  };
}
