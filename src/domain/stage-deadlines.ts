/**
 * The two clocks a review runs against: the decision standard (42 calendar days from the
 * notification to the Consideration Meeting's decision, 001 §6) and the review's timescale
 * (six months, nine at most, from the decision, 001 §7; twelve weeks for Tier 1, 000). The
 * numbers come from the templates' `timescale`, not from code.
 */
import { type PauseSpan, pauseShift } from './clock-pauses';
import type { DayNumber } from './day-number';
import type { Meeting, Review } from './model';
import { applyOffset, type Offset } from './offset';
import type { ReviewSnapshot } from './review-snapshot';

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
    snapshot.decisionTemplate.timescale.target,
    snapshot.decisionSpans,
  );
}

export interface ReviewTimescaleDeadlines {
  target: StageDeadline;
  limit: StageDeadline | null;
}

/** The review template's target and limit, once a decision to proceed gives them a start. */
export function reviewTimescaleOf(snapshot: ReviewSnapshot): ReviewTimescaleDeadlines | null {
  const template = snapshot.reviewTemplate;
  if (!template || snapshot.decidedDay === null) return null;
  const { target, limit } = template.timescale;
  return {
    target: deadlineFrom(snapshot, snapshot.decidedDay, target, snapshot.spans),
    limit: limit ? deadlineFrom(snapshot, snapshot.decidedDay, limit, snapshot.spans) : null,
  };
}

/** Consideration Meetings in the diary or held; cancelled ones are gone. */
export function considerationMeetingsOf(review: Review): Meeting[] {
  return review.meetings.filter(
    (meeting) => meeting.kind === 'consideration_meeting' && meeting.status !== 'cancelled',
  );
}
