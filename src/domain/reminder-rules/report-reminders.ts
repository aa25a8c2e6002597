/**
 * Single-agency reports (001 §5 step 4). Default policy: 7 and 2 days before the due date, on the
 * due date, then every 3 working days while overdue; at 5 working days overdue the agency's Senior
 * Manager and the Lead Officer are told. Due dates move with the clock's pauses; a moved due date
 * starts a new series, whose reminders run from the resume on. A reminder before (or on) a due
 * date that falls on a non-working day goes out the working day before, saying how many days are
 * left then.
 */
import { personAudience, roleAudience, uniqueAudience } from '../audience';
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
        })),
      rules.onDueDate
        ? { day: due, rule: 'report.due-today', label: 'due-day', severity: 'warning', kind: 'ahead' }
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
  const reminderHit = reminder && clockDayHit(snapshot, reminder, { ...common, audience: [authorOf(review, request)] });
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
    const audience = uniqueAudience([seniorManagerOf(review, request), ...roleAudience(review, 'lead_officer')]);
    const escalationHit = clockDayHit(snapshot, escalation, { ...common, audience });
    if (escalationHit) hits.push(escalationHit);
  }
  return hits;
}

/** The report's author, else the agency's Senior Manager, who makes sure it is written (001 §6). */
function authorOf(review: Review, request: ReportRequest): Audience {
  return request.authorPersonId
    ? personAudience(review, request.authorPersonId, 'practitioner')
    : seniorManagerOf(review, request);
}

function seniorManagerOf(review: Review, request: ReportRequest): Audience {
  if (request.seniorManagerPersonId) return personAudience(review, request.seniorManagerPersonId, 'senior_manager');
  const ofAgency = review.members.find(
    (member) => member.role === 'senior_manager' && member.agencyId === request.agencyId,
  );
  return { role: 'senior_manager', personId: ofAgency?.personId ?? null };
}
