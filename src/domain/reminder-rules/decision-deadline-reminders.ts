/**
 * The 42-day standard (001 §6): the chair and the Lead Officer are alerted at 14, 7 and 2 days
 * left, on the day, then daily while overdue; at once when no Consideration Meeting is in the
 * diary with 14 days left, or when one is booked after the deadline. Silent once the decision is
 * made and while the clock is paused. Occasions carry the deadline they count to, so a deadline
 * moved by a pause gets its own alerts, from the resume on. Alerts ahead of the deadline that fall
 * on a non-working day go out the working day before, overdue ones the next working day; counts in
 * the facts are as of the day the alert goes out.
 */
import { roleAudience } from '../audience';
import { type DayNumber, toLocalDate } from '../day-number';
import { latest, meetingStartKnownAt } from '../known-at';
import {
  clockDayHit,
  clockDueAt,
  dated,
  type DayOccasion,
  latestReached,
  latestRepeatDay,
  type ReminderHit,
  reminderTimeOn,
  sendDayOf,
} from '../reminder-occasions';
import type { ReviewSnapshot } from '../review-snapshot';
import { considerationMeetingsOf, decisionDeadlineOf, type StageDeadline } from '../stage-deadlines';
import { meetingFacts } from './meeting-reminders';

export function decisionDeadlineReminders(snapshot: ReviewSnapshot): ReminderHit[] {
  const { review } = snapshot;
  if (review.decision !== null || review.status !== 'decision_stage' || snapshot.paused) return [];
  const deadline = decisionDeadlineOf(snapshot);
  return [
    ...countdownHits(snapshot, deadline),
    ...noMeetingHits(snapshot, deadline),
    ...lateMeetingHits(snapshot, deadline),
  ];
}

/** `day`: the day the alert is due, so that `daysLeft` is true then. */
function deadlineFacts(deadline: StageDeadline, day: DayNumber) {
  return {
    deadline: toLocalDate(deadline.adjustedDay),
    originalDeadline: toLocalDate(deadline.originalDay),
    standardDays: deadline.originalDay - deadline.baseDay,
    daysLeft: deadline.adjustedDay - day,
  };
}

function countdownHits(snapshot: ReviewSnapshot, deadline: StageDeadline): ReminderHit[] {
  const rules = snapshot.policy.decisionDeadline;
  const day = deadline.adjustedDay;
  const overdueDay = latestRepeatDay(snapshot, day, rules.overdueEveryDays, snapshot.lastReminderDay);
  // Overdue days moved onto one working day are one alert, named after that day.
  const overdueLabel = overdueDay === null ? '' : dated('overdue', sendDayOf(snapshot, overdueDay, 'late'));
  const occasion = latestReached(
    snapshot,
    [
      ...[...rules.daysLeft]
        .sort((a, b) => b - a)
        .map((n): DayOccasion => ({
          day: day - n,
          rule: 'deadline42.days-left',
          label: `left-${n}`,
          severity: n > 7 ? 'info' : 'warning',
          kind: 'ahead',
        })),
      rules.onTheDay
        ? { day, rule: 'deadline42.on-the-day', label: 'on-the-day', severity: 'alert', kind: 'ahead' }
        : null,
      overdueDay === null
        ? null
        : { day: overdueDay, rule: 'deadline42.overdue', label: overdueLabel, severity: 'alert', kind: 'late' },
    ],
    snapshot.lastReminderDay,
  );
  const hit =
    occasion &&
    clockDayHit(snapshot, occasion, {
      series: dated('deadline', day),
      movedBy: deadline.movedBy,
      subject: { type: 'decision_deadline', id: snapshot.review.id },
      knownAt: snapshot.liveSince,
      audience: roleAudience(snapshot.review, 'chair', 'lead_officer'),
      factsOn: (dueDay) => deadlineFacts(deadline, dueDay),
    });
  return hit ? [hit] : [];
}

/**
 * "No Consideration Meeting with 14 days left": due at the reminder time of that day (of the
 * working day before, when it is not one), and relevant until a meeting is booked; when the
 * review is known only later, it is due at once then.
 */
function noMeetingHits(snapshot: ReviewSnapshot, deadline: StageDeadline): ReminderHit[] {
  const { review, now, calendar } = snapshot;
  const daysLeft = snapshot.policy.decisionDeadline.noMeetingAlertDaysLeft;
  const markAt = reminderTimeOn(snapshot, sendDayOf(snapshot, deadline.adjustedDay - daysLeft, 'ahead'));
  const booked = considerationMeetingsOf(review).some((meeting) => meeting.scheduledAt <= now);
  if (booked || markAt > now) return [];
  const holdsFrom = latest(markAt, snapshot.liveSince);
  const dueAt = clockDueAt(snapshot, holdsFrom, {
    knownAt: snapshot.liveSince,
    movedBy: deadline.movedBy,
    immediate: true,
  });
  if (dueAt === null) return [];
  return [
    {
      rule: 'deadline42.no-meeting',
      subject: { type: 'decision_deadline', id: review.id },
      occasion: `${dated('deadline', deadline.adjustedDay)}.no-meeting-left-${daysLeft}`,
      dueAt,
      knownAt: snapshot.liveSince,
      audience: roleAudience(review, 'chair', 'lead_officer'),
      severity: 'alert',
      facts: deadlineFacts(deadline, calendar.dayOf(dueAt)),
    },
  ];
}

/**
 * A Consideration Meeting booked (or moved) after the deadline: an immediate alert when that is
 * done (at the resume if done while the clock stood still). A meeting booked for its present
 * start before a pause that moved the deadline was alerted under the old deadline, so is not
 * alerted again; one moved after it is alerted for its new start.
 */
function lateMeetingHits(snapshot: ReviewSnapshot, deadline: StageDeadline): ReminderHit[] {
  const { review, calendar } = snapshot;
  if (!snapshot.policy.decisionDeadline.alertMeetingAfterDeadline) return [];
  const hits: ReminderHit[] = [];
  for (const meeting of considerationMeetingsOf(review)) {
    if (meeting.status !== 'scheduled' || calendar.dayOf(meeting.startsAt) <= deadline.adjustedDay) continue;
    const movedBy = deadline.movedBy;
    const startSetAt = latest(meetingStartKnownAt(meeting), snapshot.liveSince);
    const bookedBeforeMove = movedBy !== null && startSetAt < movedBy.quietFrom;
    const dueAt = bookedBeforeMove
      ? null
      : clockDueAt(snapshot, startSetAt, { knownAt: startSetAt, movedBy: null, immediate: true });
    if (dueAt === null) continue;
    hits.push({
      rule: 'deadline42.meeting-after-deadline',
      subject: { type: 'meeting', id: meeting.id },
      occasion: `${dated('deadline', deadline.adjustedDay)}.${dated('starts', calendar.dayOf(meeting.startsAt))}`,
      dueAt,
      knownAt: startSetAt,
      audience: roleAudience(review, 'chair', 'lead_officer'),
      severity: 'alert',
      facts: { ...deadlineFacts(deadline, calendar.dayOf(dueAt)), ...meetingFacts(snapshot, meeting) },
    });
  }
  return hits;
}
