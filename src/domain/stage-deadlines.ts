/**
 * The two clocks a review runs against: the decision standard (42 calendar days from the
 * notification to the Consideration Meeting's decision, 001 §6) and the review's timescale
 * (six months, nine at most, from the decision, 001 §7; twelve weeks for Tier 1, 000). The
 * numbers come from the templates' `timescale`, not from code.
 */
import { shiftByPauses } from './clock-pauses';
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
}

function deadlineFrom(snapshot: ReviewSnapshot, baseDay: DayNumber, offset: Offset): StageDeadline {
  const originalDay = applyOffset(snapshot.calendar, baseDay, offset);
  return { baseDay, originalDay, adjustedDay: shiftByPauses(originalDay, baseDay, snapshot.spans) };
}

/** Day 42 (or whatever the decision template sets) counted from the notification. */
export function decisionDeadlineOf(snapshot: ReviewSnapshot): StageDeadline {
  return deadlineFrom(snapshot, snapshot.notifiedDay, snapshot.decisionTemplate.timescale.target);
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
    target: deadlineFrom(snapshot, snapshot.decidedDay, target),
    limit: limit ? deadlineFrom(snapshot, snapshot.decidedDay, limit) : null,
  };
}

/** Consideration Meetings in the diary or held; cancelled ones are gone. */
export function considerationMeetingsOf(review: Review): Meeting[] {
  return review.meetings.filter((meeting) => meeting.kind === 'consideration_meeting' && meeting.status !== 'cancelled');
}
