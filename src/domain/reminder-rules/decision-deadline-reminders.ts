/**
 * The 42-day standard (001 §6): the chair and the Lead Officer are alerted at 14, 7 and 2 days
 * left, on the day, then daily while overdue; at once when no Consideration Meeting is in the
 * diary with 14 days left, or when one is booked after the deadline. Silent once the decision is
 * made and while the clock is paused. Occasions carry the deadline they count to, so a deadline
 * moved by a pause gets its own alerts.
 */
import { roleAudience } from '../audience';
import { type DayNumber, toLocalDate } from '../day-number';
import { dated, type DayOccasion, dayHit, latestReached, latestRepeatDay, type ReminderHit } from '../reminder-occasions';
import type { ReviewSnapshot } from '../review-snapshot';
import { considerationMeetingsOf, decisionDeadlineOf, type StageDeadline } from '../stage-deadlines';

export function decisionDeadlineReminders(snapshot: ReviewSnapshot): ReminderHit[] {
  const { review } = snapshot;
  if (review.decision !== null || review.status !== 'decision_stage' || snapshot.paused) return [];
  const deadline = decisionDeadlineOf(snapshot);
  return [...countdownHits(snapshot, deadline), ...noMeetingHits(snapshot, deadline), ...lateMeetingHits(snapshot, deadline)];
}

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
  const overdueDay = latestRepeatDay(day, rules.overdueEveryDays, snapshot.lastReminderDay);
  const occasion = latestReached(
    [
      ...rules.daysLeft.map((n): DayOccasion => ({ day: day - n, rule: 'deadline42.days-left', label: `left-${n}`, severity: n > 7 ? 'info' : 'warning' })),
      rules.onTheDay ? { day, rule: 'deadline42.on-the-day', label: 'on-the-day', severity: 'alert' } : null,
      overdueDay === null ? null : { day: overdueDay, rule: 'deadline42.overdue', label: dated('overdue', overdueDay), severity: 'alert' },
    ],
    snapshot.lastReminderDay,
  );
  if (!occasion) return [];
  return [
    dayHit(snapshot, occasion, {
      series: dated('deadline', day),
      subject: { type: 'decision_deadline', id: snapshot.review.id },
      knownAt: snapshot.review.notifiedAt,
      audience: roleAudience(snapshot.review, 'chair', 'lead_officer'),
      facts: deadlineFacts(deadline, occasion.day),
    }),
  ];
}

/**
 * "No Consideration Meeting with 14 days left" becomes true at the start of that day; it is an
 * immediate alert, due then, and stays relevant until a meeting is booked.
 */
function noMeetingHits(snapshot: ReviewSnapshot, deadline: StageDeadline): ReminderHit[] {
  const { review, now, calendar } = snapshot;
  const daysLeft = snapshot.policy.decisionDeadline.noMeetingAlertDaysLeft;
  const markDay = deadline.adjustedDay - daysLeft;
  const markAt = calendar.instantAt(markDay, 0);
  const booked = considerationMeetingsOf(review).some((meeting) => meeting.scheduledAt <= now);
  if (booked || markAt > now) return [];
  return [
    {
      rule: 'deadline42.no-meeting',
      subject: { type: 'decision_deadline', id: review.id },
      occasion: `${dated('deadline', deadline.adjustedDay)}.no-meeting-left-${daysLeft}`,
      dueAt: markAt > review.notifiedAt ? markAt : review.notifiedAt,
      knownAt: review.notifiedAt,
      audience: roleAudience(review, 'chair', 'lead_officer'),
      severity: 'alert',
      facts: deadlineFacts(deadline, markDay),
    },
  ];
}

/** A Consideration Meeting booked after the deadline: an immediate alert when it is booked. */
function lateMeetingHits(snapshot: ReviewSnapshot, deadline: StageDeadline): ReminderHit[] {
  const { review, calendar } = snapshot;
  if (!snapshot.policy.decisionDeadline.alertMeetingAfterDeadline) return [];
  return considerationMeetingsOf(review)
    .filter((meeting) => meeting.status === 'scheduled' && calendar.dayOf(meeting.startsAt) > deadline.adjustedDay)
    .map((meeting) => ({
      rule: 'deadline42.meeting-after-deadline',
      subject: { type: 'meeting' as const, id: meeting.id },
      occasion: `${dated('deadline', deadline.adjustedDay)}.${dated('starts', calendar.dayOf(meeting.startsAt))}`,
      dueAt: meeting.scheduledAt,
      knownAt: meeting.scheduledAt,
      audience: roleAudience(review, 'chair', 'lead_officer'),
      severity: 'alert' as const,
      facts: { ...deadlineFacts(deadline, calendar.dayOf(meeting.startsAt)), meetingTitle: meeting.title, startsAt: meeting.startsAt.toISOString() },
    }));
}
