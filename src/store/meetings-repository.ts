/**
 * Meetings and events of a review (Consideration Meeting, Review Team Meetings, Practitioner
 * Event…), who is invited, and what each invitee answered.
 */
import type { Invitation, InvitationResponse, Meeting, MeetingStatus } from '../domain/model';
import type { ReviewWork } from '../domain/review-lifecycle';
import { withheld } from './audit-log';
import {
  type MeetingInput,
  type RescheduleInput,
  id,
  instant,
  invitationNoteSchema,
  invitationResponseSchema,
  inviteesSchema,
  meetingSchema,
  meetingStatusSchema,
  parseInput,
  rescheduleSchema,
  tenantIdSchema,
} from './input-schemas';
import { assertKnownSteps } from './known-templates';
import { withInvitations } from './load-review-aggregates';
import { atMost, newId, toInstantText, toNullableInstantText } from './portable-values';
import { recordChange, recordReviewChange } from './record-change';
import { refuseIfEnded, refuseIfEndedById } from './refuse-ended-review';
import { requirePeople, requireRow } from './scoped-lookups';
import type { Executor, StoreContext } from './store-context';
import { NotFoundError } from './store-errors';

export interface ScheduledMeeting extends Meeting {
  reviewId: string;
}

const meetingIdSchema = id('The meeting');
const forAudit = (m: Meeting | null) =>
  m === null ? null : { ...m, title: withheld(m.title), venue: withheld(m.venue), invitations: m.invitations.length };

async function loadMeeting(db: Executor, tenantId: string, meetingId: string): Promise<ScheduledMeeting> {
  const row = await requireRow(db, 'meetings', tenantId, meetingId, 'meeting');
  const [meeting] = await withInvitations(db, tenantId, [row]);
  return { ...meeting, reviewId: row.review_id };
}

