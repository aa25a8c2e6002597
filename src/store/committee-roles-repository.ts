/**
 * Roles held for the whole committee (001 §4–§9): its Chair, the Public Protection Manager, the
 * Learning Review Sub-group's members, lead officers and administrators. Every review's alerts
 * reach them without adding them to each review: the review aggregates carry the committee's
 * holders, read once per committee (`committeeRoster`).
 */
import type { CommitteeMember, CommitteeRole } from '../domain/model';
import { ensureCommittee } from './committees-repository';
import { type CommitteeRoleInput, committeeRoleSchema, id, parseInput, tenantIdSchema } from './input-schemas';
import { toInstantText } from './portable-values';
import { recordChange } from './record-change';
import { toCommitteeMember } from './row-mappers';
import { requirePeople } from './scoped-lookups';
import type { Executor, StoreContext } from './store-context';

/** The committee's role holders, by role then person: what every review of the committee shares. */
export async function committeeRoster(db: Executor, tenantId: string): Promise<CommitteeMember[]> {
  const rows = await db
    .selectFrom('committee_members')
    .select(['person_id', 'role'])
    .where('tenant_id', '=', tenantId)
    .orderBy('role')
    .orderBy('person_id')
    .execute();
  return rows.map(toCommitteeMember);
}

export function createCommitteeRolesRepository(ctx: StoreContext) {
  return {
    /** Gives a person a role for the whole committee; repeating it changes nothing. */
    async assign(tenantId: string, actor: string, input: CommitteeRoleInput): Promise<CommitteeMember> {
      const member = parseInput(committeeRoleSchema, input);
      return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
        await ensureCommittee(ctx, trx, tenant, at);
        await requirePeople(trx, tenant, [member.personId]);
        const inserted = await trx
          .insertInto('committee_members')
          .values({ tenant_id: tenant, person_id: member.personId, role: member.role, created_at: toInstantText(at) })
          .onConflict((oc) => oc.columns(['tenant_id', 'person_id', 'role']).doNothing())
          .returning('person_id')
          .executeTakeFirst();
        if (!inserted) return { result: member, audit: null };
        return {
          result: member,
          audit: {
            action: 'committee_role.assigned',
            entityType: 'committee_member',
            entityId: member.personId,
            reviewId: null,
            before: null,
            after: member,
          },
        };
      });
    },

    /** Takes a committee role away; false when the person did not hold it. */
    async remove(tenantId: string, actor: string, input: CommitteeRoleInput): Promise<boolean> {
      const member = parseInput(committeeRoleSchema, input);
      return recordChange(ctx, { tenantId, actor }, async (trx, _at, tenant) => {
        const removed = await trx
          .deleteFrom('committee_members')
          .where('tenant_id', '=', tenant)
          .where('person_id', '=', member.personId)
          .where('role', '=', member.role)
          .returning('person_id')
          .executeTakeFirst();
        if (!removed) return { result: false, audit: null };
        return {
          result: true,
          audit: {
            action: 'committee_role.removed',
            entityType: 'committee_member',
            entityId: member.personId,
            reviewId: null,
            before: member,
            after: null,
          },
        };
      });
    },

    /** Everyone holding a committee role, by role then person. */
    async list(tenantId: string): Promise<CommitteeMember[]> {
      return committeeRoster(ctx.db, parseInput(tenantIdSchema, tenantId));
    },

    /** The committee roles a person holds: for authorisation. */
    async rolesOf(tenantId: string, personId: string): Promise<CommitteeRole[]> {
      const pid = parseInput(id('The person'), personId);
      const roster = await committeeRoster(ctx.db, parseInput(tenantIdSchema, tenantId));
      return roster.filter((member) => member.personId === pid).map((member) => member.role);
    },
  };
}

export type CommitteeRolesRepository = ReturnType<typeof createCommitteeRolesRepository>;
