/**
 * What the reminder sender and the ticks need:
 * - A delivery's lease ends at an instant written by the database's own clock (`lease_expires_at`),
 *   so instances whose clocks disagree cannot take each other's claims early.
 * - `send_started_at` is written just before the call to Teams and cleared when the outcome is
 *   recorded: a delivery claimed again while it is set was in flight when its sender died.
 * - Where a delivery went (`conversation_id`, `activity_id`) and how often it was sent again after an
 *   uncertain outcome (`uncertain_sends`), for the lead officer's view of deliveries.
 * - `committee_schedules`: per committee, until when each scheduled job (the reminder sweep, the
 *   weekly digest) has run, so a missed tick is caught up and a doubled one does nothing.
 * - On PostgreSQL, the table in which rate-limiter-flexible counts the sends of every instance
 *   against Teams' limits (its own layout), so the service never creates tables at run time.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine';

export function senderLeasesAndSchedules(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const column of ['lease_expires_at', 'send_started_at', 'conversation_id', 'activity_id']) {
        await db.schema.alterTable('outbox_deliveries').addColumn(column, 'text').execute();
      }
      await db.schema
        .alterTable('outbox_deliveries')
        .addColumn('uncertain_sends', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('committee_schedules')
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('committees.tenant_id'))
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('last_run_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('committee_schedules_pkey', ['tenant_id', 'job'])
        .execute();

      if (engine === 'postgres') {
        await db.schema
          .createTable('send_rate_limits')
          .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
          .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('expire', 'bigint')
          .execute();
      }
    },
  };
}
