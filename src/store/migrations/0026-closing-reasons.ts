/**
 * A review cancelled (a duplicate notification, opened by mistake) or closed keeps why, as free text
 * beside its reopen reason: for the review's lead officers, never in the audit trail or a shared view.
 */
import type { Kysely, Migration } from 'kysely';

export function closingReasons(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('reviews').addColumn('close_reason', 'text').execute();
    },
  };
}
