/**
 * - References in one canonical form (`LR-2026-0050` and `LR-2026-050` were two reviews).
 * - No stored tier: the review template is the tier (`tier-1`, `tier-2-3`), so none can disagree.
 * - One calendar per committee: its holiday region and reminder time beside its time zone, and its
 *   own days off. Committees that were there take the configured defaults (HOLIDAY_REGION, the
 *   policy's time), which is what their reviews were counted with until now.
 * - When each date was last set and when back-dated facts were recorded: a meeting's start and
 *   status, a report's due date, an action's target date, a decision, the end of a pause; and in
 *   the audit, when a recorded fact happened beside when it was recorded. Existing rows take what
 *   the audit trail says (the last reschedule, due-date change, decision or resume), else the
 *   time the item was created, which is what the engine counted from until now.
 * - A closed or cancelled review reopens only explicitly, with a reason: when and why are kept.
 *
 * Data changes made here are audited like any other change, by `system`. Table shapes are written
 * out below rather than imported, so this migration stays as it is when the code moves on.
 */
import { type Kysely, type Migration, type RawBuilder, sql } from 'kysely';
import type { Engine } from '../engine';
import type { CommitteeDefaults } from '../store-context';
import type { MigrationSettings } from '.';
import { type AuditRow, appendMigrationAudit, inOneTransaction } from './migration-steps';

interface Tables {
  reviews: { id: string; tenant_id: string; reference: string; reference_year: number; reference_number: number };
  audit_log: AuditRow;
}

export function calendarsLifecycleAndDateHistory(engine: Engine, settings: MigrationSettings): Migration {
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      await inOneTransaction(untyped, engine, async (db) => {
        await canonicalReferences(db as unknown as Kysely<Tables>, settings.now());
        await db.schema.alterTable('reviews').dropColumn('tier').execute();
        await committeeCalendars(db, settings.committeeDefaults);
        await dateHistory(db, engine);
        await db.schema.alterTable('reviews').addColumn('reopened_at', 'text').execute();
        await db.schema.alterTable('reviews').addColumn('reopen_reason', 'text').execute();
      });
    },
  };
}

/**
 * Rewrites each reference to `LR-YYYY-NNN` (at least three digits, no other leading zeros). Where
 * two reviews already held both spellings of one number, the one in canonical form keeps it and the
 * other is left as it was: renumbering a review people know by its reference is not ours to do.
 */
async function canonicalReferences(db: Kysely<Tables>, at: Date): Promise<void> {
  const rows = await db
    .selectFrom('reviews')
    .select(['id', 'tenant_id', 'reference', 'reference_year', 'reference_number'])
    .orderBy('tenant_id')
    .orderBy('id')
    .execute();
  const taken = new Set(rows.map((row) => `${row.tenant_id}\u0000${row.reference}`));
  for (const row of rows) {
    const canonical = `LR-${row.reference_year}-${String(row.reference_number).padStart(3, '0')}`;
    if (row.reference === canonical || taken.has(`${row.tenant_id}\u0000${canonical}`)) continue;
    await db
      .updateTable('reviews')
      .set({ reference: canonical })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .execute();
    taken.add(`${row.tenant_id}\u0000${canonical}`);
    await appendMigrationAudit(db, {
      tenant_id: row.tenant_id,
      occurred_at: at.toISOString(),
      actor: 'system',
      action: 'review.reference_normalised',
      entity_type: 'review',
      entity_id: row.id,
      review_id: row.id,
      before_json: JSON.stringify({ reference: row.reference }),
      after_json: JSON.stringify({ reference: canonical }),
    });
  }
}

async function committeeCalendars(db: Kysely<unknown>, defaults: CommitteeDefaults): Promise<void> {
  await db.schema
    .alterTable('committees')
    .addColumn('holiday_region', 'text', (c) => c.notNull().defaultTo(defaults.holidayRegion))
    .execute();
  await db.schema
    .alterTable('committees')
    .addColumn('reminder_time', 'text', (c) => c.notNull().defaultTo(defaults.reminderTime))
    .execute();
  await db.schema
    .alterTable('committees')
    .addColumn('calendar_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('committee_days_off')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('committees.tenant_id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('committee_days_off_pkey', ['tenant_id', 'day'])
    .execute();
}

/** `column` of `table` from the last audit entry of `action` about each row, else `fallback`. */
function fromAudit(table: string, entityType: string, action: string, fallback: string) {
  return sql`coalesce((select max(a.occurred_at) from audit_log a
    where a.tenant_id = ${sql.table(table)}.tenant_id and a.entity_type = ${entityType}
      and a.entity_id = ${sql.table(table)}.id and a.action = ${action}), ${sql.ref(fallback)})`;
}

async function dateHistory(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const columns: Array<[table: string, column: string, set: RawBuilder<unknown>, required: boolean]> = [
    ['meetings', 'starts_at_set_at', fromAudit('meetings', 'meeting', 'meeting.rescheduled', 'scheduled_at'), true],
    ['meetings', 'status_set_at', fromAudit('meetings', 'meeting', 'meeting.status_changed', 'scheduled_at'), true],
    [
      'report_requests',
      'due_on_set_at',
      fromAudit('report_requests', 'report_request', 'report.due_date_changed', 'requested_at'),
      true,
    ],
    ['improvement_actions', 'due_on_set_at', sql`case when due_on is null then null else created_at end`, false],
    [
      'reviews',
      'decision_recorded_at',
      fromAudit('reviews', 'review', 'review.decision_recorded', 'decided_at'),
      false,
    ],
    ['clock_pauses', 'end_recorded_at', fromAudit('clock_pauses', 'clock_pause', 'clock.resumed', 'ended_at'), false],
  ];
  for (const [table, column, set, required] of columns) {
    await db.schema.alterTable(table).addColumn(column, 'text').execute();
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${set}`.execute(db);
    // SQLite cannot add NOT NULL to a column afterwards; the code always writes these.
    if (required && engine === 'postgres')
      await db.schema
        .alterTable(table)
        .alterColumn(column, (c) => c.setNotNull())
        .execute();
  }
  // A review's decision is recorded only with one; reviews without one keep null.
  await sql`update reviews set decision_recorded_at = null where decided_at is null`.execute(db);
  await db.schema.alterTable('audit_log').addColumn('happened_at', 'text').execute();
}
