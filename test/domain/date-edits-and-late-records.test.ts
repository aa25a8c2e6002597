/**
 * Editing a date is like a pause: the reminders of the moved date start afresh from the edit.
 * Facts recorded after they happened (a review already under way when the bot arrives) are
 * reminded of from when the bot learned of them. Either way, no reminder predates what it
 * reports, and every count it carries is true on the day it is sent.
 */
import { dueReminders, type ReminderIntent, type Review } from '../../src/domain';
import { createEngineContext } from '../../src/templates/load-templates';
import { meetingWith, reportRequestWith, reviewWith } from '../fixtures/synthetic-reviews';

const context = createEngineContext();
const at = (iso: string) => new Date(iso);

function due(review: Review, now: string, rule: string): ReminderIntent[] {
  return dueReminders(review, context, at(now)).filter((intent) => intent.rule.startsWith(rule));
}

/** [occasion, when due, the count the reminder carries]. */
const said = (intents: ReminderIntent[], count: string) =>
  intents.map((intent) => [intent.occasion, intent.dueAt.toISOString(), intent.facts[count]]);

describe('a report’s due date changed by hand', () => {
  // Requested 22 October, due 30 November; on Monday 9 November at 11:00 the due date becomes Thursday 12th.
  const moved = (dueOn: string) =>
    reviewWith({
      reportRequests: [reportRequestWith({ dueOn, dueOnSetAt: at('2026-11-09T11:00:00Z') })],
    });

  it('does not send the new date’s 7-day reminder, dated before the change, saying 7 days are left', () => {
    const review = moved('2026-11-12');
    expect(said(due(review, '2026-11-09T12:00:00Z', 'report.'), 'daysUntilDue')).toEqual([]);
    expect(said(due(review, '2026-11-10T09:00:00Z', 'report.'), 'daysUntilDue')).toEqual([
      ['due-2026-11-12.before-2', '2026-11-10T09:00:00.000Z', 2],
    ]);
  });

  it('sends one that fell earlier on the day of the change at the change, with that day’s count', () => {
    // Changed at 11:00 to Wednesday 11th: its 2-day reminder fell at 09:00 that morning.
    const review = moved('2026-11-11');
    expect(said(due(review, '2026-11-09T10:59:00Z', 'report.'), 'daysUntilDue')).toEqual([]);
    expect(said(due(review, '2026-11-09T11:00:00Z', 'report.'), 'daysUntilDue')).toEqual([
      ['due-2026-11-11.before-2', '2026-11-09T11:00:00.000Z', 2],
    ]);
  });
});

describe('a meeting moved by hand', () => {
  // Booked on 1 November for Monday 30 November; moved on Friday 20 November at 14:00 to Tuesday 24th.
  const review = reviewWith({
    meetings: [
      meetingWith({
        scheduledAt: at('2026-11-01T10:00:00Z'),
        startsAt: at('2026-11-24T10:00:00Z'),
        startsAtSetAt: at('2026-11-20T14:00:00Z'),
        invitations: [
          {
            personId: 'person-p1',
            invitedAt: at('2026-11-01T10:00:00Z'),
            response: 'attending',
            respondedAt: at('2026-11-02T10:00:00Z'),
          },
        ],
      }),
    ],
  });

  it('is not reminded a week before, a week that had passed when it was moved; the day before, it is', () => {
    expect(said(due(review, '2026-11-20T15:00:00Z', 'meeting.reminder'), 'daysUntilStart')).toEqual([]);
    expect(said(due(review, '2026-11-23T09:00:00Z', 'meeting.reminder'), 'daysUntilStart')).toEqual([
      ['starts-2026-11-24.before-1', '2026-11-23T09:00:00.000Z', 1],
    ]);
  });

  it('has its invitation sent again for the new start, from the move', () => {
    const invited = reviewWith({
      meetings: [{ ...review.meetings[0], invitations: [{ ...review.meetings[0].invitations[0], response: null }] }],
    });
    expect(due(invited, '2026-11-20T14:00:00Z', 'meeting.invitation')).toEqual([
      expect.objectContaining({
        occasion: 'starts-2026-11-24T100000Z',
        dueAt: at('2026-11-20T14:00:00Z'),
        facts: expect.objectContaining({ startsOn: '2026-11-24' }),
      }),
    ]);
  });
});

describe('a Consideration Meeting rebooked after a pause moved the deadline', () => {
  // Notified 20 October (deadline 1 December); booked on 27 October for 26 November; paused 2 to 9
  // November (the deadline moves to 8 December); rebooked on 20 November for 10 December.
  const review = reviewWith({
    pauses: [
      {
        id: 'p',
        category: 'criminal_proceedings' as const,
        note: 'trial',
        startedAt: at('2026-11-02T10:00:00Z'),
        endedAt: at('2026-11-09T10:00:00Z'),
      },
    ],
    meetings: [
      meetingWith({
        id: 'cm',
        scheduledAt: at('2026-10-27T10:00:00Z'),
        startsAt: at('2026-12-10T10:00:00Z'),
        startsAtSetAt: at('2026-11-20T15:00:00Z'),
      }),
    ],
  });

  it('alerts the committee Chair when it is rebooked for after day 42, which a pause does not move (001 §6)', () => {
    expect(said(due(review, '2026-11-20T15:00:00Z', 'deadline42.meeting'), 'daysLeft')).toEqual([
      ['standard-2026-12-01.starts-2026-12-10', '2026-11-20T15:00:00.000Z', 18],
    ]);
    // A meeting rebooked within the planning date but after the standard's own date is alerted too.
    const withinPlan = {
      ...review,
      meetings: [{ ...review.meetings[0], startsAt: at('2026-12-04T10:00:00Z') }],
    };
    expect(said(due(withinPlan, '2026-11-20T15:00:00Z', 'deadline42.meeting'), 'standardDaysLeft')).toEqual([
      ['standard-2026-12-01.starts-2026-12-04', '2026-11-20T15:00:00.000Z', 11],
    ]);
  });
});

