/**
 * Reviews: creation with the next free reference, the whole aggregate for the timeline engine,
 * the committee's open list, the decision, milestones and the paused clock.
 */
import { type Selectable, type Transaction, sql } from 'kysely';
import { resumePause, startPause } from '../domain/clock-pauses';
import type { ClockPause, CommitteeMember, MilestoneRecord, Review, ReviewStatus } from '../domain/model';
import { isFinal, type LifecycleChange, transition } from '../domain/review-lifecycle';
import { withheld } from './audit-log';
import { checkPseudonym, nextPseudonym } from '../domain/pseudonym';
import {
  committeeCalendar,
  ensureCommittee,
  localDateOf,
  localYearOf,
  pseudonymWordsOf,
} from './committees-repository';
import { isUniqueViolationOf } from './constraint-violation';
import { refuseFuture } from './date-checks';
import type { Database, ReviewsTable } from './database-schema';
import {
  type CreateReviewInput,
  type DecisionInput,
  type MilestoneInput,
  type PageInput,
  type PauseInput,
  type ReopenInput,
  type StatusChangeInput,
  createReviewSchema,
  decisionSchema,
  formatReference,
  id,
  instant,
  milestoneSchema,
  pageSchema,
  parseInput,
  pauseSchema,
  referenceSchema,
  reopenSchema,
  resumeAtSchema,
  statusChangeSchema,
  notifiedAtSchema,
  tenantIdSchema,
} from './input-schemas';
import { assertKnownSteps, assertKnownTemplate, completionStepOf } from './known-templates';
import { loadReviewAggregates } from './load-review-aggregates';
import { createMeetingsRepository, type ScheduledMeeting } from './meetings-repository';
import { atMost, fromFlag, newId, toFlag, toInstantText, toNullableInstantText } from './portable-values';
import { recordChange, recordReviewChange } from './record-change';
import { toClockPause, toMilestone, toReviewShell } from './row-mappers';
import { refuseIfEnded } from './refuse-ended-review';
import { lastEmptiedAt } from './retention';
import { orNotFound, requirePeople } from './scoped-lookups';
import type { Executor, StoreContext } from './store-context';
import { ConflictError, DuplicateReferenceError, InvalidTransitionError, InvalidValueError } from './store-errors';

/** Reviews the bot still works on: reminders, deadlines and action monitoring. */
export const OPEN_STATUSES: readonly ReviewStatus[] = ['decision_stage', 'in_review', 'improvement'];

/** A review without its lists: what the open list and status changes return. */
export type ReviewSummary = Pick<
  Review,
  | 'id'
  | 'tenantId'
  | 'reference'
  | 'kind'
  | 'status'
  | 'subjectPseudonym'
  | 'notifiedAt'
  | 'reviewTemplateId'
  | 'closedAt'
>;

/** A review moved on, and the meetings still to come that were cancelled with it (a cancelled review's). */
export type StatusChange = ReviewSummary & { cancelledMeetings: ScheduledMeeting[] };

function toSummary(row: Selectable<ReviewsTable>): ReviewSummary {
  const { id, tenantId, reference, kind, status, subjectPseudonym, notifiedAt, reviewTemplateId, closedAt } =
    toReviewShell(row);
  return {
    id,
    tenantId,
    reference,
    kind,
    status,
    subjectPseudonym,
    notifiedAt,
    reviewTemplateId,
    closedAt,
  };
}

/**
 * A review reopened, and when a retention period emptied it, if one did: its earlier content (report
 * text, notes, answers, who took part) is then no longer held, and reopening does not bring it back.
 */
export type Reopening = ReviewSummary & { emptiedAt: Date | null };

/** How often a generated reference is retried when another instance took it first. */
const REFERENCE_ATTEMPTS = 8;
const reviewIdSchema = id('The review');

async function upsertMilestone(
  trx: Transaction<Database>,
  tenantId: string,
  reviewId: string,
  m: ReturnType<typeof milestoneSchema.parse>,
  at: Date,
) {
  const values = {
    completed_at: toNullableInstantText(m.completedAt),
    skipped: toFlag(m.skipped),
    note: m.note,
    updated_at: toInstantText(at),
  };
  await trx
    .insertInto('milestones')
    .values({ tenant_id: tenantId, review_id: reviewId, step_id: m.stepId, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'review_id', 'step_id']).doUpdateSet(values))
    .execute();
}

