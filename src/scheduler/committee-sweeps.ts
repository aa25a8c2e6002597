/**
 * The reminder sweep, committee by committee, each on its own calendar. The database is the source
 * of truth for what is due; the tick (node-cron, every few minutes) only asks, for each committee:
 * has a working day's reminder time come, in the committee's own zone, since its last sweep? If so
 * (or if a sweep was missed while the bot was down), it sweeps now: the engine's due intents are
 * queued under their idempotency keys, so a second sweep, or one on another instance at the same
 * moment, queues nothing twice. A missed tick is caught up by the next; a doubled one finds the
 * sweep already recorded and does nothing.
 *
 * A sweep missed on an earlier day (the bot was down) is made up at once if today's reminder time
 * has passed, else at today's reminder time: made up at 07:00 and followed by today's own sweep at
 * 09:00, a daily series (the 42-day standard once overdue) would send two messages in one morning,
 * the first with yesterday's count. Nothing is lost by waiting: the engine returns the latest
 * occasion of every series, however long ago the last sweep was.
 */
import {
  type Calendar,
  committeeEngine,
  dueRemindersForAll,
  type EngineSetup,
  minutesOfTime,
  type ReminderIntent,
  type Review,
} from '../domain';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { latestQuarterTime, planOversightDigest } from './oversight-digests';
import { applyRetention } from './retention-job';
import { type DigestOptions, latestDigestTime, planWeeklyDigest } from './weekly-digests';

export interface SweepOptions {
  store: Store;
  /** Templates and policy, shared; each committee brings its calendar and reminder time. */
  engine: EngineSetup;
  calendarFor: (tenantId: string) => Promise<Calendar>;
  logger: Logger;
  /** Told after a sweep queued something. */
  onQueued?: () => void;
  /** The weekly digest's schedule and audience; without it the tick sends no digest. */
  digest?: DigestOptions;
}

export interface CommitteeSweep {
  tenantId: string;
  /** Intents due, and how many of them were new to the outbox. */
  due: ReminderIntent[];
  queued: number;
  failures: number;
}

const PAGE = 200;
/** How far back to look for the last working day: longer than any run of holidays. */
const LOOKBACK_DAYS = 31;

/**
 * The latest instant at or before `now` that is a working day's reminder time in the calendar's
 * zone (across clock changes: the time is local), or null if none in the last month.
 */
export function latestSweepTime(calendar: Calendar, now: Date, minutesOfDay: number): Date | null {
  const today = calendar.dayOf(now);
  for (let day = today; day > today - LOOKBACK_DAYS; day -= 1) {
    if (!calendar.isWorkingDay(day)) continue;
    const at = calendar.instantAt(day, minutesOfDay);
    if (at <= now) return at;
  }
  return null;
}

/** Whether a tick sweeps a committee, and why (the dry run prints it). */
export type SweepVerdict =
  /** `at`: the reminder time being swept. */
  | { due: true; at: Date; lastRun: Date | null }
  | { due: false; reason: 'already-swept' | 'no-working-day'; lastRun: Date | null }
  /** A sweep missed on an earlier day, made up at today's reminder time, `at`. */
  | { due: false; reason: 'made-up-at-reminder-time'; at: Date; lastRun: Date | null };

/**
 * Whether a tick at `now` sweeps the committee: its latest working day's reminder time has come
 * since its last sweep, and a sweep missed on an earlier day waits for today's reminder time.
 */
export function sweepVerdict(calendar: Calendar, now: Date, minutesOfDay: number, lastRun: Date | null): SweepVerdict {
  const due = latestSweepTime(calendar, now, minutesOfDay);
  if (due === null) return { due: false, reason: 'no-working-day', lastRun };
  if (lastRun !== null && lastRun >= due) return { due: false, reason: 'already-swept', lastRun };
  const today = calendar.dayOf(now);
  const todaysTime = calendar.instantAt(today, minutesOfDay);
  if (calendar.dayOf(due) < today && now < todaysTime)
    return { due: false, reason: 'made-up-at-reminder-time', lastRun, at: todaysTime };
  return { due: true, at: due, lastRun };
}