export function createMeetingsRepository(ctx: StoreContext) {
  /**
   * Changes one meeting's row; `change` returns the columns to set given the current meeting. The
   * work `refusedOnceEnded` names for the current meeting, if any, is refused once its review is
   * closed or cancelled.
   */
  function updateMeeting(
    tenantId: string,
    actor: string,
    meetingId: string,
    action: string,
    refusedOnceEnded: (current: ScheduledMeeting) => ReviewWork | null,
    change: (
      current: ScheduledMeeting,
      at: string,
    ) => {
      starts_at?: string;
      starts_at_set_at?: string;
      ends_at?: string | null;
      venue?: string | null;
      online_link?: string | null;
      status?: MeetingStatus;
      status_set_at?: string;
    },
  ): Promise<ScheduledMeeting> {
    const mid = parseInput(meetingIdSchema, meetingId);
    return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
      const before = await loadMeeting(trx, tenant, mid);
      const work = refusedOnceEnded(before);
      if (work !== null) await refuseIfEndedById(trx, ctx.engine, tenant, before.reviewId, work);
      await trx
        .updateTable('meetings')
        .set({ ...change(before, toInstantText(at)), updated_at: toInstantText(at) })
        .where('tenant_id', '=', tenant)
        .where('id', '=', mid)
        .execute();
      const after = await loadMeeting(trx, tenant, mid);
      return {
        result: after,
        audit: {
          action,
          entityType: 'meeting',
          entityId: mid,
          reviewId: after.reviewId,
          before: forAudit(before),
          after: forAudit(after),
        },
      };
    });
  }

  return {
    async schedule(tenantId: string, actor: string, reviewId: string, input: MeetingInput): Promise<ScheduledMeeting> {
      const m = parseInput(meetingSchema, input);
      return recordReviewChange(ctx, { tenantId, actor, reviewId }, async (trx, at, tenant, review) => {
        refuseIfEnded(review, 'book_meeting');
        assertKnownSteps(ctx.templates, review, 'stepId', [m.stepId]);
        await requirePeople(trx, tenant, [m.chairPersonId]);
        const row = {
          id: newId(),
          tenant_id: tenant,
          review_id: review.id,
          kind: m.kind,
          title: m.title,
          step_id: m.stepId,
          starts_at: toInstantText(m.startsAt),
          ends_at: toNullableInstantText(m.endsAt),
          venue: m.venue,
          online_link: m.onlineLink,
          scheduled_at: toInstantText(at),
          starts_at_set_at: toInstantText(at),
          status: 'scheduled',
          status_set_at: toInstantText(at),
          chair_person_id: m.chairPersonId,
          created_at: toInstantText(at),
          updated_at: toInstantText(at),
        };
        await trx.insertInto('meetings').values(row).execute();
        const meeting = await loadMeeting(trx, tenant, row.id);
        return {
          result: meeting,
          audit: {
            action: 'meeting.scheduled',
            entityType: 'meeting',
            entityId: row.id,
            reviewId: review.id,
            before: null,
            after: forAudit(meeting),
          },
        };
      });
    },

    async reschedule(
      tenantId: string,
      actor: string,
      meetingId: string,
      input: RescheduleInput,
    ): Promise<ScheduledMeeting> {
      const { startsAt, endsAt, venue, onlineLink } = parseInput(rescheduleSchema, input);
      // A new start restarts its reminders from now: the moment it was set is kept.
      const moving = (): ReviewWork => 'move_meeting';
      return updateMeeting(tenantId, actor, meetingId, 'meeting.rescheduled', moving, (current, at) => ({
        starts_at: toInstantText(startsAt),
        ends_at: toNullableInstantText(endsAt),
        ...(venue === undefined ? {} : { venue }),
        ...(onlineLink === undefined ? {} : { online_link: onlineLink }),
        ...(current.startsAt.getTime() === startsAt.getTime() ? {} : { starts_at_set_at: at }),
      }));
    },

    /**
     * Held or cancelled (or back to scheduled). A closed or cancelled review's meeting may still be
     * marked held or called off, which keeps its record right; it is not booked again.
     */
    async setStatus(
      tenantId: string,
      actor: string,
      meetingId: string,
      status: MeetingStatus,
    ): Promise<ScheduledMeeting> {
      const parsed = parseInput(meetingStatusSchema, status);
      const bookingAgain = (current: ScheduledMeeting): ReviewWork | null =>
        parsed === 'scheduled' && current.status !== 'scheduled' ? 'book_meeting' : null;
      return updateMeeting(tenantId, actor, meetingId, 'meeting.status_changed', bookingAgain, (current, at) => ({
        status: parsed,
        ...(current.status === parsed ? {} : { status_set_at: at }),
      }));
    },

    /**
     * Invites people; someone already invited keeps their invitation and answer. Nobody is invited to
     * a meeting of a closed or cancelled review.
     */
    async invite(tenantId: string, actor: string, meetingId: string, personIds: string[]): Promise<ScheduledMeeting> {
      const mid = parseInput(meetingIdSchema, meetingId);
      const invitees = parseInput(inviteesSchema, personIds);
      return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
        const before = await loadMeeting(trx, tenant, mid);
        await refuseIfEndedById(trx, ctx.engine, tenant, before.reviewId, 'invite');
        await requirePeople(trx, tenant, invitees);
        const fresh = invitees.filter((p) => !before.invitations.some((i) => i.personId === p));
        if (fresh.length === 0) return { result: before, audit: null };
        await trx
          .insertInto('invitations')
          .values(
            fresh.map((p) => ({
              tenant_id: tenant,
              meeting_id: mid,
              person_id: p,
              invited_at: toInstantText(at),
              response: null,
              responded_at: null,
            })),
          )
          .onConflict((oc) => oc.columns(['tenant_id', 'meeting_id', 'person_id']).doNothing())
          .execute();
        const after = await loadMeeting(trx, tenant, mid);
        return {
          result: after,
          audit: {
            action: 'meeting.invited',
            entityType: 'meeting',
            entityId: mid,
            reviewId: after.reviewId,
            before: null,
            after: { invited: fresh },
          },
        };
      });
    },

    /**
     * Records an invitee's answer (Attending / Not attending / Tentative), with their note if they
     * gave one (a new answer without a note clears the old note). The audit keeps the note's length only.
     */
    async respond(
      tenantId: string,
      actor: string,
      meetingId: string,
      personId: string,
      response: InvitationResponse,
      note: string | null = null,
    ): Promise<Invitation> {
      const mid = parseInput(meetingIdSchema, meetingId);
      const pid = parseInput(id('The person'), personId);
      const answer = parseInput(invitationResponseSchema, response);
      const noteText = parseInput(invitationNoteSchema, note);
      return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
        const meeting = await loadMeeting(trx, tenant, mid);
        const before = meeting.invitations.find((i) => i.personId === pid);
        if (!before) throw new NotFoundError('invitation for that person to meeting', mid);
        const after: Invitation = { ...before, response: answer, respondedAt: at, note: noteText };
        await trx
          .updateTable('invitations')
          .set({ response: answer, responded_at: toInstantText(at), note: noteText })
          .where('tenant_id', '=', tenant)
          .where('meeting_id', '=', mid)
          .where('person_id', '=', pid)
          .execute();
        return {
          result: after,
          audit: {
            action: 'invitation.answered',
            entityType: 'invitation',
            entityId: `${mid}/${pid}`,
            reviewId: meeting.reviewId,
            before: { ...before, note: withheld(before.note) },
            after: { ...after, note: withheld(after.note) },
          },
        };
      });
    },

    async get(tenantId: string, meetingId: string): Promise<ScheduledMeeting> {
      return loadMeeting(ctx.db, parseInput(tenantIdSchema, tenantId), parseInput(meetingIdSchema, meetingId));
    },

    /**
     * The scheduled meetings one person is invited to that start at or after `from`, soonest first,
     * each with the review's reference and pseudonym: what a typed answer may be about.
     */
    async listInvitationsOf(
      tenantId: string,
      personId: string,
      from: Date,
    ): Promise<Array<ScheduledMeeting & { reference: string; subjectPseudonym: string; invitation: Invitation }>> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const pid = parseInput(id('The person'), personId);
      const start = toInstantText(parseInput(instant('The start of the window'), from));
      const rows = await ctx.db
        .selectFrom('meetings')
        .innerJoin('invitations', (join) =>
          join
            .onRef('invitations.tenant_id', '=', 'meetings.tenant_id')
            .onRef('invitations.meeting_id', '=', 'meetings.id'),
        )
        .innerJoin('reviews', (join) =>
          join.onRef('reviews.tenant_id', '=', 'meetings.tenant_id').onRef('reviews.id', '=', 'meetings.review_id'),
        )
        .selectAll('meetings')
        .select(['reviews.reference', 'reviews.subject_pseudonym'])
        .where('meetings.tenant_id', '=', tenant)
        .where('invitations.person_id', '=', pid)
        .where('meetings.status', '=', 'scheduled')
        .where('meetings.starts_at', '>=', start)
        .where('reviews.status', 'not in', ['closed', 'cancelled'])
        .orderBy('meetings.starts_at')
        .orderBy('meetings.id')
        .limit(atMost(100))
        .execute();
      const meetings = await withInvitations(ctx.db, tenant, rows);
      return meetings.map((m, i) => ({
        ...m,
        reviewId: rows[i].review_id,
        reference: rows[i].reference,
        subjectPseudonym: rows[i].subject_pseudonym,
        invitation: m.invitations.find((inv) => inv.personId === pid)!,
      }));
    },

    /** Scheduled meetings starting in [from, to), soonest first: for meeting reminders. */
    async listUpcoming(tenantId: string, window: { from: Date; to: Date }): Promise<ScheduledMeeting[]> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const from = toInstantText(parseInput(instant('The start of the window'), window.from));
      const to = toInstantText(parseInput(instant('The end of the window'), window.to));
      const rows = await ctx.db
        .selectFrom('meetings')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where('status', '=', 'scheduled')
        .where('starts_at', '>=', from)
        .where('starts_at', '<', to)
        .orderBy('starts_at')
        .limit(atMost(1_000))
        .execute();
      const meetings = await withInvitations(ctx.db, tenant, rows);
      return meetings.map((m, i) => ({ ...m, reviewId: rows[i].review_id }));
    },
  };
}

export type MeetingsRepository = ReturnType<typeof createMeetingsRepository>;
