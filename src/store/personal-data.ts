/**
 * What the bot keeps about one person (UK GDPR art. 15): who they are to it, the roles they hold,
 * their invitations and answers, the reports they were asked for or sent (when, never what), the
 * actions they own, the reminders sent to them, where the bot can reach them, and the audit
 * entries they made or that are about them. The same record serves the person's own summary
 * (`my data`) and the Data Protection Officer's export (`npm run export-person`).
 *
 * A report's content, a meeting's title and an action's description are not part of it: they
 * belong to the review, not to the person.
 */
import type { MeetingKind, ReviewKind, Role } from '../domain/model';
import { type ErasedPerson, formerMemberName } from './erasure';
import { id, parseInput, tenantIdSchema, text } from './input-schemas';
import type { Person } from './people-repository';
import type { StoreContext } from './store-context';
import { NotFoundError } from './store-errors';

export interface ReviewNamed {
  reviewId: string;
  reference: string;
  kind: ReviewKind;
}

export interface PersonalRecord {
  tenantId: string;
  person: Person & { createdAt: Date; updatedAt: Date };
  /** Set when the person was erased: their name then reads "Former member N". */
  erased: ErasedPerson | null;
  /** Roles held for the whole committee (its Chair, the Sub-group, lead officers, administrators). */
  committeeRoles: Array<{ role: Role; since: Date }>;
  roles: Array<ReviewNamed & { subjectPseudonym: string; role: Role; agencyName: string | null; since: Date }>;
  invitations: Array<
    ReviewNamed & {
      meetingId: string;
      meetingKind: MeetingKind;
      startsAt: Date;
      meetingStatus: string;
      invitedAt: Date;
      response: string | null;
      respondedAt: Date | null;
    }
  >;
  meetingsChaired: Array<ReviewNamed & { meetingId: string; meetingKind: MeetingKind; startsAt: Date }>;
  reportRequests: Array<
    ReviewNamed & {
      requestId: string;
      agencyName: string;
      as: 'author' | 'senior_manager';
      requestedAt: Date;
      dueOn: string;
      status: string;
      submittedAt: Date | null;
    }
  >;
  /** Reports they sent in: when, for which agency, and whether with text or a file; never the content. */
  submissions: Array<
    ReviewNamed & {
      submissionId: string;
      agencyName: string;
      submittedAt: Date;
      withText: boolean;
      attachment: { contentType: string; size: number } | null;
    }
  >;
  actionsOwned: Array<ReviewNamed & { actionId: string; status: string; agreedAt: Date; dueOn: string | null }>;
  reminders: Array<{
    deliveryId: string;
    review: ReviewNamed | null;
    rule: string;
    occasion: string;
    dueAt: Date;
    status: string;
    sentAt: Date | null;
  }>;
  conversations: Array<{ conversationId: string; conversationType: string | null; savedAt: Date; updatedAt: Date }>;
  /** Changes they made, or changes about them (by id; the audit holds no names). */
  audit: Array<{
    id: number;
    occurredAt: Date;
    action: string;
    entityType: string;
    entityId: string;
    reviewId: string | null;
    madeByThem: boolean;
  }>;
}

const personIdSchema = id('The person');
const AUDIT_LIMIT = 10_000;

const date = (value: string) => new Date(value);
const nullableDate = (value: string | null) => (value === null ? null : new Date(value));

