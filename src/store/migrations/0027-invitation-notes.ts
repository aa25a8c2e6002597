/**
 * An invitee may add a note to their answer (Attending, Not attending, Tentative): free text for the
 * organiser, kept with the invitation, never in the audit (which records only its length).
 */
import type { Kysely, Migration } from 'kysely';

export function invitationNotes(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('invitations').addColumn('note', 'text').execute();
    },
  };
}
