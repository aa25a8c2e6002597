/**
 * What the procedure as the committee wrote it needs beside its roles and pauses:
 * - meetings: a venue or an online link (invitations name where to go);
 * - agencies: their support details, the Employee Assistance Programme and who to contact (004);
 * - a practitioner's link to their agency's Review Team member, who supports them (004);
 * - why an improvement action was dropped (an action is dropped only with a reason, 001 §9);
 * - a committee's own pseudonym words and the quarter dates of the Sub-group's digest (001 §9);
 * - the completion of reviews already past the review stage: the report presented to the
 *   committee (001 §8), recorded at the date they were moved to improvement as the audit says
 *   (when it happened, else when it was recorded), so their timescale is measured to it and a
 *   review finished on time stays so. Each is audited by `system`.
 *
 * Table shapes are written out below rather than imported, so this migration stays as it is.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine';
import type { MigrationSettings } from '.';
import { type AuditRow, appendMigrationAudit, inOneTransaction } from './migration-steps';

/** The closing stage's step that marks a review complete (templates/closing-stage.json). */
const COMPLETION_STEP = 'report-presented-to-committee';

interface Tables {
  reviews: { id: string; tenant_id: string; status: string; decision_outcome: string | null };
  milestones: {
    tenant_id: string;
    review_id: string;
    step_id: string;
    completed_at: string | null;
    skipped: number;
    note: string | null;
    updated_at: string;
  };
  audit_log: AuditRow;
}

export function procedureDetails(engine: Engine, settings: MigrationSettings): Migration {
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      await inOneTransaction(untyped, engine, async (db) => {
        const columns: Array<[table: string, column: string]> = [
          ['meetings', 'venue'],
          ['meetings', 'online_link'],
          ['agencies', 'employee_assistance'],
          ['agencies', 'support_contact'],
          ['review_members', 'supporter_person_id'],
          ['improvement_actions', 'dropped_reason'],
          ['committees', 'pseudonym_words'],
          ['committees', 'oversight_dates'],
        ];
        for (const [table, column] of columns) await db.schema.alterTable(table).addColumn(column, 'text').execute();
        await recordCompletions(db as unknown as Kysely<Tables>, settings.now().toISOString());
      });
    },
  };
}

async function recordCompletions(db: Kysely<Tables>, at: string): Promise<void> {
  const reviews = await db
    .selectFrom('reviews as r')
    .select([
      'r.id',
      'r.tenant_id',
      sql<string | null>`(select coalesce(a.happened_at, a.occurred_at) from audit_log a
        where a.tenant_id = r.tenant_id and a.entity_type = 'review' and a.entity_id = r.id
          and a.action = 'review.status_changed' and a.after_json like '%"status":"improvement"%'
        order by a.id desc limit 1)`.as('completed_at'),
    ])
    .where('r.decision_outcome', '=', 'proceed')
    .where('r.status', 'in', ['improvement', 'closed'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('milestones as m')
            .select('m.step_id')
            .whereRef('m.tenant_id', '=', 'r.tenant_id')
            .whereRef('m.review_id', '=', 'r.id')
            .where('m.step_id', '=', COMPLETION_STEP),
        ),
      ),
    )
    .orderBy('r.tenant_id')
    .orderBy('r.id')
    .execute();
  for (const review of reviews) {
    if (review.completed_at === null) continue;
    await db
      .insertInto('milestones')
      .values({
        tenant_id: review.tenant_id,
        review_id: review.id,
        step_id: COMPLETION_STEP,
        completed_at: review.completed_at,
        skipped: 0,
        note: null,
        updated_at: at,
      })
      .execute();
    await appendMigrationAudit(db, {
      tenant_id: review.tenant_id,
      occurred_at: at,
      actor: 'system',
      action: 'milestone.recorded',
      entity_type: 'milestone',
      entity_id: COMPLETION_STEP,
      review_id: review.id,
      before_json: null,
      after_json: JSON.stringify({ stepId: COMPLETION_STEP, completedAt: review.completed_at, skipped: false }),
    });
  }
}
