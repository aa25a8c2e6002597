/**
 * What a deadline alert (the 42-day standard's, 001 §6, and the review's timescale's, 001 §7) says is
 * still outstanding, and the one thing that would help most. Worked out when the alert is sent (or a
 * chair asks for the reminders now), from the review as it stands then. Pure.
 *
 * - Reports not yet received: every single-agency report still awaited, by agency, with whether its
 *   due date has passed.
 * - The deciding meeting (a Consideration Meeting, or Tier 1's screening meeting) not in the diary,
 *   while the decision is still to be made.
 * - After the decision: the decision not yet recorded as sent to CSOG, or to the Care Inspectorate
 *   (001 §6, §11).
 *
 * The action that helps most: with no deciding meeting booked, booking it (nothing is decided without
 * it); otherwise, with reports awaited, reminding their Senior Managers; otherwise none.
 */
import type { Calendar } from './calendar';
import { pauseSpansAt } from './clock-pauses';
import { toLocalDate } from './day-number';
import { idempotencyKey } from './idempotency-key';
import type { Audience, LocalDate, ReminderIntent, ReportRequest, Review, Role } from './model';
import { reportDueDay } from './report-deadlines';
import { considerationMeetingsOf } from './stage-deadlines';

/** The alerts that get the deadline card: the 42-day standard's and the review's timescale's. */
export const DEADLINE_ALERT_RULE = /^(deadline42\.|review\.timescale-)/;
export const isDeadlineAlert = (rule: string): boolean => DEADLINE_ALERT_RULE.test(rule);

/** A reminder a chair or lead officer asked for, now, to an agency's Senior Manager. */
export const ASKED_REPORT_REMINDER_RULE = 'report.asked-now';

/** The decision-stage duties the alert names, by the step that records each (decision-stage.json). */
const DECISION_DUTIES = {
  'decision-sent-to-cog': 'csog',
  'decision-sent-to-care-inspectorate': 'care_inspectorate',
} as const;
export type DecisionDuty = (typeof DECISION_DUTIES)[keyof typeof DECISION_DUTIES];

export interface OutstandingReport {
  requestId: string;
  agencyName: string;
  /** The due date as the clock's pauses moved it. */
  dueOn: LocalDate;
  /** Its due date has passed. */
  late: boolean;
}

export type HelpfulAction = 'book-meeting' | 'remind-senior-managers' | null;

export interface DeadlineOutstanding {
  reports: OutstandingReport[];
  /** Still to decide, and no deciding meeting in the diary (or held). */
  meetingNotBooked: boolean;
  /** Decided, and these not yet recorded as done. */
  decisionNotSentTo: DecisionDuty[];
  action: HelpfulAction;
}

export function deadlineOutstanding(review: Review, calendar: Calendar, now: Date): DeadlineOutstanding {
  const spans = pauseSpansAt(calendar, review.pauses, now);
  const today = calendar.dayOf(now);
  const reports = review.reportRequests
    .filter((request) => request.status === 'requested')
    .map((request) => {
      const due = reportDueDay(calendar, spans, request).day;
      return { requestId: request.id, agencyName: request.agencyName, dueOn: toLocalDate(due), late: today > due };
    })
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.agencyName.localeCompare(b.agencyName));
  const undecided = review.decision === null && review.status === 'decision_stage';
  const meetingNotBooked = undecided && considerationMeetingsOf(review).length === 0;
  const decisionNotSentTo: DecisionDuty[] = [];
  if (review.decision !== null) {
    for (const [stepId, duty] of Object.entries(DECISION_DUTIES)) {
      const record = review.milestones.find((m) => m.stepId === stepId);
      if (!record || (record.completedAt === null && !record.skipped)) decisionNotSentTo.push(duty);
    }
  }
  const action: HelpfulAction = meetingNotBooked
    ? 'book-meeting'
    : reports.length > 0
      ? 'remind-senior-managers'
      : null;
  return { reports, meetingNotBooked, decisionNotSentTo, action };
}

/** The agency's Senior Manager for a report: the one named on the request, else the review's for that agency. */
export function seniorManagerFor(review: Review, request: ReportRequest): Audience {
  if (request.seniorManagerPersonId) return { role: 'senior_manager', personId: request.seniorManagerPersonId };
  const ofAgency = review.members.find(
    (member) => member.role === 'senior_manager' && member.agencyId === request.agencyId,
  );
  return { role: 'senior_manager', personId: ofAgency?.personId ?? null };
}

/**
 * "Remind the senior managers now": one reminder per report still awaited, to its Senior Manager,
 * earliest due first, keyed by the report and the day asked, so that a second click (or a second chair) that day
 * queues nothing more. `askedBy` is the role of whoever asked, which the card names.
 */
export function askedReportReminders(
  review: Review,
  calendar: Calendar,
  now: Date,
  askedBy: Role,
): Array<{ request: ReportRequest; intent: ReminderIntent }> {
  const spans = pauseSpansAt(calendar, review.pauses, now);
  const today = toLocalDate(calendar.dayOf(now));
  return review.reportRequests
    .filter((request) => request.status === 'requested')
    .map((request) => ({ request, due: reportDueDay(calendar, spans, request).day }))
    .sort((a, b) => a.due - b.due || a.request.agencyName.localeCompare(b.request.agencyName))
    .map(({ request, due }) => {
      const subject = { type: 'report_request' as const, id: request.id };
      const occasion = `asked-${today}`;
      return {
        request,
        intent: {
          key: idempotencyKey({
            tenantId: review.tenantId,
            reviewId: review.id,
            rule: ASKED_REPORT_REMINDER_RULE,
            subject,
            occasion,
          }),
          tenantId: review.tenantId,
          reviewId: review.id,
          rule: ASKED_REPORT_REMINDER_RULE,
          subject,
          occasion,
          dueAt: now,
          audience: [seniorManagerFor(review, request)],
          severity: 'warning',
          facts: {
            reference: review.reference,
            subjectPseudonym: review.subjectPseudonym,
            reviewKind: review.kind,
            agencyName: request.agencyName,
            dueOn: toLocalDate(due),
            originalDueOn: request.dueOn,
            daysUntilDue: due - calendar.dayOf(now),
            askedByRole: askedBy,
          },
        },
      };
    });
}
