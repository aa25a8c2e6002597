/**
 * Storage limitation (UK GDPR art. 5(1)(e)): a committee may set how long the bot keeps the
 * content of its closed and cancelled reviews. None is set by default, and then nothing is ever
 * removed: the bot never deletes records on a guess.
 *
 * Once a review has been closed or cancelled for longer than the period, its content is removed:
 * report text and files, notes (milestone notes, pause reasons, the reason for reopening, meeting
 * titles, action descriptions), answers to invitations, and its links to people (roles, report
 * authors and senior managers, meeting chairs, action owners, the reminders sent about it). What
 * stays is the skeleton a committee reports on: the reference, the pseudonym, the kind, every date
 * and status, and the decision. Each review so emptied gets one audit entry; the audit trail itself
 * holds no free text (lengths only) and refers to people by id, so it stays whole.
 *
 * The first real run needs the dry run's confirmation: a dry run lists what would go and stores a
 * token naming exactly those reviews; `confirm(token)` removes them and from then on the scheduled
 * job applies the period by itself. Setting a different period asks for a new dry run.
 */
import { randomBytes } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { ReviewKind, ReviewStatus } from '../domain/model';
import type { Database, RetentionSettingsTable } from './database-schema';
import { ensureCommittee } from './committees-repository';
import { instant, parseInput, tenantIdSchema, text } from './input-schemas';
import { fromInstantText, toInstantText } from './portable-values';
import { recordChange, recordReviewChange, SYSTEM_ACTOR } from './record-change';
import type { Executor, StoreContext } from './store-context';
import { ConflictError, InvalidValueError, NotFoundError } from './store-errors';

export const MAX_RETENTION_DAYS = 36_500;
/** How long a dry run's token confirms the first real run. */
export const DRY_RUN_VALID_MS = 24 * 3_600_000;
const DAY_MS = 86_400_000;

export interface RetentionSetting {
  tenantId: string;
  /** Null: none set. */
  days: number | null;
  setAt: Date;
  /** When the first real run was confirmed; until then the scheduled job removes nothing. */
  confirmedAt: Date | null;
  /** The latest dry run, while its token can still confirm the first real run. */
  dryRun: { token: string; at: Date; reviewIds: string[] } | null;
}

export interface RetentionCandidate {
  reviewId: string;
  reference: string;
  kind: ReviewKind;
  status: ReviewStatus;
  closedAt: Date;
  /** What would be removed, counted. */
  removes: RemovedCounts;
}

export interface RemovedCounts {
  reportSubmissions: number;
  notes: number;
  answers: number;
  peopleLinks: number;
  reminders: number;
}

export interface RetentionRun {
  tenantId: string;
  /** False while the first real run awaits a dry run's confirmation: nothing was removed. */
  confirmed: boolean;
  applied: RetentionCandidate[];
}

const daysSchema = (value: unknown): number | null => {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_RETENTION_DAYS)
    throw new InvalidValueError(
      'days',
      `The retention period is a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or none.`,
    );
  return value;
};

const toSetting = (row: Selectable<RetentionSettingsTable>, now: Date): RetentionSetting => ({
  tenantId: row.tenant_id,
  days: row.retention_days === null ? null : Number(row.retention_days),
  setAt: new Date(row.set_at),
  confirmedAt: row.confirmed_at === null ? null : new Date(row.confirmed_at),
  dryRun:
    row.dry_run_token !== null &&
    row.dry_run_at !== null &&
    now.getTime() - new Date(row.dry_run_at).getTime() < DRY_RUN_VALID_MS
      ? {
          token: row.dry_run_token,
          at: new Date(row.dry_run_at),
          reviewIds: JSON.parse(row.dry_run_review_ids ?? '[]') as string[],
        }
      : null,
});

async function idsOf(
  trx: Executor,
  table: 'report_requests' | 'meetings' | 'outbox_reminders',
  tenant: string,
  reviewId: string,
) {
  const rows = await trx
    .selectFrom(table)
    .select('id')
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  return rows.map((r) => r.id);
}

