/**
 * Single-agency reports (001 §5, §6). A report is asked of the agency's Senior Manager, who makes
 * sure a service manager or team leader writes it (001 §6: "Request agency/service report from
 * Senior Manager"); the Senior Manager may name that author. A practitioner is never asked, chased
 * or escalated about (004).
 *
 * Default policy: 7 and 2 days before the due date and on it, to the named author, else to the
 * Senior Manager; then every 3 working days while it is not yet received, to the Senior Manager
 * (and, in its own gentler words, to the author: the card words it by the recipient's role, see
 * `recipientTone`); at 5 working days the Senior Manager and the Lead Officer are told. Due dates
 * move with the clock's pauses; a moved due date starts a new series, whose reminders run from the
 * resume on. A reminder before (or on) a due date that falls on a non-working day goes out the
 * working day before, saying how many days are left then.
 */
import { isOnlyPractitioner, roleAudience, uniqueAudience } from '../audience';
import { addWorkingDays } from '../calendar';
import { type DayNumber, toLocalDate } from '../day-number';
import { dueDateKnownAt, latest } from '../known-at';
import type { Audience, ReportRequest, Review } from '../model';
import {
  clockDayHit,
  dated,
  type DayOccasion,
  latestReached,
  latestRepeatWorkingDay,
  type ReminderHit,
  toSend,
} from '../reminder-occasions';
import { reportDueDay } from '../report-deadlines';
import { seniorManagerFor } from '../deadline-alert';
import type { ReviewSnapshot } from '../review-snapshot';

export function reportReminders(snapshot: ReviewSnapshot): ReminderHit[] {
  if (snapshot.paused) return [];
  return snapshot.review.reportRequests
    .filter((request) => request.status === 'requested')
    .flatMap((request) => reportHits(snapshot, request));
}

function reportHits(snapshot: ReviewSnapshot, request: ReportRequest): ReminderHit[] {
  const { policy, calendar, lastReminderDay, review } = snapshot;
  const rules = policy.report;
  const { day: due, movedBy } = reportDueDay(calendar, snapshot.spans, request);
  /** `day`: the day the reminder is due, so that `daysUntilDue` is true then. */
  const factsOn = (day: DayNumber) => ({
    agencyName: request.agencyName,
    dueOn: toLocalDate(due),
    originalDueOn: request.dueOn,
    daysUntilDue: due - day,
  });
  const series = dated('due', due);
  const dueSetAt = dueDateKnownAt(request);
  const common = {
    series,
    movedBy,
    subject: { type: 'report_request' as const, id: request.id },
    knownAt: latest(request.requestedAt, snapshot.liveSince),
    // A due date changed by hand starts its reminders afresh from the change, as a pause does.
    editedAt: dueSetAt > request.requestedAt ? dueSetAt : null,
    factsOn,
  };
  const hits: ReminderHit[] = [];

  const overdueDay = latestRepeatWorkingDay(snapshot, due, rules.overdueEveryWorkingDays, lastReminderDay);
  const reminder = latestReached(
    snapshot,
    [
      ...[...rules.daysBefore]
        .sort((a, b) => b - a)
        .map((n): DayOccasion => ({
          day: due - n,
          rule: 'report.before-due',
          label: `before-${n}`,
          severity: 'info',
          kind: 'ahead',
          warnsOf: due,
        })),
      rules.onDueDate
        ? { day: due, rule: 'report.due-today', label: 'due-day', severity: 'warning', kind: 'ahead', warnsOf: due }
        : null,
      overdueDay === null
        ? null
        : {
            day: overdueDay,
            rule: 'report.overdue',
            label: dated('overdue', overdueDay),
            severity: 'warning',
            kind: 'late',
          },
    ],
    lastReminderDay,
  );
  const author = authorOf(review, request);
  const manager = seniorManagerFor(review, request);
  const audience =
    reminder?.rule === 'report.overdue' ? uniqueAudience([manager, ...(author ? [author] : [])]) : [author ?? manager];
  const reminderHit = reminder && clockDayHit(snapshot, reminder, { ...common, audience });
  if (reminderHit) hits.push(reminderHit);

  const escalationDay = addWorkingDays(calendar, due, rules.escalateAfterWorkingDays);
  if (escalationDay <= lastReminderDay) {
    const escalation = toSend(snapshot, {
      day: escalationDay,
      rule: 'report.escalation',
      label: 'escalate',
      severity: 'alert',
      kind: 'late',
    });
    const escalationHit = clockDayHit(snapshot, escalation, {
      ...common,
      audience: uniqueAudience([manager, ...roleAudience(review, 'lead_officer')]),
    });
    if (escalationHit) hits.push(escalationHit);
  }
  return hits;
}

/**
 * The author the Senior Manager named (a service manager or team leader, 001 §6), if any. Someone
 * who takes part in the review only as a practitioner is never sent a report's reminders, even if
 * named (the store refuses to name one; this holds for data from before it did).
 */
function authorOf(review: Review, request: ReportRequest): Audience | null {
  const { authorPersonId } = request;
  if (authorPersonId === null || isOnlyPractitioner(review, authorPersonId)) return null;
  return { role: 'report_author', personId: authorPersonId };
}
