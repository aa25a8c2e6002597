/**
 * Reminders go out on the committee's working days at its reminder time. One that warns ahead
 * (before a due date, a meeting or a deadline) and falls on a non-working day goes out on the
 * working day before; one that reports lateness goes out on the next working day. Whatever day it
 * goes out, its counts are true on that day.
 */
import { dueReminders, type ReminderIntent, type Review } from '../../src/domain';
import { createEngineContext } from '../../src/templates/load-templates';
import { meetingWith, reportRequestWith, reviewWith } from '../fixtures/synthetic-reviews';

const scotland = createEngineContext({ region: 'scotland' });
const england = createEngineContext({ region: 'england-and-wales' });
type Context = typeof scotland;
const at = (iso: string) => new Date(iso);

/**
 * What the sweep at `now` yields for the rule, as [occasion, local date and time it is due, count].
 * The count is the one true on the sweep's day, the day a reminder it queues goes out: on the
 * occasion's own day, that day's; asked later (a sweep catching up after a gap), the later day's.
 */
function sent(context: Context, review: Review, now: string, rule: string, count: string) {
  return dueReminders(review, context, at(now))
    .filter((intent) => intent.rule.startsWith(rule))
    .map((intent: ReminderIntent) => [intent.occasion, wallClock(context, intent.dueAt), intent.facts[count]]);
}

function wallClock(context: Context, instant: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: context.calendar.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
}

describe('over a weekend', () => {
  it('a Monday meeting gets its one-day reminder on the Friday, saying it is 3 days away', () => {
    const review = reviewWith({
      meetings: [meetingWith({ startsAt: at('2026-12-14T10:00:00Z'), scheduledAt: at('2026-11-20T10:00:00Z') })],
    });
    expect(sent(scotland, review, '2026-12-11T09:00:00Z', 'meeting.reminder', 'daysUntilStart')).toEqual([
      ['starts-2026-12-14.before-1', 'Fri 11 Dec, 09:00', 3],
    ]);
    const [reminder] = dueReminders(review, scotland, at('2026-12-11T09:00:00Z')).filter(
      (intent) => intent.rule === 'meeting.reminder',
    );
    expect(reminder.facts).toMatchObject({ startsOn: '2026-12-14', meetingStartsAt: '2026-12-14T10:00:00.000Z' });
    // Nothing more before the meeting: the weekend sends nothing new. Asked on the Sunday, the
    // Friday's reminder counts from the Sunday, as a sweep catching up then would send it.
    expect(sent(scotland, review, '2026-12-13T18:00:00Z', 'meeting.reminder', 'daysUntilStart')).toEqual([
      ['starts-2026-12-14.before-1', 'Fri 11 Dec, 09:00', 1],
    ]);
  });

  it('a report due on a Sunday is reminded once on the Friday, with the 2 days that are left', () => {
    const review = reviewWith({ reportRequests: [reportRequestWith({ dueOn: '2026-11-15' })] });
    expect(sent(scotland, review, '2026-11-13T09:00:00Z', 'report.', 'daysUntilDue')).toEqual([
      ['due-2026-11-15.due-day', 'Fri 13 Nov, 09:00', 2],
    ]);
    // Overdue every 3 working days from the Sunday: Wednesday 18 November.
    expect(sent(scotland, review, '2026-11-18T09:00:00Z', 'report.overdue', 'daysUntilDue')).toEqual([
      ['due-2026-11-15.overdue-2026-11-18', 'Wed 18 Nov, 09:00', -3],
    ]);
  });

  it('the daily overdue alert of the 42-day standard skips the weekend and says Monday’s count', () => {
    // Notified 20 October: the deadline is Tuesday 1 December.
    const review = reviewWith({ meetings: [meetingWith()] });
    expect(sent(scotland, review, '2026-12-04T09:00:00Z', 'deadline42.', 'daysLeft')).toEqual([
      ['deadline-2026-12-01.overdue-2026-12-04', 'Fri 4 Dec, 09:00', -3],
    ]);
    expect(sent(scotland, review, '2026-12-06T20:00:00Z', 'deadline42.', 'daysLeft')).toEqual([
      ['deadline-2026-12-01.overdue-2026-12-04', 'Fri 4 Dec, 09:00', -5],
    ]);
    expect(sent(scotland, review, '2026-12-07T09:00:00Z', 'deadline42.', 'daysLeft')).toEqual([
      ['deadline-2026-12-01.overdue-2026-12-07', 'Mon 7 Dec, 09:00', -6],
    ]);
  });
});