/** What the engine says is due for one committee at `now`; with `queue`, queued in the outbox. */
export async function sweepCommittee(
  options: SweepOptions,
  tenantId: string,
  now: Date,
  queue = true,
): Promise<CommitteeSweep> {
  const calendar = await options.calendarFor(tenantId);
  const committee = await options.store.committees.get(tenantId);
  const context = committeeEngine(options.engine, calendar, committee?.reminderTime);
  const sweep: CommitteeSweep = { tenantId, due: [], queued: 0, failures: 0 };
  // The committee's role holders, read once for the whole sweep: every review's alerts reach them.
  const roster = await options.store.committeeRoles.list(tenantId);
  /** Works out what is due for these reviews and queues what is new. */
  const sweepReviews = async (reviews: Review[]): Promise<void> => {
    const { intents, failures } = dueRemindersForAll(reviews, context, now);
    for (const failure of failures) {
      options.logger.error(
        { tenantId, reviewId: failure.reviewId, err: { type: failure.error.name } },
        'review skipped by the sweep',
      );
    }
    sweep.failures += failures.length;
    sweep.due.push(...intents);
    if (!queue) return;
    // Most of what the engine says (each series' latest occasion) was queued by an earlier sweep:
    // one look finds it, so the writes follow what is new today rather than all that was ever said.
    const queued = new Set(
      await options.store.outbox.queuedKeys(
        tenantId,
        intents.map((intent) => intent.key),
      ),
    );
    for (const intent of intents)
      if (!queued.has(intent.key) && (await options.store.outbox.enqueue(tenantId, intent)).created) sweep.queued += 1;
  };
  for (let afterId: string | null = null; ;) {
    const reviews = await options.store.reviews.listForSweep(tenantId, { limit: PAGE, afterId }, roster);
    if (reviews.length === 0) break;
    await sweepReviews(reviews);
    afterId = reviews[reviews.length - 1].id;
    if (reviews.length < PAGE) break;
  }
  // A review cancelled (or closed) with meetings ahead: its invitees are still told the meetings are
  // off, should the command that cancelled it have stopped before queueing the notices.
  await sweepReviews(await options.store.reviews.listEndedWithMeetingsCancelledAhead(tenantId, now, roster));
  if (queue && sweep.queued > 0) options.onQueued?.();
  return sweep;
}

export interface TickSummary {
  committees: number;
  swept: CommitteeSweep[];
  /** Committees whose weekly digest was queued, with how many people get it. */
  digests: Array<{ tenantId: string; weekOf: string; recipients: number }>;
  /** Committees whose Sub-group's quarterly digest was queued, with how many members get it. */
  oversight: Array<{ tenantId: string; quarterOf: string; recipients: number }>;
  /** Committees whose retention period emptied closed reviews, with how many. */
  retention: Array<{ tenantId: string; reviews: number }>;
}

/**
 * One tick: sweeps every committee whose latest reminder time (on a working day, in its zone) is
 * later than its last sweep, and applies each committee's retention period (if it set one and a dry
 * run confirmed it). Safe to run twice, late, or on several instances at once.
 */
