/**
 * Remembers which inbound activities have been handled, so that one Teams delivers twice (it
 * retries when an answer is slow) is handled once, across restarts and across instances sharing
 * the database. Rows expire; the key is a hash of the tenant, channel, conversation and activity ids.
 */
import type { Kysely, Migration } from 'kysely';

export function inboundActivities(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('inbound_activities')
        .addColumn('activity_key', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('inbound_activities_expiry_idx')
        .on('inbound_activities')
        .column('expires_at')
        .execute();
    },
  };
}