describe("on St Andrew's Day (Monday 30 November 2026)", () => {
  // Notified 19 October: the 42-day deadline is St Andrew's Day.
  const review = reviewWith({ notifiedAt: at('2026-10-19T10:00:00Z'), meetings: [meetingWith()] });

  it('Scotland is alerted on the Friday before, 3 days ahead; England on the day itself', () => {
    expect(sent(scotland, review, '2026-11-27T09:00:00Z', 'deadline42.on-the-day', 'daysLeft')).toEqual([
      ['deadline-2026-11-30.on-the-day', 'Fri 27 Nov, 09:00', 3],
    ]);
    expect(sent(england, review, '2026-11-27T09:00:00Z', 'deadline42.on-the-day', 'daysLeft')).toEqual([]);
    expect(sent(england, review, '2026-11-30T09:00:00Z', 'deadline42.on-the-day', 'daysLeft')).toEqual([
      ['deadline-2026-11-30.on-the-day', 'Mon 30 Nov, 09:00', 0],
    ]);
  });

  it('a milestone late on St Andrew’s Day is reported in Scotland on the next working day', () => {
    // Decided Monday 2 November: Review Team Meeting 1 planned 30 November; a week late on 7 December.
    const inReview = reviewWith({
      status: 'in_review',
      reviewTemplateId: 'tier-2-3',
      decision: { outcome: 'proceed', decidedAt: at('2026-10-26T15:00:00Z') },
    });
    const late = (context: Context, now: string) =>
      sent(context, inReview, now, 'milestone.late', 'daysLate').filter(([occasion]) =>
        String(occasion).startsWith('planned-2026-11-23'),
      );
    // Planned 23 November; a week late on Monday 30 November, a holiday in Scotland only.
    expect(late(england, '2026-11-30T09:00:00Z')).toEqual([['planned-2026-11-23.late-7d', 'Mon 30 Nov, 09:00', 7]]);
    expect(late(scotland, '2026-11-30T09:00:00Z')).toEqual([]);
    expect(late(scotland, '2026-12-01T09:00:00Z')).toEqual([['planned-2026-11-23.late-7d', 'Tue 1 Dec, 09:00', 8]]);
  });
});

describe('over Christmas and New Year', () => {
  it('a warning due on a holiday goes out on the working day before, in either region', () => {
    // Due Tuesday 29 December: two days before is Sunday 27th, after Christmas Day (Friday 25th).
    const review = reviewWith({ reportRequests: [reportRequestWith({ dueOn: '2026-12-29' })] });
    for (const context of [scotland, england]) {
      expect(sent(context, review, '2026-12-24T09:00:00Z', 'report.', 'daysUntilDue')).toEqual([
        ['due-2026-12-29.before-2', 'Thu 24 Dec, 09:00', 5],
      ]);
      expect(sent(context, review, '2026-12-28T20:00:00Z', 'report.', 'daysUntilDue')).toEqual([
        ['due-2026-12-29.before-2', 'Thu 24 Dec, 09:00', 1],
      ]);
      expect(sent(context, review, '2026-12-29T09:00:00Z', 'report.', 'daysUntilDue')).toEqual([
        ['due-2026-12-29.due-day', 'Tue 29 Dec, 09:00', 0],
      ]);
    }
  });

  it('a due date on Scotland’s 2 January substitute holiday is reminded on 31 December there, on the day in England', () => {
    const review = reviewWith({
      reportRequests: [reportRequestWith({ requestedAt: at('2026-12-01T10:00:00Z'), dueOn: '2027-01-04' })],
    });
    expect(sent(scotland, review, '2026-12-31T09:00:00Z', 'report.', 'daysUntilDue')).toEqual([
      ['due-2027-01-04.due-day', 'Thu 31 Dec, 09:00', 4],
    ]);
    expect(sent(england, review, '2026-12-31T09:00:00Z', 'report.', 'daysUntilDue')).toEqual([
      ['due-2027-01-04.before-2', 'Thu 31 Dec, 09:00', 4],
    ]);
    expect(sent(england, review, '2027-01-04T09:00:00Z', 'report.', 'daysUntilDue')).toEqual([
      ['due-2027-01-04.due-day', 'Mon 4 Jan, 09:00', 0],
    ]);
  });

  it('lateness waits for the next working day: 29 December, then 4 January in England and 5 January in Scotland', () => {
    // Notified 11 November: the deadline is Wednesday 23 December.
    const review = reviewWith({ notifiedAt: at('2026-11-11T10:00:00Z'), meetings: [meetingWith()] });
    for (const context of [scotland, england]) {
      expect(sent(context, review, '2026-12-24T09:00:00Z', 'deadline42.overdue', 'daysLeft')).toEqual([
        ['deadline-2026-12-23.overdue-2026-12-24', 'Thu 24 Dec, 09:00', -1],
      ]);
      expect(sent(context, review, '2026-12-28T20:00:00Z', 'deadline42.overdue', 'daysLeft')).toEqual([
        ['deadline-2026-12-23.overdue-2026-12-24', 'Thu 24 Dec, 09:00', -5],
      ]);
      expect(sent(context, review, '2026-12-29T09:00:00Z', 'deadline42.overdue', 'daysLeft')).toEqual([
        ['deadline-2026-12-23.overdue-2026-12-29', 'Tue 29 Dec, 09:00', -6],
      ]);
    }
    expect(sent(england, review, '2027-01-04T09:00:00Z', 'deadline42.overdue', 'daysLeft')).toEqual([
      ['deadline-2026-12-23.overdue-2027-01-04', 'Mon 4 Jan, 09:00', -12],
    ]);
    expect(sent(scotland, review, '2027-01-04T09:00:00Z', 'deadline42.overdue', 'daysLeft')).toEqual([
      ['deadline-2026-12-23.overdue-2026-12-31', 'Thu 31 Dec, 09:00', -12],
    ]);
    expect(sent(scotland, review, '2027-01-05T09:00:00Z', 'deadline42.overdue', 'daysLeft')).toEqual([
      ['deadline-2026-12-23.overdue-2027-01-05', 'Tue 5 Jan, 09:00', -13],
    ]);
  });
});
