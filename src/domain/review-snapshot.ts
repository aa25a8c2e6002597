/**
 * A review seen at one instant: the dates the timeline and the reminder rules both count from,
 * worked out once per call.
 */
import { type Calendar, minutesOfTime } from './calendar';
import { isPausedAt, type PauseSpan, pauseSpansAt, spansBefore } from './clock-pauses';
import type { DayNumber } from './day-number';
import { type EngineContext, policyFor, templateFor } from './engine-context';
import { latest, reviewKnownAt } from './known-at';
import type { Review } from './model';
import type { ReminderPolicy } from './reminder-policy';
import { isFinal } from './review-lifecycle';
import type { ProcessTemplate } from './template-schema';

export interface ReviewSnapshot {
  readonly review: Review;
  readonly calendar: Calendar;
  readonly now: Date;
  readonly today: DayNumber;
  readonly policy: ReminderPolicy;
  /** Minutes after local midnight at which day-based reminders fall due. */
  readonly reminderMinutes: number;
  /** The latest day whose reminder time has been reached at `now`. */
  readonly lastReminderDay: DayNumber;
  readonly spans: readonly PauseSpan[];
  /** The pauses the decision stage counts: once decided, only the days before the decision day. */
  readonly decisionSpans: readonly PauseSpan[];
  readonly paused: boolean;
  /**
   * From when the bot has followed the review: when it was entered (a review already under way
   * is entered after its notification), or last reopened. Nothing is due before it.
   */
  readonly liveSince: Date;
  readonly notifiedDay: DayNumber;
  readonly decidedDay: DayNumber | null;
  /** The day a closed or cancelled review ended (its clock, and any pause, stop then); null while open. */
  readonly endedDay: DayNumber | null;
  readonly decisionTemplate: ProcessTemplate;
  /** Only once a decision to proceed names it. */
  readonly reviewTemplate: ProcessTemplate | null;
  /** The closing stage the review template names (001 §8–§11), if any. */
  readonly closingTemplate: ProcessTemplate | null;
  /** Each template's plan, worked out once per snapshot (the timeline and the rules share it). */
  readonly plans: Map<ProcessTemplate, unknown>;
}

export function snapshotOf(review: Review, context: EngineContext, now: Date): ReviewSnapshot {
  const { calendar } = context;
  const decisionTemplate = templateFor(context, review, review.decisionTemplateId);
  const reviewTemplate =
    review.reviewTemplateId !== null && review.decision?.outcome === 'proceed'
      ? templateFor(context, review, review.reviewTemplateId)
      : null;
  const closingTemplate = reviewTemplate?.closingTemplate
    ? templateFor(context, review, reviewTemplate.closingTemplate)
    : null;
  const policy = policyFor(context, decisionTemplate, reviewTemplate);
  const today = calendar.dayOf(now);
  // A closed or cancelled review's clock stopped when it ended: a pause still running ends with it.
  const endedAt = isFinal(review.status) && review.closedAt && review.closedAt < now ? review.closedAt : null;
  const spans = pauseSpansAt(calendar, review.pauses, endedAt ?? now);
  const decidedDay = review.decision ? calendar.dayOf(review.decision.decidedAt) : null;
  const reminderMinutes = minutesOfTime(policy.timeOfDay);
  return {
    review,
    calendar,
    now,
    today,
    policy,
    reminderMinutes,
    lastReminderDay: now >= calendar.instantAt(today, reminderMinutes) ? today : today - 1,
    spans,
    decisionSpans: decidedDay === null ? spans : spansBefore(spans, decidedDay),
    paused: endedAt === null && isPausedAt(review.pauses, now),
    liveSince: latest(reviewKnownAt(review), review.reopenedAt),
    notifiedDay: calendar.dayOf(review.notifiedAt),
    decidedDay,
    endedDay: endedAt ? calendar.dayOf(endedAt) : null,
    decisionTemplate,
    reviewTemplate,
    closingTemplate,
    plans: new Map(),
  };
}
