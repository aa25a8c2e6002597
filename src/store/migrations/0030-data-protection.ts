/**
 * Data protection (UK GDPR articles 5, 15, 17 and 25):
 * - `erased_people`: who was erased, as which "Former member N", why (a reason from a fixed list)
 *   and when; the Teams and Entra ids they wrote from, kept only as SHA-256 hashes, so that if they
 *   write again the bot knows them as the erased person rather than adding them afresh by name.
 * - `retention_settings`: a committee's retention period for closed and cancelled reviews (none
 *   by default), and the dry run that must confirm its first real run.
 * - `retention_applied`: which reviews the retention period has emptied, and when.
 */
import type { Kysely, Migration } from 'kysely';

export function dataProtection(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('erased_people')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('aad_object_id_sha256', 'text')
        .addColumn('teams_user_id_sha256', 'text')
        .addColumn('erased_at', 'text', (c) => c.notNull())
        .addColumn('restored_at', 'text')
        .addPrimaryKeyConstraint('erased_people_pkey', ['tenant_id', 'person_id'])
        .addUniqueConstraint('erased_people_tenant_ordinal_key', ['tenant_id', 'ordinal'])
        .addForeignKeyConstraint('erased_people_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'])
        .execute();
      // "Is the person writing to me one who was erased?", on every turn from someone not in people.
      await db.schema
        .createIndex('erased_people_aad_idx')
        .on('erased_people')
        .columns(['tenant_id', 'aad_object_id_sha256'])
        .execute();
      await db.schema
        .createIndex('erased_people_teams_idx')
        .on('erased_people')
        .columns(['tenant_id', 'teams_user_id_sha256'])
        .execute();

      await db.schema
        .createTable('retention_settings')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('committees.tenant_id'))
        .addColumn('retention_days', 'integer')
        .addColumn('set_at', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        .addColumn('dry_run_token', 'text')
        .addColumn('dry_run_at', 'text')
        .addColumn('dry_run_review_ids', 'text')
        .execute();

      await db.schema
        .createTable('retention_applied')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('review_id', 'text', (c) => c.notNull())
        .addColumn('retention_days', 'integer', (c) => c.notNull())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('retention_applied_pkey', ['tenant_id', 'review_id'])
        .addForeignKeyConstraint('retention_applied_review_fk', ['tenant_id', 'review_id'], 'reviews', [
          'tenant_id',
          'id',
        ])
        .execute();
    },
  };
}