export function createPersonalDataRepository(ctx: StoreContext) {
  const reviewsById = async (tenant: string, ids: Iterable<string | null>) => {
    const wanted = [...new Set([...ids].filter((v): v is string => v !== null))];
    const rows =
      wanted.length === 0
        ? []
        : await ctx.db
            .selectFrom('reviews')
            .select(['id', 'reference', 'kind', 'subject_pseudonym'])
            .where('tenant_id', '=', tenant)
            .where('id', 'in', wanted)
            .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        { reviewId: r.id, reference: r.reference, kind: r.kind as ReviewKind, subjectPseudonym: r.subject_pseudonym },
      ]),
    );
  };
  const named = (r: { reviewId: string; reference: string; kind: ReviewKind }): ReviewNamed => ({
    reviewId: r.reviewId,
    reference: r.reference,
    kind: r.kind,
  });

  return {
    /** Everything the bot keeps about one person of the committee, but report content. */
    async recordOf(tenantId: string, personId: string): Promise<PersonalRecord> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const pid = parseInput(personIdSchema, personId);
      const row = await ctx.db
        .selectFrom('people')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where('id', '=', pid)
        .executeTakeFirst();
      if (!row) throw new NotFoundError('person', pid);
      const erasure = await ctx.db
        .selectFrom('erased_people')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where('person_id', '=', pid)
        .where('restored_at', 'is', null)
        .executeTakeFirst();

      const committeeRoles = await ctx.db
        .selectFrom('committee_members')
        .select(['role', 'created_at'])
        .where('tenant_id', '=', tenant)
        .where('person_id', '=', pid)
        .orderBy('created_at')
        .execute();
      const roles = await ctx.db
        .selectFrom('review_members as m')
        .leftJoin('agencies as a', (j) => j.onRef('a.id', '=', 'm.agency_id').onRef('a.tenant_id', '=', 'm.tenant_id'))
        .select(['m.review_id', 'm.role', 'm.created_at', 'a.name as agency_name'])
        .where('m.tenant_id', '=', tenant)
        .where('m.person_id', '=', pid)
        .orderBy('m.created_at')
        .execute();
      const invitations = await ctx.db
        .selectFrom('invitations as i')
        .innerJoin('meetings as g', (j) =>
          j.onRef('g.id', '=', 'i.meeting_id').onRef('g.tenant_id', '=', 'i.tenant_id'),
        )
        .select([
          'g.review_id',
          'g.id as meeting_id',
          'g.kind',
          'g.starts_at',
          'g.status',
          'i.invited_at',
          'i.response',
          'i.responded_at',
        ])
        .where('i.tenant_id', '=', tenant)
        .where('i.person_id', '=', pid)
        .orderBy('g.starts_at')
        .execute();
      const chaired = await ctx.db
        .selectFrom('meetings')
        .select(['review_id', 'id', 'kind', 'starts_at'])
        .where('tenant_id', '=', tenant)
        .where('chair_person_id', '=', pid)
        .orderBy('starts_at')
        .execute();
      const requests = await ctx.db
        .selectFrom('report_requests as r')
        .innerJoin('agencies as a', (j) => j.onRef('a.id', '=', 'r.agency_id').onRef('a.tenant_id', '=', 'r.tenant_id'))
        .select([
          'r.id',
          'r.review_id',
          'r.author_person_id',
          'r.requested_at',
          'r.due_on',
          'r.status',
          'r.submitted_at',
          'a.name as agency_name',
        ])
        .where('r.tenant_id', '=', tenant)
        .where((eb) => eb.or([eb('r.author_person_id', '=', pid), eb('r.senior_manager_person_id', '=', pid)]))
        .orderBy('r.requested_at')
        .execute();
      const submissions = await ctx.db
        .selectFrom('report_submissions as s')
        .innerJoin('report_requests as r', (j) =>
          j.onRef('r.id', '=', 's.report_request_id').onRef('r.tenant_id', '=', 's.tenant_id'),
        )
        .innerJoin('agencies as a', (j) => j.onRef('a.id', '=', 'r.agency_id').onRef('a.tenant_id', '=', 'r.tenant_id'))
        .select([
          's.id',
          'r.review_id',
          's.submitted_at',
          's.text',
          's.attachment_content_type',
          's.attachment_size',
          'a.name as agency_name',
        ])
        .where('s.tenant_id', '=', tenant)
        .where('s.submitted_by_person_id', '=', pid)
        .orderBy('s.submitted_at')
        .execute();
      const actions = await ctx.db
        .selectFrom('improvement_actions')
        .select(['id', 'review_id', 'status', 'agreed_at', 'due_on'])
        .where('tenant_id', '=', tenant)
        .where('owner_person_id', '=', pid)
        .orderBy('agreed_at')
        .execute();
      const deliveries = await ctx.db
        .selectFrom('outbox_deliveries as d')
        .innerJoin('outbox_reminders as o', (j) =>
          j.onRef('o.id', '=', 'd.reminder_id').onRef('o.tenant_id', '=', 'd.tenant_id'),
        )
        .select(['d.id', 'o.review_id', 'o.rule', 'o.occasion', 'o.due_at', 'd.status', 'd.sent_at'])
        .where('d.tenant_id', '=', tenant)
        .where('d.recipient_person_id', '=', pid)
        .orderBy('o.due_at')
        .execute();
      const conversations = await ctx.db
        .selectFrom('conversation_references')
        .select(['conversation_id', 'reference_json', 'created_at', 'updated_at'])
        .where('tenant_id', '=', tenant)
        .where('person_id', '=', pid)
        .orderBy('created_at')
        .execute();
      const audit = await ctx.db
        .selectFrom('audit_log')
        .select(['id', 'occurred_at', 'actor', 'action', 'entity_type', 'entity_id', 'review_id'])
        .where('tenant_id', '=', tenant)
        .where((eb) => eb.or([eb('actor', '=', pid), eb('entity_id', '=', pid), eb('entity_id', 'like', `%/${pid}`)]))
        .orderBy('id')
        .limit(AUDIT_LIMIT)
        .execute();

      const reviews = await reviewsById(tenant, [
        ...roles.map((r) => r.review_id),
        ...invitations.map((r) => r.review_id),
        ...chaired.map((r) => r.review_id),
        ...requests.map((r) => r.review_id),
        ...submissions.map((r) => r.review_id),
        ...actions.map((r) => r.review_id),
        ...deliveries.map((r) => r.review_id),
      ]);
      const review = (reviewId: string) => {
        const found = reviews.get(reviewId);
        if (!found) throw new NotFoundError('review', reviewId);
        return found;
      };

      return {
        tenantId: tenant,
        person: {
          id: row.id,
          displayName: row.display_name,
          email: row.email,
          teamsUserId: row.teams_user_id,
          aadObjectId: row.aad_object_id,
          createdAt: date(row.created_at),
          updatedAt: date(row.updated_at),
        },
        erased: erasure
          ? {
              personId: pid,
              ordinal: Number(erasure.ordinal),
              displayName: formerMemberName(Number(erasure.ordinal)),
              reason: erasure.reason as ErasedPerson['reason'],
              erasedAt: date(erasure.erased_at),
            }
          : null,
        committeeRoles: committeeRoles.map((r) => ({ role: r.role as Role, since: date(r.created_at) })),
        roles: roles.map((r) => ({
          ...review(r.review_id),
          role: r.role as Role,
          agencyName: r.agency_name,
          since: date(r.created_at),
        })),
        invitations: invitations.map((r) => ({
          ...named(review(r.review_id)),
          meetingId: r.meeting_id,
          meetingKind: r.kind as MeetingKind,
          startsAt: date(r.starts_at),
          meetingStatus: r.status,
          invitedAt: date(r.invited_at),
          response: r.response,
          respondedAt: nullableDate(r.responded_at),
        })),
        meetingsChaired: chaired.map((r) => ({
          ...named(review(r.review_id)),
          meetingId: r.id,
          meetingKind: r.kind as MeetingKind,
          startsAt: date(r.starts_at),
        })),
        reportRequests: requests.map((r) => ({
          ...named(review(r.review_id)),
          requestId: r.id,
          agencyName: r.agency_name,
          as: r.author_person_id === pid ? ('author' as const) : ('senior_manager' as const),
          requestedAt: date(r.requested_at),
          dueOn: r.due_on,
          status: r.status,
          submittedAt: nullableDate(r.submitted_at),
        })),
        submissions: submissions.map((r) => ({
          ...named(review(r.review_id)),
          submissionId: r.id,
          agencyName: r.agency_name,
          submittedAt: date(r.submitted_at),
          withText: r.text !== null && r.text !== '',
          attachment:
            r.attachment_size === null
              ? null
              : {
                  contentType: r.attachment_content_type ?? 'application/octet-stream',
                  size: Number(r.attachment_size),
                },
        })),
        actionsOwned: actions.map((r) => ({
          ...named(review(r.review_id)),
          actionId: r.id,
          status: r.status,
          agreedAt: date(r.agreed_at),
          dueOn: r.due_on,
        })),
        reminders: deliveries.map((r) => ({
          deliveryId: r.id,
          review: r.review_id === null ? null : named(review(r.review_id)),
          rule: r.rule,
          occasion: r.occasion,
          dueAt: date(r.due_at),
          status: r.status,
          sentAt: nullableDate(r.sent_at),
        })),
        conversations: conversations.map((r) => {
          const conversation = (JSON.parse(r.reference_json) as { conversation?: { conversationType?: unknown } })
            .conversation;
          return {
            conversationId: r.conversation_id,
            conversationType: typeof conversation?.conversationType === 'string' ? conversation.conversationType : null,
            savedAt: date(r.created_at),
            updatedAt: date(r.updated_at),
          };
        }),
        audit: audit.map((r) => ({
          id: Number(r.id),
          occurredAt: date(r.occurred_at),
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          reviewId: r.review_id,
          madeByThem: r.actor === pid,
        })),
      };
    },

    /**
     * The people an e-mail address or Entra object id names, in every committee (case does not
     * matter): where the Data Protection Officer's export starts. Not scoped to a tenant, like
     * the scheduler's reads; it returns ids only.
     */
    async locate(identity: string): Promise<Array<{ tenantId: string; personId: string }>> {
      const wanted = parseInput(text('The e-mail address or Entra object id', 320), identity).toLowerCase();
      const rows = await ctx.db
        .selectFrom('people')
        .select(['tenant_id', 'id'])
        .where((eb) =>
          eb.or([eb(eb.fn('lower', ['email']), '=', wanted), eb(eb.fn('lower', ['aad_object_id']), '=', wanted)]),
        )
        .orderBy('tenant_id')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ tenantId: r.tenant_id, personId: r.id }));
    },
  };
}

export type PersonalDataRepository = ReturnType<typeof createPersonalDataRepository>;