/** What emptying one review removes, counted (the dry run shows it; the audit entry records it). */
async function countRemovals(db: Executor, tenant: string, reviewId: string): Promise<RemovedCounts> {
  const requests = await db
    .selectFrom('report_requests')
    .select(['id', 'author_person_id', 'senior_manager_person_id'])
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  const meetings = await db
    .selectFrom('meetings')
    .select(['id', 'title', 'venue', 'online_link', 'chair_person_id'])
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  const submissions =
    requests.length === 0
      ? []
      : await db
          .selectFrom('report_submissions')
          .select('id')
          .where('tenant_id', '=', tenant)
          .where(
            'report_request_id',
            'in',
            requests.map((r) => r.id),
          )
          .execute();
  const answers =
    meetings.length === 0
      ? []
      : await db
          .selectFrom('invitations')
          .select('person_id')
          .where('tenant_id', '=', tenant)
          .where(
            'meeting_id',
            'in',
            meetings.map((m) => m.id),
          )
          .execute();
  const milestoneNotes = await db
    .selectFrom('milestones')
    .select('step_id')
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .where('note', 'is not', null)
    .execute();
  const pauses = await db
    .selectFrom('clock_pauses')
    .select('note')
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  const actions = await db
    .selectFrom('improvement_actions')
    .select(['description', 'dropped_reason', 'owner_person_id'])
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  const members = await db
    .selectFrom('review_members')
    .select('person_id')
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  const reminders = await db
    .selectFrom('outbox_reminders')
    .select('id')
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  const review = await db
    .selectFrom('reviews')
    .select('reopen_reason')
    .where('tenant_id', '=', tenant)
    .where('id', '=', reviewId)
    .executeTakeFirst();
  const filled = (value: string | null | undefined) => value !== null && value !== undefined && value !== '';
  return {
    reportSubmissions: submissions.length,
    notes:
      milestoneNotes.length +
      pauses.filter((p) => filled(p.note)).length +
      meetings.filter((m) => filled(m.venue) || filled(m.online_link)).length +
      actions.filter((a) => filled(a.dropped_reason)).length +
      meetings.filter((m) => filled(m.title)).length +
      actions.filter((a) => filled(a.description)).length +
      (filled(review?.reopen_reason) ? 1 : 0),
    answers: answers.length,
    peopleLinks:
      members.length +
      requests.filter((r) => r.author_person_id !== null).length +
      requests.filter((r) => r.senior_manager_person_id !== null).length +
      meetings.filter((m) => m.chair_person_id !== null).length +
      actions.filter((a) => a.owner_person_id !== null).length,
    reminders: reminders.length,
  };
}

/** Removes one review's content, keeping its skeleton (see the module's comment). */
async function emptyReview(trx: Transaction<Database>, tenant: string, reviewId: string, at: Date): Promise<void> {
  const requests = await idsOf(trx, 'report_requests', tenant, reviewId);
  const meetings = await idsOf(trx, 'meetings', tenant, reviewId);
  const reminders = await idsOf(trx, 'outbox_reminders', tenant, reviewId);
  if (requests.length > 0) {
    await trx
      .deleteFrom('report_submissions')
      .where('tenant_id', '=', tenant)
      .where('report_request_id', 'in', requests)
      .execute();
  }
  await trx
    .updateTable('report_requests')
    .set({ author_person_id: null, senior_manager_person_id: null })
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  if (meetings.length > 0) {
    await trx.deleteFrom('invitations').where('tenant_id', '=', tenant).where('meeting_id', 'in', meetings).execute();
  }
  await trx
    .updateTable('meetings')
    .set({ title: '', venue: null, online_link: null, chair_person_id: null })
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  await trx
    .updateTable('milestones')
    .set({ note: null })
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  await trx
    .updateTable('clock_pauses')
    .set({ note: null })
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  await trx
    .updateTable('improvement_actions')
    .set({ description: '', dropped_reason: null, owner_person_id: null })
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .execute();
  await trx.deleteFrom('review_members').where('tenant_id', '=', tenant).where('review_id', '=', reviewId).execute();
  if (reminders.length > 0) {
    await trx
      .deleteFrom('outbox_deliveries')
      .where('tenant_id', '=', tenant)
      .where('reminder_id', 'in', reminders)
      .execute();
    await trx.deleteFrom('outbox_reminders').where('tenant_id', '=', tenant).where('id', 'in', reminders).execute();
  }
  await trx
    .updateTable('reviews')
    .set({ reopen_reason: null, updated_at: toInstantText(at) })
    .where('tenant_id', '=', tenant)
    .where('id', '=', reviewId)
    .execute();
}

/** When the retention period last emptied the review, or null if it never has. */
export async function lastEmptiedAt(db: Executor, tenant: string, reviewId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('retention_applied')
    .select('applied_at')
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .executeTakeFirst();
  return row ? fromInstantText(row.applied_at) : null;
}

