/**
 * The 42-day standard (001 §6): the committee Chair, who chairs the Consideration Meeting (001 §4,
 * §5), and the Lead Officer are alerted at 14, 7 and 2 days left, on the day, then daily while
 * overdue; at once when no Consideration Meeting is in the diary with 14 days left, or when one is
 * booked after the standard's date. Silent once the decision is made and while the clock is paused.
 *
 * The countdown is scheduled against the planning date (the standard's date moved by pauses), so a
 * date moved by a pause gets its own alerts, from the resume on; but every alert carries the real
 * figures beside it: the calendar days used and left to the standard's own date, and the days and
 * category of the pause (001 §6: the standard is judged on calendar days). Alerts ahead of the date
 * that fall on a non-working day go out the working day before, overdue ones the next working day;
 * counts in the facts are as of the day the alert goes out.
 */
import { roleAudience } from '../audience';
import type { PauseSpan } from '../clock-pauses';
import { type DayNumber, toLocalDate } from '../day-number';
import { latest, meetingStartKnownAt } from '../known-at';
import type { PauseCategory } from '../model';
import {
  clockDayHit,
  clockDueAt,
  dated,
  type DayOccasion,
  factsDayOf,
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

const ALERTED = ['committee_chair', 'lead_officer'] as const;

/**
 * `day`: the day the alert is due, so that the counts are true then. `deadline` and `daysLeft` are
 * the planning date and the days left to it; `daysUsed` and `standardDaysLeft` are the real
 * calendar days, and `pausedDays` and `pauseCategory` the pause that stands between them.
 */
function deadlineFacts(snapshot: ReviewSnapshot, deadline: StageDeadline, day: DayNumber) {
  return {
    deadline: toLocalDate(deadline.adjustedDay),
    originalDeadline: toLocalDate(deadline.originalDay),
    standardDays: deadline.originalDay - deadline.baseDay,
    daysLeft: deadline.adjustedDay - day,
    daysUsed: day - deadline.baseDay,
    standardDaysLeft: deadline.originalDay - day,
    pausedDays: deadline.adjustedDay - deadline.originalDay,
    pauseCategory: pauseCategoryOf(snapshot, deadline.movedBy),
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
          warnsOf: day,
        })),
      rules.onTheDay
        ? { day, rule: 'deadline42.on-the-day', label: 'on-the-day', severity: 'alert', kind: 'ahead', warnsOf: day }
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
      audience: roleAudience(snapshot.review, ...ALERTED),
      factsOn: (dueDay) => deadlineFacts(snapshot, deadline, dueDay),
    });
  return hit ? [hit] : [];
}

/**
 * "No Consideration Meeting with 14 days left": due at the reminder time of that day (of the
 * working day before, when it is not one), and relevant until a meeting is booked; when the
 * review is known only later, it is due at once then.
 */
function noMeetingHits(snapshot: ReviewSnapshot, deadline: StageDeadline): ReminderHit[] {
  const { review, now } = snapshot;
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
      audience: roleAudience(review, ...ALERTED),
      severity: 'alert',
      facts: deadlineFacts(snapshot, deadline, factsDayOf(snapshot, dueAt)),
    },
  ];
}

/**
 * A deciding meeting booked (or moved) after the standard's own date (day 42): an immediate alert
 * when that is done (at the resume if done while the clock stood still), since the standard
 * cannot then be met whatever a pause did to the planning date.
 */
function lateMeetingHits(snapshot: ReviewSnapshot, deadline: StageDeadline): ReminderHit[] {
  const { review, calendar } = snapshot;
  if (!snapshot.policy.decisionDeadline.alertMeetingAfterDeadline) return [];
  const hits: ReminderHit[] = [];
  for (const meeting of considerationMeetingsOf(review)) {
    if (meeting.status !== 'scheduled' || calendar.dayOf(meeting.startsAt) <= deadline.originalDay) continue;
    const startSetAt = latest(meetingStartKnownAt(meeting), snapshot.liveSince);
    const dueAt = clockDueAt(snapshot, startSetAt, { knownAt: startSetAt, movedBy: null, immediate: true });
    if (dueAt === null) continue;
    hits.push({
      rule: 'deadline42.meeting-after-deadline',
      subject: { type: 'meeting', id: meeting.id },
      occasion: `${dated('standard', deadline.originalDay)}.${dated('starts', calendar.dayOf(meeting.startsAt))}`,
      dueAt,
      knownAt: startSetAt,
      audience: roleAudience(review, ...ALERTED),
      severity: 'alert',
      facts: { ...deadlineFacts(snapshot, deadline, factsDayOf(snapshot, dueAt)), ...meetingFacts(snapshot, meeting) },
    });
  }
  return hits;
}

/** The category of the pause that moved the date (a shared view shows only this), or null. */
export function pauseCategoryOf(snapshot: ReviewSnapshot, span: PauseSpan | null): PauseCategory | null {
  if (span === null) return null;
  const pause = snapshot.review.pauses.find((candidate) => candidate.startedAt.getTime() === span.startedAt.getTime());
  return pause?.category ?? null;
}
