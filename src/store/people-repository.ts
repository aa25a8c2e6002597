/**
 * People as Teams knows them (user id, Entra object id, name, email) and the roles they hold in
 * each review. These are professionals taking part, never the review's subject. Their names and
 * contact details live here only: the audit refers to them by id.
 */
import type { Selectable } from 'kysely';
import type { ReviewMember, ReviewRole } from '../domain/model';
import { toMember } from './row-mappers';
import { ensureCommittee } from './committees-repository';
import { constraintViolation } from './constraint-violation';
import type { PeopleTable } from './database-schema';
import {
  type MembershipInput,
  type PersonInput,
  type SupporterLinkInput,
  id,
  membershipSchema,
  parseInput,
  personSchema,
  supporterLinkSchema,
  tenantIdSchema,
} from './input-schemas';
import { InvalidValueError } from './store-errors';
import { atMost, newId, toInstantText } from './portable-values';
import { recordChange, recordReviewChange } from './record-change';
import { orNotFound, requireAgency, requirePeople } from './scoped-lookups';
import type { StoreContext } from './store-context';

export interface Person {
  id: string;
  teamsUserId: string | null;
  aadObjectId: string | null;
  displayName: string;
  email: string | null;
}

export interface Membership extends ReviewMember {
  reviewId: string;
}

const toPerson = (row: Selectable<PeopleTable>): Person => ({
  id: row.id,
  teamsUserId: row.teams_user_id,
  aadObjectId: row.aad_object_id,
  displayName: row.display_name,
  email: row.email,
});

const personIdSchema = id('The person');

/** The person as an upsert of `input` leaves them: ids and e-mail kept where Teams did not say. */
const updated = (before: Person, input: ReturnType<typeof personSchema.parse>): Person => ({
  ...before,
  teamsUserId: input.teamsUserId ?? before.teamsUserId,
  aadObjectId: input.aadObjectId ?? before.aadObjectId,
  displayName: input.displayName,
  email: input.email ?? before.email,
});

const unchanged = (before: Person, after: Person): boolean =>
  before.teamsUserId === after.teamsUserId &&
  before.aadObjectId === after.aadObjectId &&
  before.displayName === after.displayName &&
  before.email === after.email;