async function pausesOf(trx: Transaction<Database>, tenantId: string, reviewId: string): Promise<ClockPause[]> {
  const rows = await trx
    .selectFrom('clock_pauses')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('review_id', '=', reviewId)
    .orderBy('started_at')
    .execute();
  return rows.map(toClockPause);
}

const milestoneForAudit = (m: {
  stepId: string;
  completedAt: Date | null;
  skipped: boolean;
  note?: string | null;
}) => ({ ...m, note: withheld(m.note) });

/** The status `change` takes the review to, by the timeline engine's lifecycle; else a typed refusal. */
function allowTransition(row: Selectable<ReviewsTable>, change: LifecycleChange): ReviewStatus {
  const review = toReviewShell(row);
  const result = transition(review, change);
  if (!result.ok) throw new InvalidTransitionError(result.refusal.from, result.refusal.allowed, result.refusal.reason);
  return result.status;
}

/** The review's meetings still booked (scheduled) that start after `at`, soonest first. */
async function meetingsAhead(
  trx: Transaction<Database>,
  tenant: string,
  reviewId: string,
  at: Date,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('meetings')
    .select('id')
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', toInstantText(at))
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

export function createReviewsRepository(ctx: StoreContext) {
  /** A review closes or is cancelled no earlier than it was notified (or decided). */
  async function refuseBeforeStart(
    trx: Transaction<Database>,
    tenant: string,
    review: Selectable<ReviewsTable>,
    at: Date,
  ): Promise<void> {
    const start = review.decided_at ?? review.notified_at;
    if (at >= new Date(start)) return;
    const on = localDateOf(await committeeCalendar(ctx, trx, tenant), start);
    const what = review.decided_at ? 'the decision' : 'the notification';
    throw new InvalidValueError('at', `The date of the change cannot be before ${what} (${on}).`);
  }

  /**
   * Records the review's completion step, done at `completedAt`, unless it is already recorded;
   * null when its templates name no such step (or the store was not told the templates).
   */
  async function recordCompletion(
    trx: Transaction<Database>,
    tenant: string,
    review: Selectable<ReviewsTable>,
    completedAt: Date,
    at: Date,
  ): Promise<{ stepId: string; completedAt: Date } | null> {
    const stepId = completionStepOf(ctx.templates, review.review_template_id);
    if (stepId === null) return null;
    const existing = await trx
      .selectFrom('milestones')
      .select(['completed_at', 'skipped'])
      .where('tenant_id', '=', tenant)
      .where('review_id', '=', review.id)
      .where('step_id', '=', stepId)
      .executeTakeFirst();
    if (existing && (existing.completed_at !== null || fromFlag(existing.skipped))) return null;
    await upsertMilestone(trx, tenant, review.id, { stepId, completedAt, skipped: false, note: null }, at);
    return { stepId, completedAt };
  }

  /** Open reviews of a tenant in notification order, keyset-paged by id. */
  function openReviewsPage(db: Executor, tenantId: string, page: PageInput) {
    const { limit, afterId } = parseInput(pageSchema, page);
    const tenant = parseInput(tenantIdSchema, tenantId);
    return (
      db
        .selectFrom('reviews')
        .selectAll()
        .where('tenant_id', '=', tenant)
        // Literals, not parameters: only then can both planners prove the partial index
        // reviews_open_idx applies (a parameter's value is unknown when the plan is made).
        .where(sql<boolean>`status in (${sql.join(OPEN_STATUSES.map((s) => sql.lit(s)))})`)
        .$if(afterId !== null, (q) =>
          q.where((eb) => {
            const cursor = eb
              .selectFrom('reviews')
              .select('notified_at')
              .where('tenant_id', '=', tenant)
              .where('id', '=', afterId!);
            return eb.or([
              eb('notified_at', '>', cursor),
              eb.and([eb('notified_at', '=', cursor), eb('id', '>', afterId!)]),
            ]);
          }),
        )
        .orderBy('notified_at')
        .orderBy('id')
        .limit(limit)
    );
  }

  async function loadOne(db: Executor, tenantId: string, column: 'id' | 'reference', value: string): Promise<Review> {
    const row = await db
      .selectFrom('reviews')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where(column, '=', value)
      .executeTakeFirst();
    const [review] = await loadReviewAggregates(db, tenantId, [orNotFound(row, 'review', value)]);
    return review;
  }

  /**
   * The subject's pseudonym: the one given, checked against the committee's words ("Jane Smith" and
   * "Child JS" are refused with why), or the next free letter of the committee's year.
   */
  async function pseudonymFor(
    trx: Transaction<Database>,
    tenant: string,
    year: number,
    input: ReturnType<typeof createReviewSchema.parse>,
  ): Promise<string> {
    const words = await pseudonymWordsOf(trx, tenant);
    if (input.subjectPseudonym !== undefined) {
      const check = checkPseudonym(input.subjectPseudonym, words);
      if (!check.ok) throw new InvalidValueError('subjectPseudonym', check.reason);
      return check.pseudonym;
    }
    const taken = await trx
      .selectFrom('reviews')
      .select('subject_pseudonym')
      .where('tenant_id', '=', tenant)
      .where('reference_year', '=', year)
      .execute();
    return nextPseudonym(
      input.kind,
      taken.map((row) => row.subject_pseudonym),
      words,
    );
  }

  async function createOnce(
    tenantId: string,
    actor: string,
    input: ReturnType<typeof createReviewSchema.parse>,
  ): Promise<Review> {
    const reviewId = newId();
    await recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
      refuseFuture(at, 'notifiedAt', 'The notification date', input.notifiedAt);
      await ensureCommittee(ctx, trx, tenant, at);
      let reference = input.reference;
      // On PostgreSQL, creations in one committee take turns on its row, so concurrent ones do not
      // all compute the same next number or letter; for references the unique index and the retry
      // remain the guard.
      if (ctx.engine === 'postgres' && (reference === undefined || input.subjectPseudonym === undefined)) {
        await trx.selectFrom('committees').select('tenant_id').where('tenant_id', '=', tenant).forUpdate().execute();
      }
      if (reference === undefined) {
        const year = localYearOf(await committeeCalendar(ctx, trx, tenant), at);
        const last = await trx
          .selectFrom('reviews')
          .select((eb) => eb.fn.max('reference_number').as('n'))
          .where('tenant_id', '=', tenant)
          .where('reference_year', '=', year)
          .executeTakeFirst();
        reference = formatReference(year, Number(last?.n ?? 0) + 1);
      }
      const [, year, number] = reference.split('-');
      const subjectPseudonym = await pseudonymFor(trx, tenant, Number(year), input);
      if (input.leadOfficerPersonId !== null) await requirePeople(trx, tenant, [input.leadOfficerPersonId]);
      const now = toInstantText(at);
      const row = {
        id: reviewId,
        tenant_id: tenant,
        reference,
        reference_year: Number(year),
        reference_number: Number(number),
        kind: input.kind,
        status: 'decision_stage',
        subject_pseudonym: subjectPseudonym,
        notified_at: toInstantText(input.notifiedAt),
        decision_template_id: input.decisionTemplateId,
        review_template_id: null,
        decision_outcome: null,
        decided_at: null,
        decision_recorded_at: null,
        closed_at: null,
        reopened_at: null,
        reopen_reason: null,
        close_reason: null,
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('reviews').values(row).execute();
      if (input.leadOfficerPersonId !== null) {
        await trx
          .insertInto('review_members')
          .values({
            tenant_id: tenant,
            review_id: reviewId,
            person_id: input.leadOfficerPersonId,
            role: 'lead_officer',
            agency_id: null,
            supporter_person_id: null,
            created_at: now,
          })
          .execute();
      }
      return {
        result: undefined,
        audit: {
          action: 'review.created',
          entityType: 'review',
          entityId: reviewId,
          reviewId,
          before: null,
          after: { ...toSummary(row), leadOfficerPersonId: input.leadOfficerPersonId },
          happenedAt: input.notifiedAt,
        },
      };
    });
    return loadOne(ctx.db, tenantId, 'id', reviewId);
  }

  return {
    /** A new review in the decision stage. Without a reference, the next free LR-YYYY-NNN of the year. */
    async create(tenantId: string, actor: string, input: CreateReviewInput): Promise<Review> {
      const parsed = parseInput(createReviewSchema, input);
      assertKnownTemplate(ctx.templates, 'decisionTemplateId', parsed.decisionTemplateId);
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await createOnce(tenantId, actor, parsed);
        } catch (error) {
          if (!isUniqueViolationOf(error, 'reviews', 'reference')) throw error;
          // A chosen reference is the caller's to change; a generated one was taken concurrently: try the next.
          if (parsed.reference !== undefined) throw new DuplicateReferenceError(parsed.reference);
          if (attempt >= REFERENCE_ATTEMPTS)
            throw new ConflictError(
              'Many reviews are being created at once and no free reference could be assigned. Try again in a moment.',
            );
        }
      }
    },

    /** The whole aggregate the timeline engine reads. */
    async load(tenantId: string, reviewId: string): Promise<Review> {
      return loadOne(ctx.db, parseInput(tenantIdSchema, tenantId), 'id', parseInput(reviewIdSchema, reviewId));
    },

    /** Lookup by the reference people type, e.g. `lr-2026-007`. */
    async loadByReference(tenantId: string, reference: string): Promise<Review> {
      return loadOne(ctx.db, parseInput(tenantIdSchema, tenantId), 'reference', parseInput(referenceSchema, reference));
    },

    async listOpen(tenantId: string, page: PageInput = {}): Promise<ReviewSummary[]> {
      return (await openReviewsPage(ctx.db, tenantId, page).execute()).map(toSummary);
    },

    /**
     * Whole aggregates of open reviews, a page at a time, for the reminder sweep. A sweep reads the
     * committee's role holders once (`committeeRoles.list`) and passes them to every page.
     */
    async listForSweep(
      tenantId: string,
      page: PageInput = {},
      committeeMembers?: readonly CommitteeMember[],
    ): Promise<Review[]> {
      const rows = await openReviewsPage(ctx.db, tenantId, page).execute();
      return loadReviewAggregates(ctx.db, parseInput(tenantIdSchema, tenantId), rows, committeeMembers);
    },

    /**
     * Closed and cancelled reviews with a meeting cancelled that is still to come: the one thing the
     * sweep still tells of a review that is over (its invitees, that the meeting will not take place).
     */
    async listEndedWithMeetingsCancelledAhead(
      tenantId: string,
      now: Date,
      committeeMembers?: readonly CommitteeMember[],
    ): Promise<Review[]> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const after = toInstantText(parseInput(instant('Now'), now));
      const rows = await ctx.db
        .selectFrom('reviews')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where('status', 'in', ['closed', 'cancelled'])
        // From the meetings (indexed on tenant, status and start), not from every review ever closed.
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('meetings')
            .select('meetings.review_id')
            .where('meetings.tenant_id', '=', tenant)
            .where('meetings.status', '=', 'cancelled')
            .where('meetings.starts_at', '>', after),
        )
        .orderBy('id')
        .limit(atMost(1_000))
        .execute();
      return loadReviewAggregates(ctx.db, tenant, rows, committeeMembers);
    },

    /**
     * Hands the review over to another Lead Officer: they become its own Lead Officer in place of
     * whoever was (001 §5, §6: the Lead Officer runs the review day to day).
     */
    async handOver(tenantId: string, actor: string, reviewId: string, personId: string): Promise<Review> {
      const rid = parseInput(reviewIdSchema, reviewId);
      const pid = parseInput(id('The new Lead Officer'), personId);
      await recordReviewChange(ctx, { tenantId, actor, reviewId: rid }, async (trx, at, tenant) => {
        await requirePeople(trx, tenant, [pid]);
        const current = await trx
          .selectFrom('review_members')
          .select('person_id')
          .where('tenant_id', '=', tenant)
          .where('review_id', '=', rid)
          .where('role', '=', 'lead_officer')
          .orderBy('person_id')
          .execute();
        const before = current.map((row) => row.person_id);
        if (before.length === 1 && before[0] === pid) return { result: undefined, audit: null };
        await trx
          .deleteFrom('review_members')
          .where('tenant_id', '=', tenant)
          .where('review_id', '=', rid)
          .where('role', '=', 'lead_officer')
          .execute();
        await trx
          .insertInto('review_members')
          .values({
            tenant_id: tenant,
            review_id: rid,
            person_id: pid,
            role: 'lead_officer',
            agency_id: null,
            supporter_person_id: null,
            created_at: toInstantText(at),
          })
          .execute();
        return {
          result: undefined,
          audit: {
            action: 'review.handed_over',
            entityType: 'review',
            entityId: rid,
            reviewId: rid,
            before: { leadOfficers: before },
            after: { leadOfficers: [pid] },
          },
        };
      });
      return loadOne(ctx.db, parseInput(tenantIdSchema, tenantId), 'id', rid);
    },

    /**
     * Corrects the date the notification came in, typed wrong when the review was opened. It cannot
     * be in the future, nor after the decision or the start of a pause already recorded.
     */
    async correctNotification(tenantId: string, actor: string, reviewId: string, notifiedAt: Date): Promise<Review> {
      const rid = parseInput(reviewIdSchema, reviewId);
      const when = parseInput(notifiedAtSchema, notifiedAt, 'notifiedAt');
      await recordReviewChange(ctx, { tenantId, actor, reviewId: rid }, async (trx, at, tenant, before) => {
        refuseFuture(at, 'notifiedAt', 'The notification date', when);
        const [firstPause] = (await pausesOf(trx, tenant, rid)).sort(
          (a, b) => a.startedAt.getTime() - b.startedAt.getTime(),
        );
        const later = [
          before.decided_at === null ? null : { at: new Date(before.decided_at), what: 'the decision' },
          firstPause ? { at: firstPause.startedAt, what: 'the start of the clock’s first pause' } : null,
        ];
        for (const limit of later) {
          if (limit && when > limit.at) {
            const on = localDateOf(await committeeCalendar(ctx, trx, tenant), limit.at.toISOString());
            throw new InvalidValueError('notifiedAt', `The notification cannot come after ${limit.what} (${on}).`);
          }
        }
        if (new Date(before.notified_at).getTime() === when.getTime()) return { result: undefined, audit: null };
        await trx
          .updateTable('reviews')
          .set({ notified_at: toInstantText(when), updated_at: toInstantText(at) })
          .where('tenant_id', '=', tenant)
          .where('id', '=', rid)
          .execute();
        return {
          result: undefined,
          audit: {
            action: 'review.notification_corrected',
            entityType: 'review',
            entityId: rid,
            reviewId: rid,
            before: { notifiedAt: before.notified_at },
            after: { notifiedAt: toInstantText(when) },
          },
        };
      });
      return loadOne(ctx.db, parseInput(tenantIdSchema, tenantId), 'id', rid);
    },

    /**
     * Moves a review on as its lifecycle allows (the timeline engine's rule): in review to
     * improvement, improvement to closed, the decision stage or in review to cancelled. A decision
     * moves a review out of the decision stage (`recordDecision`); a closed or cancelled one moves
     * again only by `reopen`. Closing or cancelling stamps `closedAt` with the date it happened.
     *
     * Cancelling also cancels the review's meetings still booked ahead, in the same transaction,
     * each with its own audit entry as `meetings.setStatus` writes it; reopening does not bring
     * them back. Closing is refused while a meeting is still booked ahead: it is cancelled, moved
     * or held first, so that nobody is left with a meeting of a review that is over.
     */
    async changeStatus(
      tenantId: string,
      actor: string,
      reviewId: string,
      input: StatusChangeInput,
    ): Promise<StatusChange> {
      const rid = parseInput(reviewIdSchema, reviewId);
      const { status, at: changedAt, reason } = parseInput(statusChangeSchema, input);
      return recordReviewChange(ctx, { tenantId, actor, reviewId: rid }, async (trx, at, tenant, before) => {
        allowTransition(before, { kind: 'status', to: status });
        refuseFuture(at, 'at', 'The date of the change', changedAt);
        const closing = isFinal(status);
        if (closing) await refuseBeforeStart(trx, tenant, before, changedAt);
        const ahead = closing ? await meetingsAhead(trx, tenant, rid, at) : [];
        if (status === 'closed' && ahead.length > 0) {
          throw new ConflictError(
            `The review still has ${ahead.length === 1 ? 'a meeting' : `${ahead.length} meetings`} booked ahead: cancel or move ${ahead.length === 1 ? 'it' : 'them'} before closing the review.`,
          );
        }
        // Joins this transaction: the meetings are cancelled with the review, or not at all.
        const meetings = createMeetingsRepository({ ...ctx, db: trx });
        const cancelledMeetings: ScheduledMeeting[] = [];
        for (const meetingId of ahead)
          cancelledMeetings.push(await meetings.setStatus(tenant, actor, meetingId, 'cancelled'));
        // A review moved on from the review stage is complete: the step that says so is recorded
        // (the report presented to the committee, 001 §8) unless it already is.
        const completion =
          before.status === 'in_review' && status === 'improvement'
            ? await recordCompletion(trx, tenant, before, changedAt, at)
            : null;
        const after = {
          ...before,
          status,
          closed_at: closing ? toInstantText(changedAt) : null,
          close_reason: closing ? (reason ?? null) : null,
          updated_at: toInstantText(at),
        };
        await trx
          .updateTable('reviews')
          .set({ status, closed_at: after.closed_at, close_reason: after.close_reason, updated_at: after.updated_at })
          .where('tenant_id', '=', tenant)
          .where('id', '=', rid)
          .execute();
        return {
          result: { ...toSummary(after), cancelledMeetings },
          audit: {
            action: 'review.status_changed',
            entityType: 'review',
            entityId: rid,
            reviewId: rid,
            before: { status: before.status, closedAt: before.closed_at },
            after: {
              status,
              closedAt: after.closed_at,
              ...(reason ? { reason: withheld(reason) } : {}),
              ...(completion ? { completion } : {}),
            },
            happenedAt: changedAt,
          },
        };
      });
    },

    /** The Consideration Meeting's decision and the milestones it completes, in one transaction. */
    async recordDecision(tenantId: string, actor: string, reviewId: string, input: DecisionInput): Promise<Review> {
      const rid = parseInput(reviewIdSchema, reviewId);
      const decision = parseInput(decisionSchema, input);
      if (decision.reviewTemplateId !== null)
        assertKnownTemplate(ctx.templates, 'reviewTemplateId', decision.reviewTemplateId);
      await recordReviewChange(ctx, { tenantId, actor, reviewId: rid }, async (trx, at, tenant, before) => {
        if (before.decided_at !== null && !isFinal(before.status as ReviewStatus)) {
          const decidedOn = localDateOf(await committeeCalendar(ctx, trx, tenant), before.decided_at);
          throw new ConflictError(
            `A decision was already recorded for ${before.reference} on ${decidedOn}. It cannot be recorded twice.`,
          );
        }
        const status = allowTransition(before, { kind: 'decision', outcome: decision.outcome });
        const stepIds = decision.milestones.map((milestone) => milestone.stepId);
        assertKnownSteps(ctx.templates, before, 'milestones.stepId', stepIds, decision.reviewTemplateId);
        refuseFuture(at, 'decidedAt', 'The decision date', decision.decidedAt);
        for (const milestone of decision.milestones)
          refuseFuture(at, 'milestones.completedAt', 'A milestone’s completion date', milestone.completedAt);
        if (decision.decidedAt < new Date(before.notified_at)) {
          const notifiedOn = localDateOf(await committeeCalendar(ctx, trx, tenant), before.notified_at);
          throw new InvalidValueError(
            'decidedAt',
            `The decision date cannot be before the notification (${notifiedOn}).`,
          );
        }
        await trx
          .updateTable('reviews')
          .set({
            status,
            decision_outcome: decision.outcome,
            decided_at: toInstantText(decision.decidedAt),
            decision_recorded_at: toInstantText(at),
            review_template_id: decision.reviewTemplateId,
            updated_at: toInstantText(at),
          })
          .where('tenant_id', '=', tenant)
          .where('id', '=', rid)
          .execute();
        for (const milestone of decision.milestones) await upsertMilestone(trx, tenant, rid, milestone, at);
        return {
          result: undefined,
          audit: {
            action: 'review.decision_recorded',
            entityType: 'review',
            entityId: rid,
            reviewId: rid,
            before: { status: before.status, decision: null },
            after: {
              status,
              decision: { outcome: decision.outcome, decidedAt: decision.decidedAt },
              reviewTemplateId: decision.reviewTemplateId,
              milestones: decision.milestones.map(milestoneForAudit),
            },
            happenedAt: decision.decidedAt,
          },
        };
      });
      return loadOne(ctx.db, parseInput(tenantIdSchema, tenantId), 'id', rid);
    },

    /** Marks one template step done or skipped (insert or update); not once the review is closed or cancelled. */
    async recordMilestone(
      tenantId: string,
      actor: string,
      reviewId: string,
      input: MilestoneInput,
    ): Promise<MilestoneRecord> {
      const rid = parseInput(reviewIdSchema, reviewId);
      const milestone = parseInput(milestoneSchema, input);
      return recordReviewChange(ctx, { tenantId, actor, reviewId: rid }, async (trx, at, tenant, review) => {
        refuseIfEnded(review, 'record_step');
        assertKnownSteps(ctx.templates, review, 'stepId', [milestone.stepId]);
        refuseFuture(at, 'completedAt', 'The completion date', milestone.completedAt);
        const previous = await trx
          .selectFrom('milestones')
          .selectAll()
          .where('tenant_id', '=', tenant)
          .where('review_id', '=', rid)
          .where('step_id', '=', milestone.stepId)
          .executeTakeFirst();
        await upsertMilestone(trx, tenant, rid, milestone, at);
        const after = toMilestone({
          tenant_id: tenant,
          review_id: rid,
          step_id: milestone.stepId,
          completed_at: toNullableInstantText(milestone.completedAt),
          skipped: toFlag(milestone.skipped),
          note: milestone.note,
          updated_at: toInstantText(at),
        });
        return {
          result: after,
          audit: {
            action: 'milestone.recorded',
            entityType: 'milestone',
            entityId: milestone.stepId,
            reviewId: rid,
            before: previous ? milestoneForAudit(toMilestone(previous)) : null,
            after: milestoneForAudit(after),
            happenedAt: milestone.completedAt,
          },
        };
      });
    },

    /**
     * Takes a closed or cancelled review back to where it was (a closed one to improvement, a
     * cancelled one to the decision stage or into review). It needs a reason, kept with the
     * review; the audit records that one was given. Its reminders start afresh from now. Says when
     * the committee's retention period emptied it, if it did.
     */
    async reopen(tenantId: string, actor: string, reviewId: string, input: ReopenInput): Promise<Reopening> {
      const rid = parseInput(reviewIdSchema, reviewId);
      const { reason } = parseInput(reopenSchema, input);
      return recordReviewChange(ctx, { tenantId, actor, reviewId: rid }, async (trx, at, tenant, before) => {
        const status = allowTransition(before, { kind: 'reopen' });
        const after = {
          ...before,
          status,
          closed_at: null,
          reopened_at: toInstantText(at),
          reopen_reason: reason,
          updated_at: toInstantText(at),
        };
        await trx
          .updateTable('reviews')
          .set({
            status,
            closed_at: null,
            close_reason: null,
            reopened_at: after.reopened_at,
            reopen_reason: reason,
            updated_at: after.updated_at,
          })
          .where('tenant_id', '=', tenant)
          .where('id', '=', rid)
          .execute();
        return {
          result: { ...toSummary(after), emptiedAt: await lastEmptiedAt(trx, tenant, rid) },
          audit: {
            action: 'review.reopened',
            entityType: 'review',
            entityId: rid,
            reviewId: rid,
            before: { status: before.status, closedAt: before.closed_at },
            after: { status, closedAt: null, reason: withheld(reason) },
          },
        };
      });
    },

    /**
     * Stops the clock for a parallel process (001 §5, §7), with its category and an optional note.
     * Whether a pause may start is the timeline engine's rule (startPause); the store adds only
     * that it cannot precede the notification. Who may record one (the Lead Officer or the
     * committee Chair, 001 Appendix 2) is the bot's check. A closed or cancelled review's clock
     * stopped when it ended: it is not paused, nor restarted, until the review is reopened.
     */
    async pauseClock(tenantId: string, actor: string, reviewId: string, input: PauseInput): Promise<ClockPause> {
      const rid = parseInput(reviewIdSchema, reviewId);
      const { category, note, startedAt } = parseInput(pauseSchema, input);
      return recordReviewChange(ctx, { tenantId, actor, reviewId: rid }, async (trx, at, tenant, review) => {
        refuseIfEnded(review, 'pause_clock');
        refuseFuture(at, 'startedAt', 'The start of the pause', startedAt);
        if (startedAt < new Date(review.notified_at)) {
          const notifiedOn = localDateOf(await committeeCalendar(ctx, trx, tenant), review.notified_at);
          throw new InvalidValueError('startedAt', `A pause cannot start before the notification (${notifiedOn}).`);
        }
        const pause = { id: newId(), category, note, startedAt };
        const change = startPause(await pausesOf(trx, tenant, rid), pause);
        // Every refusal of startPause is about the pauses already there (running, or ending later).
        if (!change.ok) throw new ConflictError(change.reason);
        const row = {
          id: pause.id,
          tenant_id: tenant,
          review_id: rid,
          category,
          note,
          started_at: toInstantText(startedAt),
          ended_at: null,
          end_recorded_at: null,
          created_at: toInstantText(at),
        };
        await trx.insertInto('clock_pauses').values(row).execute();
        const stored = toClockPause(row);
        return {
          result: stored,
          audit: {
            action: 'clock.paused',
            entityType: 'clock_pause',
            entityId: row.id,
            reviewId: rid,
            before: null,
            after: { ...stored, note: withheld(note) },
            happenedAt: startedAt,
          },
        };
      });
    },

    /** Restarts the clock: ends the running pause, by the timeline engine's rule (resumePause). */
    async resumeClock(tenantId: string, actor: string, reviewId: string, endedAt: Date): Promise<ClockPause> {
      const rid = parseInput(reviewIdSchema, reviewId);
      const end = parseInput(resumeAtSchema, endedAt, 'endedAt');
      return recordReviewChange(ctx, { tenantId, actor, reviewId: rid }, async (trx, at, tenant, review) => {
        refuseIfEnded(review, 'resume_clock');
        refuseFuture(at, 'endedAt', 'The end of the pause', end);
        const pauses = await pausesOf(trx, tenant, rid);
        const running = pauses.find((pause) => pause.endedAt === null);
        const change = resumePause(pauses, end);
        // With a pause running, the only refusal is an end before its start: a bad value.
        if (!change.ok)
          throw running ? new InvalidValueError('endedAt', change.reason) : new ConflictError(change.reason);
        const before = running as ClockPause;
        await trx
          .updateTable('clock_pauses')
          .set({ ended_at: toInstantText(end), end_recorded_at: toInstantText(at) })
          .where('tenant_id', '=', tenant)
          .where('id', '=', before.id)
          .execute();
        const after = { ...before, endedAt: end, endRecordedAt: at };
        return {
          result: after,
          audit: {
            action: 'clock.resumed',
            entityType: 'clock_pause',
            entityId: before.id,
            reviewId: rid,
            before: { ...before, note: withheld(before.note) },
            after: { ...after, note: withheld(after.note) },
            happenedAt: end,
          },
        };
      });
    },
  };
}

export type ReviewsRepository = ReturnType<typeof createReviewsRepository>;