export function createRetentionRepository(ctx: StoreContext) {
  async function settingRow(tenant: string) {
    return ctx.db.selectFrom('retention_settings').selectAll().where('tenant_id', '=', tenant).executeTakeFirst();
  }

  /** Closed and cancelled reviews past the period and not yet emptied, oldest closure first. */
  async function candidates(tenant: string, days: number, now: Date): Promise<RetentionCandidate[]> {
    const cutoff = toInstantText(new Date(now.getTime() - days * DAY_MS));
    const rows = await ctx.db
      .selectFrom('reviews as r')
      .leftJoin('retention_applied as x', (j) =>
        j.onRef('x.review_id', '=', 'r.id').onRef('x.tenant_id', '=', 'r.tenant_id'),
      )
      .select(['r.id', 'r.reference', 'r.kind', 'r.status', 'r.closed_at'])
      .where('r.tenant_id', '=', tenant)
      .where('r.status', 'in', ['closed', 'cancelled'])
      .where('r.closed_at', 'is not', null)
      .where('r.closed_at', '<=', cutoff)
      // Never emptied, or emptied before it was reopened and ended again.
      .where((eb) => eb.or([eb('x.review_id', 'is', null), eb('x.applied_at', '<', eb.ref('r.closed_at'))]))
      .orderBy('r.closed_at')
      .orderBy('r.id')
      .execute();
    const out: RetentionCandidate[] = [];
    for (const row of rows) {
      const removes = await countRemovals(ctx.db, tenant, row.id);
      out.push({
        reviewId: row.id,
        reference: row.reference,
        kind: row.kind as ReviewKind,
        status: row.status as ReviewStatus,
        closedAt: new Date(row.closed_at!),
        removes,
      });
    }
    return out;
  }

  /** Empties one review, with its one audit entry; null if it is no longer due (reopened, or done). */
  function applyTo(tenant: string, candidate: RetentionCandidate, days: number): Promise<RetentionCandidate | null> {
    return recordReviewChange(
      ctx,
      { tenantId: tenant, actor: SYSTEM_ACTOR, reviewId: candidate.reviewId },
      async (trx, at, _tenant, review) => {
        const done = await lastEmptiedAt(trx, tenant, review.id);
        const stillDue =
          (!done || (review.closed_at !== null && toInstantText(done) < review.closed_at)) &&
          (review.status === 'closed' || review.status === 'cancelled') &&
          review.closed_at !== null &&
          new Date(review.closed_at).getTime() <= at.getTime() - days * DAY_MS;
        if (!stillDue) return { result: null, audit: null };
        const removed = await countRemovals(trx, tenant, review.id);
        await emptyReview(trx, tenant, review.id, at);
        const applied = { retention_days: days, applied_at: toInstantText(at) };
        await trx
          .insertInto('retention_applied')
          .values({ tenant_id: tenant, review_id: review.id, ...applied })
          .onConflict((oc) => oc.columns(['tenant_id', 'review_id']).doUpdateSet(applied))
          .execute();
        return {
          result: { ...candidate, removes: removed },
          audit: {
            action: 'review.retention_applied',
            entityType: 'review',
            entityId: review.id,
            reviewId: review.id,
            before: { status: review.status, closedAt: review.closed_at },
            after: { retentionDays: days, removed },
          },
        };
      },
    );
  }

  async function applyAll(tenant: string, list: RetentionCandidate[], days: number): Promise<RetentionCandidate[]> {
    const applied: RetentionCandidate[] = [];
    for (const candidate of list) {
      const done = await applyTo(tenant, candidate, days);
      if (done) applied.push(done);
    }
    return applied;
  }

  return {
    /** The committee's retention period and its confirmation; null when none was ever set. */
    async get(tenantId: string): Promise<RetentionSetting | null> {
      const row = await settingRow(parseInput(tenantIdSchema, tenantId));
      return row ? toSetting(row, ctx.now()) : null;
    },

    /**
     * Sets the committee's retention period in days, or none (`null`: nothing is removed). A
     * different period needs a new dry run before anything is removed under it.
     */
    async setPeriod(tenantId: string, actor: string, days: number | null): Promise<RetentionSetting> {
      const period = daysSchema(days);
      return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
        await ensureCommittee(ctx, trx, tenant, at);
        const before = await trx
          .selectFrom('retention_settings')
          .selectAll()
          .where('tenant_id', '=', tenant)
          .executeTakeFirst();
        const previous = before?.retention_days === undefined ? null : before.retention_days;
        if (before && (previous === null ? null : Number(previous)) === period)
          return { result: toSetting(before, at), audit: null };
        const row = {
          tenant_id: tenant,
          retention_days: period,
          set_at: toInstantText(at),
          confirmed_at: null,
          dry_run_token: null,
          dry_run_at: null,
          dry_run_review_ids: null,
        };
        await trx
          .insertInto('retention_settings')
          .values(row)
          .onConflict((oc) => oc.column('tenant_id').doUpdateSet(row))
          .execute();
        return {
          result: toSetting(row, at),
          audit: {
            action: 'retention.period_set',
            entityType: 'committee',
            entityId: tenant,
            reviewId: null,
            before: { days: previous === null ? null : Number(previous) },
            after: { days: period },
          },
        };
      });
    },

    /** Every committee with a retention period set, for the scheduler and `npm run retention`. Not tenant-scoped. */
    async listSet(): Promise<RetentionSetting[]> {
      const rows = await ctx.db
        .selectFrom('retention_settings')
        .selectAll()
        .where('retention_days', 'is not', null)
        .orderBy('tenant_id')
        .execute();
      return rows.map((row) => toSetting(row, ctx.now()));
    },

    /** What a run now would remove, without removing it. */
    async due(tenantId: string, now: Date): Promise<RetentionCandidate[]> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const at = parseInput(instant('Now'), now, 'now');
      const row = await settingRow(tenant);
      if (!row || row.retention_days === null) return [];
      return candidates(tenant, Number(row.retention_days), at);
    },

    /**
     * The dry run: what would go now, and a token that confirms the first real run for exactly
     * those reviews (valid for 24 hours, and only while the period stays as it is).
     */
    async dryRun(tenantId: string): Promise<{ token: string; candidates: RetentionCandidate[] }> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const now = ctx.now();
      const row = await settingRow(tenant);
      if (!row || row.retention_days === null)
        throw new ConflictError('No retention period is set for this committee, so nothing would be removed.');
      const list = await candidates(tenant, Number(row.retention_days), now);
      const token = `RET-${randomBytes(5).toString('hex').toUpperCase()}`;
      await recordChange(ctx, { tenantId: tenant, actor: SYSTEM_ACTOR }, async (trx, at) => {
        await trx
          .updateTable('retention_settings')
          .set({
            dry_run_token: token,
            dry_run_at: toInstantText(at),
            dry_run_review_ids: JSON.stringify(list.map((c) => c.reviewId)),
          })
          .where('tenant_id', '=', tenant)
          .execute();
        return {
          result: undefined,
          audit: {
            action: 'retention.dry_run',
            entityType: 'committee',
            entityId: tenant,
            reviewId: null,
            before: null,
            after: { days: Number(row.retention_days), reviews: list.length },
          },
        };
      });
      return { token, candidates: list };
    },

    /**
     * The first real run, confirmed by a dry run's token: removes what that dry run listed (if
     * still due), and from then on the committee's scheduled runs apply the period by themselves.
     */
    async confirm(token: string): Promise<RetentionRun> {
      const wanted = parseInput(text('The confirmation', 40), token).trim().toUpperCase();
      const now = ctx.now();
      const row = await ctx.db
        .selectFrom('retention_settings')
        .selectAll()
        .where('dry_run_token', '=', wanted)
        .executeTakeFirst();
      const setting = row && toSetting(row, now);
      if (!row || !setting?.dryRun || setting.days === null) {
        throw new NotFoundError('dry run with the confirmation', wanted);
      }
      const listed = new Set(setting.dryRun.reviewIds);
      const still = (await candidates(row.tenant_id, setting.days, now)).filter((c) => listed.has(c.reviewId));
      const applied = await applyAll(row.tenant_id, still, setting.days);
      await recordChange(ctx, { tenantId: row.tenant_id, actor: SYSTEM_ACTOR }, async (trx, at, tenant) => {
        await trx
          .updateTable('retention_settings')
          .set({ confirmed_at: toInstantText(at), dry_run_token: null, dry_run_at: null, dry_run_review_ids: null })
          .where('tenant_id', '=', tenant)
          .execute();
        return {
          result: undefined,
          audit: {
            action: 'retention.confirmed',
            entityType: 'committee',
            entityId: tenant,
            reviewId: null,
            before: null,
            after: { days: setting.days, reviews: applied.length },
          },
        };
      });
      return { tenantId: row.tenant_id, confirmed: true, applied };
    },

    /**
     * The scheduled run: empties every review past the period, once the first run was confirmed;
     * before that, removes nothing and says so (`confirmed: false`).
     */
    async apply(tenantId: string, now: Date): Promise<RetentionRun> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const at = parseInput(instant('Now'), now, 'now');
      const row = await settingRow(tenant);
      if (!row || row.retention_days === null) return { tenantId: tenant, confirmed: true, applied: [] };
      if (row.confirmed_at === null) return { tenantId: tenant, confirmed: false, applied: [] };
      const days = Number(row.retention_days);
      return {
        tenantId: tenant,
        confirmed: true,
        applied: await applyAll(tenant, await candidates(tenant, days, at), days),
      };
    },
  };
}

export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
