/**
 * When the bot learned of a fact, as opposed to when it happened. A reminder is never due before
 * the bot knew what it reports: these say from when each fact the rules count from was known.
 */
import type { ClockPause, Decision, ImprovementAction, Meeting, MilestoneRecord, ReportRequest, Review } from './model';

/** The latest of the instants given; null and undefined are left out. */
export function latest(first: Date, ...others: ReadonlyArray<Date | null | undefined>): Date {
  let result = first;
  for (const other of others) if (other && other > result) result = other;
  return result;
}

/** From when the review's own dates (the notification, the 42-day deadline) were known. */
export const reviewKnownAt = (review: Review): Date => latest(review.notifiedAt, review.recordedAt);

export const decisionKnownAt = (decision: Decision): Date => latest(decision.decidedAt, decision.recordedAt);

/** From when the meeting's present start was known; later than `scheduledAt` once it was moved. */
export const meetingStartKnownAt = (meeting: Meeting): Date => latest(meeting.scheduledAt, meeting.startsAtSetAt);

/** From when a held meeting was known to be held. */
export const meetingHeldKnownAt = (meeting: Meeting): Date =>
  latest(meeting.endsAt ?? meeting.startsAt, meeting.statusSetAt);

/** From when the request's present due date was known; later than `requestedAt` once it was changed. */
export const dueDateKnownAt = (request: ReportRequest): Date => latest(request.requestedAt, request.dueOnSetAt);

export const milestoneKnownAt = (record: MilestoneRecord): Date | null =>
  record.completedAt === null ? null : latest(record.completedAt, record.recordedAt);

export const actionKnownAt = (action: ImprovementAction): Date => latest(action.agreedAt, action.recordedAt);

/** From when the pause was known to have begun. */
export const pauseKnownAt = (pause: ClockPause): Date => latest(pause.startedAt, pause.recordedAt);

/** From when the pause was known to have ended; null while it runs. */
export const resumeKnownAt = (pause: ClockPause): Date | null =>
  pause.endedAt === null ? null : latest(pause.endedAt, pause.endRecordedAt);
