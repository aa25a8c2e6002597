/**
 * When a single-agency report is late: the one rule, used by the report reminders and by the
 * store's list of overdue reports alike. Its due date moves with the clock's pauses that came after
 * the date was set (a date set during or after a pause was chosen knowing of it); it is overdue
 * from the day after that date, while it is still awaited and the review is open.
 */
import type { Calendar } from './calendar';
import { type PauseShift, type PauseSpan, pauseShift, pauseSpansAt } from './clock-pauses';
import { fromLocalDate } from './day-number';
import { dueDateKnownAt } from './known-at';
import type { ReportRequest, Review } from './model';
import { isFinal } from './review-lifecycle';

export function reportDueDay(calendar: Calendar, spans: readonly PauseSpan[], request: ReportRequest): PauseShift {
  return pauseShift(fromLocalDate(request.dueOn), calendar.dayOf(dueDateKnownAt(request)), spans);
}

/** The review's reports still awaited after their due date (moved by pauses), as known at `now`. */
export function overdueReports(review: Review, calendar: Calendar, now: Date): ReportRequest[] {
  if (isFinal(review.status)) return [];
  const spans = pauseSpansAt(calendar, review.pauses, now);
  const today = calendar.dayOf(now);
  return review.reportRequests.filter(
    (request) => request.status === 'requested' && today > reportDueDay(calendar, spans, request).day,
  );
}

/** Whether a report arriving at `at` arrives after its due date (as moved by pauses): it is taken all the same. */
export function arrivesLate(review: Review, request: ReportRequest, calendar: Calendar, at: Date): boolean {
  const spans = pauseSpansAt(calendar, review.pauses, at);
  return calendar.dayOf(at) > reportDueDay(calendar, spans, request).day;
}