describe('a pause recorded after it happened', () => {
  it('moves the deadline without sending the moved series’ alerts dated before it was recorded', () => {
    // Deadline 1 December; paused 2 to 5 November, recorded only on 23 November: the deadline is
    // 4 December, and its 14-days-left alert (20 November) had passed when the pause was recorded.
    const review = reviewWith({
      meetings: [meetingWith()],
      pauses: [
        {
          id: 'p',
          category: 'criminal_proceedings' as const,
          note: 'trial',
          startedAt: at('2026-11-02T10:00:00Z'),
          endedAt: at('2026-11-05T10:00:00Z'),
          recordedAt: at('2026-11-23T11:00:00Z'),
          endRecordedAt: at('2026-11-23T11:00:00Z'),
        },
      ],
    });
    expect(said(due(review, '2026-11-23T12:00:00Z', 'deadline42.'), 'daysLeft')).toEqual([]);
    expect(said(due(review, '2026-11-27T09:00:00Z', 'deadline42.'), 'daysLeft')).toEqual([
      ['deadline-2026-12-04.left-7', '2026-11-27T09:00:00.000Z', 7],
    ]);
  });

  it('whose end was recorded late keeps the report quiet until then, and counts from that day', () => {
    // Due 12 November; paused 2 to 9 November (due the 19th), the resume recorded on the 16th.
    const review = reviewWith({
      reportRequests: [reportRequestWith({ dueOn: '2026-11-12' })],
      pauses: [
        {
          id: 'p',
          category: 'criminal_proceedings' as const,
          note: 'trial',
          startedAt: at('2026-11-02T10:00:00Z'),
          endedAt: at('2026-11-09T10:00:00Z'),
          endRecordedAt: at('2026-11-16T11:00:00Z'),
        },
      ],
    });
    expect(said(due(review, '2026-11-16T12:00:00Z', 'report.'), 'daysUntilDue')).toEqual([]);
    expect(said(due(review, '2026-11-17T09:00:00Z', 'report.'), 'daysUntilDue')).toEqual([
      ['due-2026-11-19.before-2', '2026-11-17T09:00:00.000Z', 2],
    ]);
  });
});

describe('a review entered after its notification', () => {
  // Notified 20 October (deadline 1 December), entered in the bot on Friday 20 November at 11:00.
  const review = reviewWith({ recordedAt: at('2026-11-20T11:00:00Z') });

  it('does not send the countdown alerts that fell before it was entered', () => {
    expect(said(due(review, '2026-11-20T12:00:00Z', 'deadline42.days-left'), 'daysLeft')).toEqual([]);
    expect(said(due(review, '2026-11-24T09:00:00Z', 'deadline42.days-left'), 'daysLeft')).toEqual([
      ['deadline-2026-12-01.left-7', '2026-11-24T09:00:00.000Z', 7],
    ]);
  });

  it('tells the chair at once that no Consideration Meeting is booked, with the days left that day', () => {
    expect(said(due(review, '2026-11-20T11:00:00Z', 'deadline42.no-meeting'), 'daysLeft')).toEqual([
      ['deadline-2026-12-01.no-meeting-left-14', '2026-11-20T11:00:00.000Z', 11],
    ]);
  });
});

describe('a decision and a milestone recorded after they happened', () => {
  const decided = {
    status: 'in_review' as const,
    reviewTemplateId: 'tier-2-3',
    decision: { outcome: 'proceed' as const, decidedAt: at('2026-12-01T15:00:00Z') },
  };

  it('a decision recorded three months late alerts a late milestone when it is recorded, with the true days late', () => {
    const review = reviewWith({
      ...decided,
      decision: { ...decided.decision, recordedAt: at('2027-03-03T11:00:00Z') },
    });
    // Review Team Meeting 1 was planned for 29 December: on 3 March it is 64 days late.
    const [late] = due(review, '2027-03-03T11:00:00Z', 'milestone.late').filter(
      (intent) => intent.subject.id === 'review-team-meeting-1',
    );
    expect([late.occasion, late.dueAt.toISOString(), late.facts.daysLate]).toEqual([
      'planned-2026-12-29.late-7d',
      '2027-03-03T11:00:00.000Z',
      64,
    ]);
    expect(due(review, '2027-03-03T10:59:00Z', 'milestone.late')).toEqual([]);
  });

  it('a milestone recorded late re-plans the next, which is alerted from then with the true days late', () => {
    // Review Team Meeting 1, recorded on 3 March as held on 20 January: Meeting 2 is planned three
    // weeks later, 10 February, and is 21 days late on 3 March.
    const review = reviewWith({
      ...decided,
      milestones: [
        {
          stepId: 'review-team-meeting-1',
          completedAt: at('2027-01-20T10:00:00Z'),
          skipped: false,
          recordedAt: at('2027-03-03T11:00:00Z'),
        },
      ],
    });
    const second = (now: string) =>
      said(
        due(review, now, 'milestone.late').filter((intent) => intent.subject.id === 'review-team-meeting-2'),
        'daysLate',
      );
    expect(second('2027-03-03T10:00:00Z')).toEqual([]);
    expect(second('2027-03-03T11:00:00Z')).toEqual([['planned-2027-02-10.late-7d', '2027-03-03T11:00:00.000Z', 21]]);
  });
});
