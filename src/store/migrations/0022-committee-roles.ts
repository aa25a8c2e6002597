/**
 * Roles held for the whole committee (001 §4–§9): its Chair, the Public Protection Manager, the
 * Learning Review Sub-group's members, lead officers and administrators, in `committee_members`,
 * so every review's alerts reach them without adding them to each review.
 *
 * Existing rows move once, each move audited by `system`:
 * - The single per-review `chair` was two roles. In a review decided to proceed it meant whoever
 *   chairs its Review Team, so it becomes `review_team_chair` of that review. In a review still in
 *   its decision stage, or decided not to proceed, the only chair is the Consideration Meeting's,
 *   which 001 §4 says is the committee's Chair: the person becomes `committee_chair` of the
 *   committee and the per-review row goes, so the 42-day alerts keep reaching them.
 * - A per-review `administrator` becomes one of the committee's administrators (001 Appendix 2: the
 *   Senior Business Support Administrator serves the committee's office).
 * - A report whose named author takes part in that review only as a practitioner loses the author,
 *   so it is asked of the agency's Senior Manager (001 §6): a practitioner is never chased for it.
 *
 * Table shapes are written out below rather than imported, so this migration stays as it is when
 * the code moves on.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine';
import type { MigrationSettings } from '.';
import { type AuditRow, appendMigrationAudit, inOneTransaction } from './migration-steps';

interface Tables {
  reviews: { id: string; tenant_id: string; decision_outcome: string | null };
  review_members: {
    tenant_id: string;
    review_id: string;
    person_id: string;
    role: string;
    agency_id: string | null;
    created_at: string;
  };
  committee_members: { tenant_id: string; person_id: string; role: string; created_at: string };
  report_requests: { id: string; tenant_id: string; review_id: string; author_person_id: string | null };
  audit_log: AuditRow;
}

export function committeeRoles(engine: Engine, settings: MigrationSettings): Migration {
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      await inOneTransaction(untyped, engine, async (db) => {
        await db.schema
          .createTable('committee_members')
          .addColumn('tenant_id', 'text', (c) => c.notNull().references('committees.tenant_id'))
          .addColumn('person_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('committee_members_pkey', ['tenant_id', 'person_id', 'role'])
          .addForeignKeyConstraint('committee_members_person_fk', ['tenant_id', 'person_id'], 'people', [
            'tenant_id',
            'id',
          ])
          .execute();
        // "Who is the committee's Chair?" for every sweep and alert.
        await db.schema
          .createIndex('committee_members_role_idx')
          .on('committee_members')
          .columns(['tenant_id', 'role'])
          .execute();
        const at = settings.now().toISOString();
        await moveReviewRoles(db as unknown as Kysely<Tables>, at);
        await clearPractitionerAuthors(db as unknown as Kysely<Tables>, at);
      });
    },
  };
}

async function moveReviewRoles(db: Kysely<Tables>, at: string): Promise<void> {
  const rows = await db
    .selectFrom('review_members as m')
    .innerJoin('reviews as r', (join) =>
      join.onRef('r.id', '=', 'm.review_id').onRef('r.tenant_id', '=', 'm.tenant_id'),
    )
    .select(['m.tenant_id', 'm.review_id', 'm.person_id', 'm.role', 'm.agency_id', 'r.decision_outcome'])
    .where('m.role', 'in', ['chair', 'administrator'])
    .orderBy('m.tenant_id')
    .orderBy('m.review_id')
    .orderBy('m.person_id')
    .execute();
  for (const row of rows) {
    const toReviewTeamChair = row.role === 'chair' && row.decision_outcome === 'proceed';
    const committeeRole = row.role === 'administrator' ? 'administrator' : 'committee_chair';
    await db
      .deleteFrom('review_members')
      .where('tenant_id', '=', row.tenant_id)
      .where('review_id', '=', row.review_id)
      .where('person_id', '=', row.person_id)
      .where('role', '=', row.role)
      .execute();
    if (toReviewTeamChair) {
      await db
        .insertInto('review_members')
        .values({
          tenant_id: row.tenant_id,
          review_id: row.review_id,
          person_id: row.person_id,
          agency_id: row.agency_id,
          role: 'review_team_chair',
          created_at: at,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    } else {
      await db
        .insertInto('committee_members')
        .values({ tenant_id: row.tenant_id, person_id: row.person_id, role: committeeRole, created_at: at })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await appendMigrationAudit(db, {
      tenant_id: row.tenant_id,
      occurred_at: at,
      actor: 'system',
      action: 'role.migrated',
      entity_type: 'review_member',
      entity_id: row.person_id,
      review_id: row.review_id,
      before_json: JSON.stringify({ personId: row.person_id, role: row.role, agencyId: row.agency_id }),
      after_json: JSON.stringify(
        toReviewTeamChair
          ? { personId: row.person_id, role: 'review_team_chair', agencyId: row.agency_id }
          : { personId: row.person_id, committeeRole },
      ),
    });
  }
}

async function clearPractitionerAuthors(db: Kysely<Tables>, at: string): Promise<void> {
  const requests = await db
    .selectFrom('report_requests as q')
    .select(['q.id', 'q.tenant_id', 'q.review_id', 'q.author_person_id'])
    .where('q.author_person_id', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('review_members as m')
          .select('m.person_id')
          .whereRef('m.tenant_id', '=', 'q.tenant_id')
          .whereRef('m.review_id', '=', 'q.review_id')
          .whereRef('m.person_id', '=', 'q.author_person_id')
          .where('m.role', '=', 'practitioner'),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('review_members as o')
            .select('o.person_id')
            .whereRef('o.tenant_id', '=', 'q.tenant_id')
            .whereRef('o.review_id', '=', 'q.review_id')
            .whereRef('o.person_id', '=', 'q.author_person_id')
            .where('o.role', '<>', 'practitioner'),
        ),
      ),
    )
    .orderBy('q.id')
    .execute();
  for (const request of requests) {
    await sql`update report_requests set author_person_id = null, updated_at = ${at}
      where tenant_id = ${request.tenant_id} and id = ${request.id}`.execute(db);
    await appendMigrationAudit(db, {
      tenant_id: request.tenant_id,
      occurred_at: at,
      actor: 'system',
      action: 'report.author_cleared',
      entity_type: 'report_request',
      entity_id: request.id,
      review_id: request.review_id,
      before_json: JSON.stringify({ authorPersonId: request.author_person_id }),
      after_json: JSON.stringify({ authorPersonId: null, reason: 'a practitioner is never asked for a report' }),
    });
  }
}
