/**
 * The two clocks a review runs against: the decision standard (42 calendar days from the
 * notification to the Consideration Meeting's decision, 001 §6) and the review's timescale
 * (six months, nine at most, from the decision, 001 §7; 3 months from the notification for
 * Tier 1, 000). The numbers and what they count from come from the templates' `timescale`.
 *
 * Each clock has its date as the standard puts it (`originalDay`) and the same date moved by the
 * clock's pauses (`adjustedDay`). Whether the 42-day standard was met is judged on the original,
 * on calendar days, pauses or not (001 §6); the adjusted date is a planning aid that reminders
 * are scheduled against.
 */
import { type PauseSpan, pauseShift } from './clock-pauses';
import type { DayNumber } from './day-number';
import type { Meeting, Review } from './model';
import { applyOffset, type Offset } from './offset';
import type { ReviewSnapshot } from './review-snapshot';
import { timescaleOf } from './template-schema';

export interface StageDeadline {
  /** The fact counted from: the notification or the decision. */
  baseDay: DayNumber;
  originalDay: DayNumber;
  /** Moved by the clock's pauses. */
  adjustedDay: DayNumber;
  /** The last pause that moved it: reminders of the moved date are not known before it ended. */
  movedBy: PauseSpan | null;
}

function deadlineFrom(
  snapshot: ReviewSnapshot,
  baseDay: DayNumber,
  offset: Offset,
  spans: readonly PauseSpan[],
): StageDeadline {
  const originalDay = applyOffset(snapshot.calendar, baseDay, offset);
  const { day, movedBy } = pauseShift(originalDay, baseDay, spans);
  return { baseDay, originalDay, adjustedDay: day, movedBy };
}

/**
 * Day 42 (or whatever the decision template sets) counted from the notification. The decision
 * stops this clock: a pause after the decision day belongs to the review stage and moves nothing here.
 */
export function decisionDeadlineOf(snapshot: ReviewSnapshot): StageDeadline {
  return deadlineFrom(
    snapshot,
    snapshot.notifiedDay,
    timescaleOf(snapshot.decisionTemplate).target,
    snapshot.decisionSpans,
  );
}

export interface ReviewTimescaleDeadlines {
  /** What the timescale counts from. */
  from: 'notification' | 'decision';
  target: StageDeadline;
  limit: StageDeadline | null;
}

/**
 * The review template's target and limit, once a decision to proceed names it: counted from the
 * decision (001 §7), or from the notification for a template that says so (Tier 1, 000), so that a
 * late decision leaves less of the time rather than extending it.
 */
export function reviewTimescaleOf(snapshot: ReviewSnapshot): ReviewTimescaleDeadlines | null {
  const template = snapshot.reviewTemplate;
  if (!template || snapshot.decidedDay === null) return null;
  const { target, limit, anchor } = timescaleOf(template);
  const base = anchor === 'notification' ? snapshot.notifiedDay : snapshot.decidedDay;
  return {
    from: anchor,
    target: deadlineFrom(snapshot, base, target, snapshot.spans),
    limit: limit ? deadlineFrom(snapshot, base, limit, snapshot.spans) : null,
  };
}

/**
 * The meetings that decide, in the diary or held (cancelled ones are gone): Consideration Meetings
 * (001 §5), and the screening meeting 000 names for Tier 1, which counts the same way.
 */
export function considerationMeetingsOf(review: Review): Meeting[] {
  return review.meetings.filter(
    (meeting) =>
      (meeting.kind === 'consideration_meeting' || meeting.kind === 'screening_meeting') &&
      meeting.status !== 'cancelled',
  );
}
