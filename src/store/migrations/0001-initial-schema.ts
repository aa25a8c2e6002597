/**
 * The first schema: every table the foundation and the roadmap need (issue 5). Portable DDL only:
 * text, integer, bigint and a bytes type, so the same migration builds SQLite and PostgreSQL.
 * Child rows reference parents by (tenant_id, id), which makes cross-tenant links impossible.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine';

export function initialSchema(engine: Engine): Migration {
  const bytes = engine === 'postgres' ? sql`bytea` : sql`blob`;

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('committees')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text')
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('reviews')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('committees.tenant_id'))
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('reference_year', 'integer', (c) => c.notNull())
        .addColumn('reference_number', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('subject_pseudonym', 'text', (c) => c.notNull())
        .addColumn('notified_at', 'text', (c) => c.notNull())
        .addColumn('decision_template_id', 'text', (c) => c.notNull())
        .addColumn('review_template_id', 'text')
        .addColumn('tier', 'text')
        .addColumn('decision_outcome', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('reviews_tenant_reference_key', ['tenant_id', 'reference'])
        .addUniqueConstraint('reviews_tenant_id_key', ['tenant_id', 'id'])
        .execute();
      // A committee's open reviews in notification order, read a page at a time straight off the
      // index. Partial: closed reviews, the bulk after a few years, are not in it. The statuses are
      // spelled out, not imported, because a migration must not change when the code does.
      await db.schema
        .createIndex('reviews_open_idx')
        .on('reviews')
        .columns(['tenant_id', 'notified_at', 'id'])
        .where(sql.ref('status'), 'in', ['decision_stage', 'in_review', 'improvement'])
        .execute();
      // The next free reference of a year.
      await db.schema
        .createIndex('reviews_tenant_year_idx')
        .on('reviews')
        .columns(['tenant_id', 'reference_year', 'reference_number'])
        .execute();

      await db.schema
        .createTable('clock_pauses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('review_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addForeignKeyConstraint('clock_pauses_review_fk', ['tenant_id', 'review_id'], 'reviews', ['tenant_id', 'id'])
        .execute();
      await db.schema
        .createIndex('clock_pauses_review_idx')
        .on('clock_pauses')
        .columns(['tenant_id', 'review_id', 'started_at'])
        .execute();

      await db.schema
        .createTable('milestones')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('review_id', 'text', (c) => c.notNull())
        .addColumn('step_id', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('note', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('milestones_pkey', ['tenant_id', 'review_id', 'step_id'])
        .addForeignKeyConstraint('milestones_review_fk', ['tenant_id', 'review_id'], 'reviews', ['tenant_id', 'id'])
        .execute();

      await db.schema
        .createTable('agencies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('committees.tenant_id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('agencies_tenant_name_key', ['tenant_id', 'name'])
        .addUniqueConstraint('agencies_tenant_id_key', ['tenant_id', 'id'])
        .execute();

      await db.schema
        .createTable('people')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('committees.tenant_id'))
        .addColumn('teams_user_id', 'text')
        .addColumn('aad_object_id', 'text')
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('people_tenant_id_key', ['tenant_id', 'id'])
        // NULLs are distinct on both engines, so people known by only one of the ids are fine.
        .addUniqueConstraint('people_tenant_teams_user_key', ['tenant_id', 'teams_user_id'])
        .addUniqueConstraint('people_tenant_aad_object_key', ['tenant_id', 'aad_object_id'])
        .execute();

      await db.schema
        .createTable('review_members')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('review_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('review_members_pkey', ['tenant_id', 'review_id', 'person_id', 'role'])
        .addForeignKeyConstraint('review_members_review_fk', ['tenant_id', 'review_id'], 'reviews', ['tenant_id', 'id'])
        .addForeignKeyConstraint('review_members_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'])
        .addForeignKeyConstraint('review_members_agency_fk', ['tenant_id', 'agency_id'], 'agencies', [
          'tenant_id',
          'id',
        ])
        .execute();
      // "Which reviews am I in?" for a person who writes to the bot.
      await db.schema
        .createIndex('review_members_person_idx')
        .on('review_members')
        .columns(['tenant_id', 'person_id'])
        .execute();

      await db.schema
        .createTable('meetings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('review_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('step_id', 'text')
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text')
        .addColumn('scheduled_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('chair_person_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('meetings_tenant_id_key', ['tenant_id', 'id'])
        .addForeignKeyConstraint('meetings_review_fk', ['tenant_id', 'review_id'], 'reviews', ['tenant_id', 'id'])
        .addForeignKeyConstraint('meetings_chair_fk', ['tenant_id', 'chair_person_id'], 'people', ['tenant_id', 'id'])
        .execute();
      await db.schema.createIndex('meetings_review_idx').on('meetings').columns(['tenant_id', 'review_id']).execute();
      // Upcoming meetings for the reminder sweep.
      await db.schema
        .createIndex('meetings_tenant_status_starts_idx')
        .on('meetings')
        .columns(['tenant_id', 'status', 'starts_at'])
        .execute();

      await db.schema
        .createTable('invitations')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('meeting_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('invited_at', 'text', (c) => c.notNull())
        .addColumn('response', 'text')
        .addColumn('responded_at', 'text')
        .addPrimaryKeyConstraint('invitations_pkey', ['tenant_id', 'meeting_id', 'person_id'])
        .addForeignKeyConstraint('invitations_meeting_fk', ['tenant_id', 'meeting_id'], 'meetings', ['tenant_id', 'id'])
        .addForeignKeyConstraint('invitations_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'])
        .execute();

      await db.schema
        .createTable('report_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('review_id', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'text', (c) => c.notNull())
        .addColumn('author_person_id', 'text')
        .addColumn('senior_manager_person_id', 'text')
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('report_requests_tenant_id_key', ['tenant_id', 'id'])
        .addForeignKeyConstraint('report_requests_review_fk', ['tenant_id', 'review_id'], 'reviews', [
          'tenant_id',
          'id',
        ])
        .addForeignKeyConstraint('report_requests_agency_fk', ['tenant_id', 'agency_id'], 'agencies', [
          'tenant_id',
          'id',
        ])
        .addForeignKeyConstraint('report_requests_author_fk', ['tenant_id', 'author_person_id'], 'people', [
          'tenant_id',
          'id',
        ])
        .addForeignKeyConstraint('report_requests_manager_fk', ['tenant_id', 'senior_manager_person_id'], 'people', [
          'tenant_id',
          'id',
        ])
        .execute();
      await db.schema
        .createIndex('report_requests_review_idx')
        .on('report_requests')
        .columns(['tenant_id', 'review_id'])
        .execute();
      // Overdue reports for the reminder sweep.
      await db.schema
        .createIndex('report_requests_tenant_status_due_idx')
        .on('report_requests')
        .columns(['tenant_id', 'status', 'due_on'])
        .execute();

      await db.schema
        .createTable('report_submissions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('report_request_id', 'text', (c) => c.notNull())
        .addColumn('text', 'text')
        .addColumn('attachment_name', 'text')
        .addColumn('attachment_content_type', 'text')
        .addColumn('attachment_size', 'integer')
        .addColumn('attachment_sha256', 'text')
        .addColumn('attachment_content', bytes)
        .addColumn('submitted_by_person_id', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addForeignKeyConstraint(
          'report_submissions_request_fk',
          ['tenant_id', 'report_request_id'],
          'report_requests',
          ['tenant_id', 'id'],
        )
        .addForeignKeyConstraint('report_submissions_person_fk', ['tenant_id', 'submitted_by_person_id'], 'people', [
          'tenant_id',
          'id',
        ])
        .execute();
      await db.schema
        .createIndex('report_submissions_request_idx')
        .on('report_submissions')
        .columns(['tenant_id', 'report_request_id'])
        .execute();

      await db.schema
        .createTable('conversation_references')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('reference_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('conversation_references_pkey', ['tenant_id', 'person_id', 'conversation_id'])
        .addForeignKeyConstraint('conversation_references_person_fk', ['tenant_id', 'person_id'], 'people', [
          'tenant_id',
          'id',
        ])
        .execute();

      await db.schema
        .createTable('outbox_reminders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('review_id', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('occasion', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('facts_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        // The engine's idempotency key: a second enqueue of the same reminder inserts nothing.
        .addUniqueConstraint('outbox_reminders_tenant_key_key', ['tenant_id', 'idempotency_key'])
        .addUniqueConstraint('outbox_reminders_tenant_id_key', ['tenant_id', 'id'])
        .addForeignKeyConstraint('outbox_reminders_review_fk', ['tenant_id', 'review_id'], 'reviews', [
          'tenant_id',
          'id',
        ])
        .execute();
      await db.schema
        .createIndex('outbox_reminders_review_idx')
        .on('outbox_reminders')
        .columns(['tenant_id', 'review_id'])
        .execute();

      await db.schema
        .createTable('outbox_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('reminder_id', 'text', (c) => c.notNull())
        .addColumn('recipient_key', 'text', (c) => c.notNull())
        .addColumn('recipient_role', 'text', (c) => c.notNull())
        .addColumn('recipient_person_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_attempt_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('claimed_by', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('outbox_deliveries_recipient_key', ['reminder_id', 'recipient_key'])
        .addForeignKeyConstraint('outbox_deliveries_reminder_fk', ['tenant_id', 'reminder_id'], 'outbox_reminders', [
          'tenant_id',
          'id',
        ])
        .execute();
      // The sender's "what is due now": equality on status, range on the due column.
      await db.schema
        .createIndex('outbox_deliveries_due_idx')
        .on('outbox_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('outbox_deliveries_reminder_idx')
        .on('outbox_deliveries')
        .columns(['tenant_id', 'reminder_id'])
        .execute();

      await db.schema
        .createTable('improvement_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('review_id', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('owner_person_id', 'text')
        .addColumn('agreed_at', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addForeignKeyConstraint('improvement_actions_review_fk', ['tenant_id', 'review_id'], 'reviews', [
          'tenant_id',
          'id',
        ])
        .addForeignKeyConstraint('improvement_actions_owner_fk', ['tenant_id', 'owner_person_id'], 'people', [
          'tenant_id',
          'id',
        ])
        .execute();
      await db.schema
        .createIndex('improvement_actions_review_idx')
        .on('improvement_actions')
        .columns(['tenant_id', 'review_id'])
        .execute();
      await db.schema
        .createIndex('improvement_actions_tenant_status_due_idx')
        .on('improvement_actions')
        .columns(['tenant_id', 'status', 'due_on'])
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', engine === 'postgres' ? 'bigint' : 'integer', (c) =>
          engine === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('review_id', 'text')
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .execute();
      await db.schema
        .createIndex('audit_log_tenant_review_idx')
        .on('audit_log')
        .columns(['tenant_id', 'review_id', 'id'])
        .execute();
      await db.schema.createIndex('audit_log_tenant_idx').on('audit_log').columns(['tenant_id', 'id']).execute();
    },
  };
}