export async function tick(options: SweepOptions, now: Date): Promise<TickSummary> {
  const committees = await options.store.committees.list();
  const summary: TickSummary = {
    committees: committees.length,
    swept: [],
    digests: [],
    oversight: [],
    retention: [],
  };
  for (const { tenantId, reminderTime } of committees) {
    try {
      // Each committee's own reminder time, in its own zone, on its own working days.
      const minutes = minutesOfTime(reminderTime);
      const calendar = await options.calendarFor(tenantId);
      const last = await options.store.schedules.lastRun(tenantId, 'reminder-sweep');
      if (sweepVerdict(calendar, now, minutes, last).due) {
        const sweep = await sweepCommittee(options, tenantId, now);
        await options.store.schedules.recordRun(tenantId, 'reminder-sweep', now);
        summary.swept.push(sweep);
        options.logger.info(
          { tenantId, due: sweep.due.length, queued: sweep.queued, failures: sweep.failures, missedSince: last },
          'committee swept',
        );
      }
      if (options.digest) await tickWeeklyDigest(options, options.digest, tenantId, now, summary);
      await tickOversightDigest(options, tenantId, now, summary);
      const retained = await applyRetention(options, tenantId, now);
      if (retained.applied.length > 0) summary.retention.push({ tenantId, reviews: retained.applied.length });
    } catch (error) {
      // One committee's trouble must not stop the others' reminders.
      options.logger.error(
        { tenantId, err: { message: error instanceof Error ? error.message : String(error) } },
        'committee sweep failed; the next tick tries again',
      );
    }
  }
  return summary;
}

/**
 * Queues the Sub-group's quarterly digest (001 §9) when the committee's latest quarter date has come
 * since its last one. A committee new to it gets its first at its next quarter date, not at once.
 */
export async function tickOversightDigest(
  options: SweepOptions,
  tenantId: string,
  now: Date,
  summary: TickSummary,
): Promise<void> {
  const calendar = await options.calendarFor(tenantId);
  const committee = await options.store.committees.get(tenantId);
  const quarter = latestQuarterTime(calendar, committee, options.engine.policy, now);
  if (quarter === null) return;
  const last = await options.store.schedules.lastRun(tenantId, 'quarterly-oversight');
  if (last !== null && last >= quarter.at) return;
  if (last === null) {
    await options.store.schedules.recordRun(tenantId, 'quarterly-oversight', now);
    return;
  }
  const plan = await planOversightDigest(options.store, tenantId, quarter);
  if (plan.message) {
    const { created } = await options.store.outbox.enqueueForCommittee(tenantId, plan.message);
    if (created) options.onQueued?.();
    summary.oversight.push({ tenantId, quarterOf: plan.quarterOf, recipients: plan.message.audience.length });
  }
  await options.store.schedules.recordRun(tenantId, 'quarterly-oversight', now);
  options.logger.info(
    {
      tenantId,
      quarterOf: plan.quarterOf,
      openReviews: plan.openReviews,
      openActions: plan.openActions,
      recipients: plan.message?.audience.length ?? 0,
      missedSince: last,
    },
    plan.message
      ? 'quarterly oversight digest queued'
      : 'quarterly oversight digest skipped: nothing open, or nobody on the Sub-group',
  );
}

/** Queues the committee's weekly digest when its latest digest time has come since its last one. */
export async function tickWeeklyDigest(
  options: SweepOptions,
  digest: DigestOptions,
  tenantId: string,
  now: Date,
  summary: TickSummary,
): Promise<void> {
  const calendar = await options.calendarFor(tenantId);
  const at = latestDigestTime(calendar, now, digest.schedule);
  const last = await options.store.schedules.lastRun(tenantId, 'weekly-digest');
  if (last !== null && last >= at) return;
  if (last === null) {
    // A committee new to the digest gets its first at its next digest time, not at a random moment now.
    await options.store.schedules.recordRun(tenantId, 'weekly-digest', now);
    return;
  }
  const plan = await planWeeklyDigest(options.store, calendar, digest, tenantId, at);
  if (plan.message) {
    const { created } = await options.store.outbox.enqueueForCommittee(tenantId, plan.message);
    if (created) options.onQueued?.();
    summary.digests.push({ tenantId, weekOf: plan.weekOf, recipients: plan.message.audience.length });
  }
  await options.store.schedules.recordRun(tenantId, 'weekly-digest', now);
  options.logger.info(
    {
      tenantId,
      weekOf: plan.weekOf,
      openReviews: plan.openReviews,
      recipients: plan.message?.audience.length ?? 0,
      unknownLeadOfficers: plan.unknownLeadOfficers,
      missedSince: last,
    },
    plan.message ? 'weekly digest queued' : 'weekly digest skipped: no open review or nobody to send it to',
  );
}
