/**
 * What the bot should say at `now`: every reminder intent already due and still relevant.
 *
 * How far back it looks: for each series (one item, one kind of reminder) only the latest
 * occasion due by `now` is returned, since an earlier one has been superseded (the d-7 reminder
 * is stale once the d-2 one is due) and, if it was ever sent, the outbox holds its key. There is
 * no other horizon, so a sweep after downtime still finds what is due. Keys never depend on
 * `now`: a second sweep yields the same keys and the outbox (unique on key) ignores them.
 *
 * Nothing is due before the fact that triggers it was known, and nothing is said about a closed
 * or cancelled review, a submitted or withdrawn report, a held or cancelled meeting, or a step
 * recorded done, except one thing: each invitee of a meeting still to come that was cancelled
 * (with its review or on its own) is told so, whatever the review's state. Improvement actions are
 * overseen in the Sub-group's quarterly digest.
 */
import type { EngineContext } from './engine-context';
import { idempotencyKey } from './idempotency-key';
import type { ReminderIntent, Review } from './model';
import type { ReminderHit } from './reminder-occasions';
import { isFinal } from './review-lifecycle';
import { decisionDeadlineReminders } from './reminder-rules/decision-deadline-reminders';
import { meetingCancellationReminders, meetingReminders } from './reminder-rules/meeting-reminders';
import { reportReminders } from './reminder-rules/report-reminders';
import {
  dutyReminders,
  missingReviewTemplateReminders,
  reviewPauseReminders,
  reviewStageReminders,
} from './reminder-rules/review-stage-reminders';
import { type ReviewSnapshot, snapshotOf } from './review-snapshot';

const RULES: ReadonlyArray<(snapshot: ReviewSnapshot) => ReminderHit[]> = [
  decisionDeadlineReminders,
  reportReminders,
  meetingReminders,
  reviewStageReminders,
  dutyReminders,
  reviewPauseReminders,
  missingReviewTemplateReminders,
];

/** A cancelled or closed review: only that its cancelled meetings will not take place. */
const FINAL_RULES: ReadonlyArray<(snapshot: ReviewSnapshot) => ReminderHit[]> = [meetingCancellationReminders];

export function dueReminders(review: Review, context: EngineContext, now: Date): ReminderIntent[] {
  const final = isFinal(review.status);
  if (final && !review.meetings.some((m) => m.status === 'cancelled' && now < m.startsAt)) return [];
  const snapshot = snapshotOf(review, context, now);
  const intents: ReminderIntent[] = [];
  for (const rule of final ? FINAL_RULES : RULES) {
    for (const hit of rule(snapshot)) {
      if (hit.dueAt <= now && hit.dueAt >= hit.knownAt) intents.push(toIntent(review, hit));
    }
  }
  return intents;
}

/** A review the sweep could not work out, e.g. one naming a template that is not loaded. */
export interface ReminderSweepFailure {
  reviewId: string;
  tenantId: string;
  error: Error;
}

export interface ReminderSweep {
  intents: ReminderIntent[];
  failures: ReminderSweepFailure[];
}

/**
 * The sweep over many reviews. One review's bad data must not silence every other review, so a
 * review that throws is reported in `failures` (for the scheduler to log) and the sweep goes on.
 * Each review is worked out with its own committee's engine: one context for a committee's
 * reviews, or a function that gives each review its committee's.
 */
export function dueRemindersForAll(
  reviews: Iterable<Review>,
  context: EngineContext | ((review: Review) => EngineContext),
  now: Date,
): ReminderSweep {
  const sweep: ReminderSweep = { intents: [], failures: [] };
  for (const review of reviews) {
    try {
      sweep.intents.push(...dueReminders(review, typeof context === 'function' ? context(review) : context, now));
    } catch (error) {
      sweep.failures.push({
        reviewId: review.id,
        tenantId: review.tenantId,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }
  return sweep;
}

function toIntent(review: Review, hit: ReminderHit): ReminderIntent {
  const facts: ReminderIntent['facts'] = {
    reference: review.reference,
    subjectPseudonym: review.subjectPseudonym,
    reviewKind: review.kind,
  };
  for (const name in hit.facts) facts[name] = hit.facts[name];
  return {
    key: idempotencyKey({
      tenantId: review.tenantId,
      reviewId: review.id,
      rule: hit.rule,
      subject: hit.subject,
      occasion: hit.occasion,
    }),
    tenantId: review.tenantId,
    reviewId: review.id,
    rule: hit.rule,
    subject: hit.subject,
    occasion: hit.occasion,
    dueAt: hit.dueAt,
    audience: hit.audience,
    severity: hit.severity,
    facts,
  };
}