export function createPeopleRepository(ctx: StoreContext) {
  async function findBy(
    tenantId: string,
    column: 'id' | 'teams_user_id' | 'aad_object_id',
    value: string,
  ): Promise<Person | null> {
    const row = await ctx.db
      .selectFrom('people')
      .selectAll()
      .where('tenant_id', '=', parseInput(tenantIdSchema, tenantId))
      .where(column, '=', value)
      .executeTakeFirst();
    return row ? toPerson(row) : null;
  }

  async function upsertOnce(
    tenantId: string,
    actor: string,
    input: ReturnType<typeof personSchema.parse>,
  ): Promise<Person> {
    return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
      await ensureCommittee(ctx, trx, tenant, at);
      // Entra object id first: it is stable across Teams apps; the Teams user id is per bot.
      const existing = await trx
        .selectFrom('people')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where((eb) =>
          eb.or([
            ...(input.aadObjectId === null ? [] : [eb('aad_object_id', '=', input.aadObjectId)]),
            ...(input.teamsUserId === null ? [] : [eb('teams_user_id', '=', input.teamsUserId)]),
          ]),
        )
        .orderBy('created_at')
        .executeTakeFirst();
      if (!existing) {
        const row = {
          id: newId(),
          tenant_id: tenant,
          teams_user_id: input.teamsUserId,
          aad_object_id: input.aadObjectId,
          display_name: input.displayName,
          email: input.email,
          created_at: toInstantText(at),
          updated_at: toInstantText(at),
        };
        await trx.insertInto('people').values(row).execute();
        return {
          result: toPerson(row),
          audit: {
            action: 'person.added',
            entityType: 'person',
            entityId: row.id,
            reviewId: null,
            before: null,
            after: { id: row.id },
          },
        };
      }
      const before = toPerson(existing);
      const after = updated(before, input);
      if (unchanged(before, after)) return { result: before, audit: null };
      await trx
        .updateTable('people')
        .set({
          teams_user_id: after.teamsUserId,
          aad_object_id: after.aadObjectId,
          display_name: after.displayName,
          email: after.email,
          updated_at: toInstantText(at),
        })
        .where('tenant_id', '=', tenant)
        .where('id', '=', before.id)
        .execute();
      // Which details changed, never what they were or became.
      const changed = (Object.keys(after) as Array<keyof Person>).filter((key) => after[key] !== before[key]);
      return {
        result: after,
        audit: {
          action: 'person.updated',
          entityType: 'person',
          entityId: before.id,
          reviewId: null,
          before: { id: before.id },
          after: { id: before.id, changed },
        },
      };
    });
  }

  return {
    /**
     * Adds the person, or updates the one with the same Entra or Teams id. `seen` is the person as
     * the caller has just read them (every turn reads who is speaking): when the input changes
     * nothing of theirs, nothing is written, which is almost every turn.
     */
    async upsert(tenantId: string, actor: string, input: PersonInput, seen?: Person | null): Promise<Person> {
      const parsed = parseInput(personSchema, input);
      if (seen && unchanged(seen, updated(seen, parsed))) return seen;
      try {
        return await upsertOnce(tenantId, actor, parsed);
      } catch (error) {
        // Another instance added the same person a moment ago: now it exists, so update it.
        if (constraintViolation(error)?.kind !== 'unique') throw error;
        return upsertOnce(tenantId, actor, parsed);
      }
    },

    async get(tenantId: string, personId: string): Promise<Person> {
      const pid = parseInput(personIdSchema, personId);
      return orNotFound((await findBy(tenantId, 'id', pid)) ?? undefined, 'person', pid);
    },

    async findByTeamsUserId(tenantId: string, teamsUserId: string): Promise<Person | null> {
      return findBy(tenantId, 'teams_user_id', parseInput(id('The Teams user id'), teamsUserId));
    },

    async findByAadObjectId(tenantId: string, aadObjectId: string): Promise<Person | null> {
      return findBy(tenantId, 'aad_object_id', parseInput(id('The Entra object id'), aadObjectId));
    },

    /** The people with any of these Entra object ids or e-mail addresses (case does not matter), by name. */
    async findByIdentities(
      tenantId: string,
      identities: { aadObjectIds: readonly string[]; emails: readonly string[] },
    ): Promise<Person[]> {
      const objectIds = identities.aadObjectIds.map((v) => v.toLowerCase());
      const emails = identities.emails.map((v) => v.toLowerCase());
      if (objectIds.length === 0 && emails.length === 0) return [];
      const rows = await ctx.db
        .selectFrom('people')
        .selectAll()
        .where('tenant_id', '=', parseInput(tenantIdSchema, tenantId))
        .where((eb) =>
          eb.or([
            ...(objectIds.length === 0 ? [] : [eb(eb.fn('lower', ['aad_object_id']), 'in', objectIds)]),
            ...(emails.length === 0 ? [] : [eb(eb.fn('lower', ['email']), 'in', emails)]),
          ]),
        )
        .orderBy('display_name')
        .orderBy('id')
        .limit(atMost(100))
        .execute();
      return rows.map(toPerson);
    },

    /** Gives a person a role in a review; repeating it changes nothing. */
    async assignRole(tenantId: string, actor: string, input: MembershipInput): Promise<Membership> {
      const m = parseInput(membershipSchema, input);
      return recordReviewChange(ctx, { tenantId, actor, reviewId: m.reviewId }, async (trx, at, tenant) => {
        await requirePeople(trx, tenant, [m.personId]);
        await requireAgency(trx, tenant, m.agencyId);
        const membership: Membership = {
          reviewId: m.reviewId,
          personId: m.personId,
          role: m.role,
          agencyId: m.agencyId,
        };
        const inserted = await trx
          .insertInto('review_members')
          .values({
            tenant_id: tenant,
            review_id: m.reviewId,
            person_id: m.personId,
            role: m.role,
            agency_id: m.agencyId,
            created_at: toInstantText(at),
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'review_id', 'person_id', 'role']).doNothing())
          .returning('person_id')
          .executeTakeFirst();
        if (!inserted) return { result: membership, audit: null };
        return {
          result: membership,
          audit: {
            action: 'role.assigned',
            entityType: 'review_member',
            entityId: m.personId,
            reviewId: m.reviewId,
            before: null,
            after: membership,
          },
        };
      });
    },

    /** Takes a role away; false when the person did not hold it. */
    async removeRole(
      tenantId: string,
      actor: string,
      input: { reviewId: string; personId: string; role: ReviewRole },
    ): Promise<boolean> {
      const m = parseInput(membershipSchema, input);
      return recordChange(ctx, { tenantId, actor }, async (trx, _at, tenant) => {
        const removed = await trx
          .deleteFrom('review_members')
          .where('tenant_id', '=', tenant)
          .where('review_id', '=', m.reviewId)
          .where('person_id', '=', m.personId)
          .where('role', '=', m.role)
          .returning(['person_id', 'role', 'agency_id'])
          .executeTakeFirst();
        if (!removed) return { result: false, audit: null };
        return {
          result: true,
          audit: {
            action: 'role.removed',
            entityType: 'review_member',
            entityId: m.personId,
            reviewId: m.reviewId,
            before: { personId: m.personId, role: m.role, agencyId: removed.agency_id },
            after: null,
          },
        };
      });
    },

    /**
     * Links a practitioner to their agency's Review Team member, who supports them through the
     * review (004: "Your Review Team member is there to support you"); null unlinks. The supporter
     * must be a Review Team member of the same review, and of the practitioner's agency when both
     * have one.
     */
    async linkSupporter(tenantId: string, actor: string, input: SupporterLinkInput): Promise<Membership> {
      const link = parseInput(supporterLinkSchema, input);
      return recordReviewChange(ctx, { tenantId, actor, reviewId: link.reviewId }, async (trx, at, tenant, review) => {
        const members = await trx
          .selectFrom('review_members')
          .selectAll()
          .where('tenant_id', '=', tenant)
          .where('review_id', '=', review.id)
          .where('person_id', 'in', [link.practitionerPersonId, link.supporterPersonId ?? link.practitionerPersonId])
          .execute();
        const practitioner = members.find(
          (m) => m.person_id === link.practitionerPersonId && m.role === 'practitioner',
        );
        if (!practitioner)
          throw new InvalidValueError(
            'practitionerPersonId',
            `That person is not a practitioner in ${review.reference}.`,
          );
        if (link.supporterPersonId !== null) {
          const supporter = members.find(
            (m) => m.person_id === link.supporterPersonId && m.role === 'review_team_member',
          );
          if (!supporter)
            throw new InvalidValueError(
              'supporterPersonId',
              `A practitioner is supported by a Review Team member of ${review.reference}; that person is not one.`,
            );
          if (practitioner.agency_id && supporter.agency_id && practitioner.agency_id !== supporter.agency_id)
            throw new InvalidValueError(
              'supporterPersonId',
              "A practitioner is supported by their own agency's Review Team member (004); that person is from another agency.",
            );
        }
        if (practitioner.supporter_person_id === link.supporterPersonId)
          return { result: { ...toMember(practitioner), reviewId: review.id }, audit: null };
        await trx
          .updateTable('review_members')
          .set({ supporter_person_id: link.supporterPersonId })
          .where('tenant_id', '=', tenant)
          .where('review_id', '=', review.id)
          .where('person_id', '=', link.practitionerPersonId)
          .where('role', '=', 'practitioner')
          .execute();
        const after = { ...toMember(practitioner), supporterPersonId: link.supporterPersonId, reviewId: review.id };
        return {
          result: after,
          audit: {
            action: 'practitioner.supporter_linked',
            entityType: 'review_member',
            entityId: link.practitionerPersonId,
            reviewId: review.id,
            before: { personId: link.practitionerPersonId, supporterPersonId: practitioner.supporter_person_id },
            after: { personId: link.practitionerPersonId, supporterPersonId: link.supporterPersonId },
          },
        };
      });
    },

    /** The reviews a person takes part in, and as what: for "my reviews" and role checks. */
    async membershipsOf(tenantId: string, personId: string): Promise<Membership[]> {
      const rows = await ctx.db
        .selectFrom('review_members')
        .selectAll()
        .where('tenant_id', '=', parseInput(tenantIdSchema, tenantId))
        .where('person_id', '=', parseInput(personIdSchema, personId))
        .orderBy('review_id')
        .orderBy('role')
        .execute();
      return rows.map((r) => ({ ...toMember(r), reviewId: r.review_id }));
    },
  };
}

export type PeopleRepository = ReturnType<typeof createPeopleRepository>;
