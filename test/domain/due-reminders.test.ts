import {
  dueReminders,
  dueRemindersForAll,
  recipientTone,
  type ReminderIntent,
  type Review,
  UnknownTemplateError,
} from '../../src/domain';
import { createEngineContext } from '../../src/templates/load-templates';
import { invitationWith, meetingWith, reportRequestWith, reviewWith } from '../fixtures/synthetic-reviews';

const context = createEngineContext();
const at = (iso: string) => new Date(iso);
const KEY = 'lr1:tenant-1:review-1';

function due(review: Review, now: string, rulePrefix = ''): ReminderIntent[] {
  return dueReminders(review, context, at(now)).filter((intent) => intent.rule.startsWith(rulePrefix));
}

function keys(review: Review, now: string, rulePrefix = ''): string[] {
  return due(review, now, rulePrefix).map((intent) => intent.key);
}

describe('single-agency reports (7 and 2 days before, on the day, every 3 working days overdue, escalate at 5)', () => {
  // Requested Thursday 22 October, due Tuesday 10 November 2026 (GMT, so 09:00 local is 09:00Z).
  const booked = meetingWith({ scheduledAt: at('2026-10-21T09:00:00Z') });
  const review = reviewWith({ reportRequests: [reportRequestWith()], meetings: [booked] });
  const series = `${KEY}:report.%s:report_request:report-1:due-2026-11-10.%s`;
  const key = (rule: string, occasion: string) => series.replace('%s', rule).replace('%s', occasion);

  // Two days before is Sunday 8 November, so that reminder goes out on Friday the 6th.
  it.each([
    ['2026-11-03T08:59:00Z', []],
    ['2026-11-03T09:00:00Z', [key('before-due', 'before-7')]],
    ['2026-11-06T08:59:00Z', [key('before-due', 'before-7')]],
    ['2026-11-06T09:00:00Z', [key('before-due', 'before-2')]],
    ['2026-11-08T09:00:00Z', [key('before-due', 'before-2')]],
    ['2026-11-10T09:00:00Z', [key('due-today', 'due-day')]],
    // Past the due date and before the first overdue day, a sweep catching up sends no late "due today".
    ['2026-11-12T18:00:00Z', []],
    ['2026-11-13T09:00:00Z', [key('overdue', 'overdue-2026-11-13')]],
    ['2026-11-17T09:00:00Z', [key('overdue', 'overdue-2026-11-13'), key('escalation', 'escalate')]],
    ['2026-11-18T09:00:00Z', [key('overdue', 'overdue-2026-11-18'), key('escalation', 'escalate')]],
  ])('at %s', (now, expected) => {
    expect(keys(review, now, 'report.')).toEqual(expected);
  });

  it('asks the author the Senior Manager named before the due date, and the Senior Manager without one (001 §6)', () => {
    expect(due(review, '2026-11-03T09:00:00Z', 'report.')[0].audience).toEqual([
      { role: 'report_author', personId: 'person-author' },
    ]);
    const unnamed = { ...review, reportRequests: [reportRequestWith({ authorPersonId: null })] };
    expect(due(unnamed, '2026-11-03T09:00:00Z', 'report.')[0].audience).toEqual([
      { role: 'senior_manager', personId: 'person-sm' },
    ]);
  });

  it('while it is not yet received reminds the Senior Manager and the author; escalates to the Senior Manager and the Lead Officer (001 §6)', () => {
    const [overdue] = due(review, '2026-11-13T09:00:00Z', 'report.');
    expect(overdue.rule).toBe('report.overdue');
    // Each is worded by their role: "overdue" to the Senior Manager, "not yet received" to the author.
    expect(overdue.audience.map((a) => [a.role, a.personId, recipientTone(a.role)])).toEqual([
      ['senior_manager', 'person-sm', 'accountable'],
      ['report_author', 'person-author', 'not-yet-received'],
    ]);
    const [reminder, escalation] = due(review, '2026-11-17T09:00:00Z', 'report.');
    expect(reminder.audience).toEqual([
      { role: 'senior_manager', personId: 'person-sm' },
      { role: 'report_author', personId: 'person-author' },
    ]);
    expect(escalation.audience).toEqual([
      { role: 'senior_manager', personId: 'person-sm' },
      { role: 'lead_officer', personId: 'person-lead' },
    ]);
    expect(escalation).toMatchObject({
      severity: 'alert',
      dueAt: at('2026-11-17T09:00:00Z'),
      subject: { type: 'report_request', id: 'report-1' },
    });
    expect(escalation.facts).toEqual({
      reference: 'LR-2026-001',
      subjectPseudonym: 'Child A',
      reviewKind: 'CP',
      agencyName: 'NHS Lothian',
      dueOn: '2026-11-10',
      originalDueOn: '2026-11-10',
      daysUntilDue: -7,
    });
  });

  it('falls back to the agency’s Senior Manager member when there is no author, and names the gap when there is none', () => {
    const noAuthor = reportRequestWith({ authorPersonId: null, seniorManagerPersonId: null });
    const withManager = {
      ...review,
      reportRequests: [noAuthor],
      members: [...review.members, { personId: 'sm-2', role: 'senior_manager' as const, agencyId: 'agency-nhs' }],
    };
    expect(due(withManager, '2026-11-10T09:00:00Z', 'report.')[0].audience).toEqual([
      { role: 'senior_manager', personId: 'sm-2' },
    ]);
    expect(due({ ...review, reportRequests: [noAuthor] }, '2026-11-10T09:00:00Z', 'report.')[0].audience).toEqual([
      { role: 'senior_manager', personId: null },
    ]);
  });

  it('counts overdue working days over St Andrew’s Day and Christmas in Scotland', () => {
    const late = {
      ...review,
      reportRequests: [reportRequestWith({ dueOn: '2026-11-25', requestedAt: at('2026-11-01T10:00:00Z') })],
    };
    // 26, 27 November, (30th St Andrew's Day), 1 December; escalation 5 working days: 3 December.
    expect(keys(late, '2026-12-01T09:00:00Z', 'report.')).toEqual([
      key('overdue', 'overdue-2026-12-01').replace('2026-11-10', '2026-11-25'),
    ]);
    expect(keys(late, '2026-12-02T09:00:00Z', 'report.escalation')).toEqual([]);
    expect(keys(late, '2026-12-03T09:00:00Z', 'report.escalation')).toHaveLength(1);
    const christmas = {
      ...review,
      reportRequests: [reportRequestWith({ dueOn: '2026-12-23', requestedAt: at('2026-12-01T10:00:00Z') })],
    };
    // 24, 29, 30 December.
    expect(keys(christmas, '2026-12-30T09:00:00Z', 'report.overdue')[0]).toMatch(/overdue-2026-12-30$/);
    expect(keys(christmas, '2026-12-29T23:00:00Z', 'report.overdue')).toEqual([]);
  });

  it('never predates the request: due in 5 days, no 7-day reminder', () => {
    const short = { ...review, reportRequests: [reportRequestWith({ requestedAt: at('2026-11-05T10:00:00Z') })] };
    expect(keys(short, '2026-11-06T08:59:00Z', 'report.')).toEqual([]);
    // Two days before falls on Sunday: the reminder goes out on Friday and says 4 days are left.
    expect(due(short, '2026-11-06T09:00:00Z', 'report.')).toEqual([
      expect.objectContaining({
        key: key('before-due', 'before-2'),
        facts: expect.objectContaining({ daysUntilDue: 4 }),
      }),
    ]);
  });

  it('is silent once submitted or withdrawn, while paused, and for a closed review', () => {
    const now = '2026-11-13T09:00:00Z';
    expect(
      keys(
        {
          ...review,
          reportRequests: [reportRequestWith({ status: 'submitted', submittedAt: at('2026-11-12T10:00:00Z') })],
        },
        now,
        'report.',
      ),
    ).toEqual([]);
    expect(keys({ ...review, reportRequests: [reportRequestWith({ status: 'withdrawn' })] }, now, 'report.')).toEqual(
      [],
    );
    expect(
      keys(
        {
          ...review,
          pauses: [
            {
              id: 'p',
              category: 'criminal_proceedings' as const,
              note: 'trial',
              startedAt: at('2026-11-11T10:00:00Z'),
              endedAt: null,
            },
          ],
        },
        now,
      ),
    ).toEqual([]);
    expect(keys({ ...review, status: 'closed' }, now)).toEqual([]);
    expect(keys({ ...review, status: 'cancelled' }, now)).toEqual([]);
  });

  it('moves the due date by a pause and names the moved date in the key', () => {
    const paused = {
      ...review,
      pauses: [
        {
          id: 'p',
          category: 'criminal_proceedings' as const,
          note: 'trial',
          startedAt: at('2026-11-02T10:00:00Z'),
          endedAt: at('2026-11-06T10:00:00Z'),
        },
      ],
    };
    expect(keys(paused, '2026-11-14T09:00:00Z', 'report.')).toEqual([
      key('due-today', 'due-day').replace('2026-11-10', '2026-11-14'),
    ]);
  });
});

describe('the 42-day standard: 14, 7, 2 days left, on the day, daily overdue', () => {
  const review = reviewWith({ meetings: [meetingWith()] });
  const key = (rule: string, occasion: string) =>
    `${KEY}:deadline42.${rule}:decision_deadline:review-1:deadline-2026-12-01.${occasion}`;

  it.each([
    ['2026-11-17T08:59:00Z', []],
    ['2026-11-17T09:00:00Z', [key('days-left', 'left-14')]],
    ['2026-11-24T09:00:00Z', [key('days-left', 'left-7')]],
    ['2026-11-29T09:00:00Z', [key('days-left', 'left-2')]],
    ['2026-12-01T09:00:00Z', [key('on-the-day', 'on-the-day')]],
    ['2026-12-02T09:00:00Z', [key('overdue', 'overdue-2026-12-02')]],
    // Saturday 5 and Sunday 6 December are not working days: the next alert goes out on Monday.
    ['2026-12-05T10:00:00Z', [key('overdue', 'overdue-2026-12-04')]],
    ['2026-12-07T09:00:00Z', [key('overdue', 'overdue-2026-12-07')]],
  ])('at %s', (now, expected) => {
    expect(keys(review, now, 'deadline42.')).toEqual(expected);
  });

  it('alerts the committee Chair, who chairs the Consideration Meeting, and the Lead Officer, with the countdown facts (001 §4–§6)', () => {
    const [alert] = due(review, '2026-11-24T09:00:00Z', 'deadline42.');
    expect(alert.audience).toEqual([
      { role: 'committee_chair', personId: 'person-chair' },
      { role: 'lead_officer', personId: 'person-lead' },
    ]);
    expect(alert.facts).toMatchObject({
      deadline: '2026-12-01',
      originalDeadline: '2026-12-01',
      daysLeft: 7,
      standardDays: 42,
      daysUsed: 35,
      standardDaysLeft: 7,
      pausedDays: 0,
      pauseCategory: null,
    });
  });

  it('shows the real days used and left beside the pause in every alert (001 §6)', () => {
    const paused = {
      ...review,
      meetings: [meetingWith({ scheduledAt: at('2026-10-27T14:00:00Z'), startsAt: at('2026-12-08T10:00:00Z') })],
      pauses: [
        {
          id: 'p1',
          category: 'criminal_proceedings' as const,
          note: 'Trial',
          startedAt: at('2026-11-02T10:00:00Z'),
          endedAt: at('2026-11-12T10:00:00Z'),
        },
      ],
    };
    // The planning date moved to 11 December; 7 days before it is 4 December, past the standard's date.
    const [alert] = due(paused, '2026-12-04T09:00:00Z', 'deadline42.days-left');
    expect(alert.facts).toMatchObject({
      deadline: '2026-12-11',
      daysLeft: 7,
      daysUsed: 45,
      standardDaysLeft: -3,
      pausedDays: 10,
      pauseCategory: 'criminal_proceedings',
    });
    expect(JSON.stringify(alert.facts)).not.toContain('Trial');
  });

  it('says who is missing when nobody holds a role', () => {
    const noChair = {
      ...review,
      committeeMembers: review.committeeMembers.filter((member) => member.role !== 'committee_chair'),
    };
    expect(due(noChair, '2026-11-24T09:00:00Z', 'deadline42.')[0].audience).toContainEqual({
      role: 'committee_chair',
      personId: null,
    });
  });

  it('alerts when no Consideration Meeting is booked with 14 days left, until one is', () => {
    const none = reviewWith();
    const alert = due(none, '2026-11-17T09:00:00Z', 'deadline42.no-meeting');
    expect(alert.map((intent) => [intent.key, intent.dueAt.toISOString()])).toEqual([
      [
        `${KEY}:deadline42.no-meeting:decision_deadline:review-1:deadline-2026-12-01.no-meeting-left-14`,
        '2026-11-17T09:00:00.000Z',
      ],
    ]);
    expect(keys(none, '2026-11-17T08:59:00Z', 'deadline42.no-meeting')).toEqual([]);
    const bookedLater = { ...none, meetings: [meetingWith({ scheduledAt: at('2026-11-18T10:00:00Z') })] };
    expect(keys(bookedLater, '2026-11-17T12:00:00Z', 'deadline42.no-meeting')).toHaveLength(1);
    expect(keys(bookedLater, '2026-11-18T10:00:00Z', 'deadline42.no-meeting')).toEqual([]);
  });

  it('alerts at once when the meeting is booked after day 42, the standard’s own date', () => {
    const late = reviewWith({
      meetings: [
        meetingWith({ id: 'cm', startsAt: at('2026-12-03T10:00:00Z'), scheduledAt: at('2026-11-02T15:30:00Z') }),
      ],
    });
    expect(keys(late, '2026-11-02T15:29:00Z', 'deadline42.meeting')).toEqual([]);
    const [alert] = due(late, '2026-11-02T15:30:00Z', 'deadline42.meeting');
    expect(alert).toMatchObject({
      key: `${KEY}:deadline42.meeting-after-deadline:meeting:cm:standard-2026-12-01.starts-2026-12-03`,
      dueAt: at('2026-11-02T15:30:00Z'),
      severity: 'alert',
    });
  });

  it('stops once the decision is made or while the clock is paused, and counts to the moved deadline after', () => {
    expect(
      keys(
        { ...review, decision: { outcome: 'proceed', decidedAt: at('2026-11-20T10:00:00Z') } },
        '2026-11-24T09:00:00Z',
        'deadline42.',
      ),
    ).toEqual([]);
    const pause = {
      id: 'p',
      category: 'criminal_proceedings' as const,
      note: 'criminal proceedings',
      startedAt: at('2026-11-20T10:00:00Z'),
      endedAt: null,
    };
    expect(keys({ ...review, pauses: [pause] }, '2026-11-24T09:00:00Z', 'deadline42.')).toEqual([]);
    const resumed = { ...review, pauses: [{ ...pause, endedAt: at('2026-11-27T10:00:00Z') }] };
    // 7 days paused: the deadline is now 8 December and 7 days are left on 1 December.
    expect(keys(resumed, '2026-12-01T09:00:00Z', 'deadline42.')).toEqual([
      `${KEY}:deadline42.days-left:decision_deadline:review-1:deadline-2026-12-08.left-7`,
    ]);
  });
});

describe('after a pause moves a deadline, nothing of the moved series is due before the clock resumed', () => {
  const pause = (startedAt: string, endedAt: string) => ({
    id: 'p',
    category: 'criminal_proceedings' as const,
    note: 'criminal proceedings',
    startedAt: at(startedAt),
    endedAt: at(endedAt),
  });
  const counts = (intents: ReminderIntent[]) =>
    intents.map((intent) => [
      intent.key.replace(`${KEY}:`, ''),
      intent.dueAt.toISOString(),
      intent.facts.daysLeft ?? intent.facts.daysUntilDue,
    ]);
  /** Notified 5 January 2026 (deadline 16 February), Consideration Meeting booked for 12 February, paused once. */
  const pausedOnce = (startedAt: string, endedAt: string) =>
    reviewWith({
      notifiedAt: at('2026-01-05T10:00:00Z'),
      meetings: [meetingWith({ scheduledAt: at('2026-01-10T10:00:00Z'), startsAt: at('2026-02-12T10:00:00Z') })],
      pauses: [pause(startedAt, endedAt)],
    });

  it('does not re-send the 14-days-left alert, dated before the resume, with a count that is not true', () => {
    // Deadline 16 February; left-14 went on 2 February. Paused 4 to 5 February: the deadline is now the 17th.
    const review = pausedOnce('2026-02-04T10:00:00Z', '2026-02-05T10:00:00Z');
    expect(counts(due(review, '2026-02-05T11:00:00Z', 'deadline42.'))).toEqual([]);
    expect(counts(due(review, '2026-02-09T12:00:00Z', 'deadline42.'))).toEqual([]);
    expect(counts(due(review, '2026-02-10T09:00:00Z', 'deadline42.'))).toEqual([
      ['deadline42.days-left:decision_deadline:review-1:deadline-2026-02-17.left-7', '2026-02-10T09:00:00.000Z', 7],
    ]);
  });

  it('sends an occasion that falls on the day the clock resumes at the resume, not earlier that morning', () => {
    // Paused at 08:00 on the deadline day, before its 09:00 alert; resumed at 10:00 the next day.
    const review = pausedOnce('2026-02-16T08:00:00Z', '2026-02-17T10:00:00Z');
    expect(counts(due(review, '2026-02-17T09:30:00Z', 'deadline42.'))).toEqual([]);
    expect(counts(due(review, '2026-02-17T10:00:00Z', 'deadline42.'))).toEqual([
      [
        'deadline42.on-the-day:decision_deadline:review-1:deadline-2026-02-17.on-the-day',
        '2026-02-17T10:00:00.000Z',
        0,
      ],
    ]);
  });

  it('does not re-send a report reminder of the moved due date that fell before the resume', () => {
    // Due 10 November, before-7 went on 3 November; paused 5 to 6 November: due on the 11th.
    const review = reviewWith({
      reportRequests: [reportRequestWith()],
      pauses: [pause('2026-11-05T10:00:00Z', '2026-11-06T10:00:00Z')],
    });
    expect(counts(due(review, '2026-11-06T10:30:00Z', 'report.'))).toEqual([]);
    expect(counts(due(review, '2026-11-09T09:00:00Z', 'report.'))).toEqual([
      ['report.before-due:report_request:report-1:due-2026-11-11.before-2', '2026-11-09T09:00:00.000Z', 2],
    ]);
  });

  it('sends what fell due while paused at the next 09:00, once a day, with the count of that day', () => {
    // Due 1 August, already overdue when paused on 7 August: the pause does not move it.
    // Overdue every 3 working days: 6, 11, 14, 19, 24 August; escalation on 10 August.
    const report = reportRequestWith({ requestedAt: at('2026-07-31T08:00:00Z'), dueOn: '2026-08-01' });
    const pausedUntil = (endedAt: string) =>
      reviewWith({
        notifiedAt: at('2026-07-31T08:00:00Z'),
        reportRequests: [report],
        pauses: [pause('2026-08-07T19:00:00Z', endedAt)],
      });
    // Resumed at 07:00 on Monday 24 August: the 19 August reminder is superseded by the 24th's at 09:00.
    const monday = pausedUntil('2026-08-24T06:00:00Z');
    expect(counts(due(monday, '2026-08-24T07:30:00Z', 'report.'))).toEqual([]);
    expect(counts(due(monday, '2026-08-24T08:00:00Z', 'report.'))).toEqual([
      ['report.overdue:report_request:report-1:due-2026-08-01.overdue-2026-08-24', '2026-08-24T08:00:00.000Z', -23],
      ['report.escalation:report_request:report-1:due-2026-08-01.escalate', '2026-08-24T08:00:00.000Z', -23],
    ]);
    // Resumed at 07:00 on Friday 21 August: the 19 August reminder goes at 09:00, counted that day.
    const friday = pausedUntil('2026-08-21T06:00:00Z');
    expect(counts(due(friday, '2026-08-21T08:00:00Z', 'report.overdue'))).toEqual([
      ['report.overdue:report_request:report-1:due-2026-08-01.overdue-2026-08-19', '2026-08-21T08:00:00.000Z', -20],
    ]);
  });

  it('does not repeat the no-meeting alert, already given, for the moved deadline', () => {
    // Deadline 1 December, no meeting: alerted 17 November. Paused 20 to 23 November: deadline 4 December.
    const review = reviewWith({ pauses: [pause('2026-11-20T10:00:00Z', '2026-11-23T10:00:00Z')] });
    expect(counts(due(review, '2026-11-23T11:00:00Z', 'deadline42.no-meeting'))).toEqual([]);
  });

  it('alerts once for a meeting booked after the deadline: at the booking, or at the resume if booked while paused', () => {
    const meeting = meetingWith({
      id: 'cm',
      startsAt: at('2026-12-10T10:00:00Z'),
      scheduledAt: at('2026-11-02T15:30:00Z'),
    });
    const paused = [pause('2026-11-10T10:00:00Z', '2026-11-13T10:00:00Z')];
    const bookedBefore = reviewWith({ meetings: [meeting], pauses: paused });
    const alerted = [
      'deadline42.meeting-after-deadline:meeting:cm:standard-2026-12-01.starts-2026-12-10',
      '2026-11-02T15:30:00.000Z',
      29,
    ];
    expect(counts(due(bookedBefore, '2026-11-02T15:30:00Z', 'deadline42.meeting'))).toEqual([alerted]);
    // After the pause the meeting is still after day 42, and the alert already given keeps its key
    // and its time, so the outbox does not send it again.
    expect(counts(due(bookedBefore, '2026-11-13T11:00:00Z', 'deadline42.meeting')).map((c) => c.slice(0, 2))).toEqual([
      alerted.slice(0, 2),
    ]);
    const bookedWhilePaused = reviewWith({
      meetings: [{ ...meeting, scheduledAt: at('2026-11-11T12:00:00Z') }],
      pauses: paused,
    });
    expect(counts(due(bookedWhilePaused, '2026-11-13T11:00:00Z', 'deadline42.meeting'))).toEqual([
      [
        'deadline42.meeting-after-deadline:meeting:cm:standard-2026-12-01.starts-2026-12-10',
        '2026-11-13T10:00:00.000Z',
        21,
      ],
    ]);
  });
});

describe('meetings: invitation, 7 and 1 days before, nudge after 3 working days, attendance list 2 working days before', () => {
  // Booked Tuesday 27 October 14:00 for Thursday 26 November 10:00.
  const meeting = meetingWith({
    invitations: [
      invitationWith({ personId: 'p1' }),
      invitationWith({ personId: 'p2', response: 'attending', respondedAt: at('2026-10-28T09:00:00Z') }),
      invitationWith({ personId: 'p3', response: 'not_attending', respondedAt: at('2026-10-28T09:00:00Z') }),
    ],
  });
  const review = reviewWith({ meetings: [meeting] });

  it('invites at the moment of booking, not before', () => {
    expect(keys(review, '2026-10-27T13:59:00Z', 'meeting.')).toEqual([]);
    expect(due(review, '2026-10-27T14:00:00Z', 'meeting.')).toEqual([
      expect.objectContaining({
        key: `${KEY}:meeting.invitation:invitation:meeting-1%2Fp1:starts-2026-11-26T100000Z`,
        dueAt: at('2026-10-27T14:00:00Z'),
        audience: [{ role: 'practitioner', personId: 'p1' }],
      }),
    ]);
  });

  it('nudges an invitee who has not answered after 3 working days', () => {
    expect(keys(review, '2026-10-30T09:00:00Z', 'meeting.rsvp-nudge')).toEqual([
      `${KEY}:meeting.rsvp-nudge:invitation:meeting-1%2Fp1:invited-2026-10-27.no-answer`,
    ]);
    expect(keys(review, '2026-10-29T12:00:00Z', 'meeting.rsvp-nudge')).toEqual([]);
  });

  it('reminds the chair and those not declining 7 days and 1 day before', () => {
    const [weekBefore] = due(review, '2026-11-19T09:00:00Z', 'meeting.reminder');
    expect(weekBefore.key).toBe(`${KEY}:meeting.reminder:meeting:meeting-1:starts-2026-11-26.before-7`);
    expect(weekBefore.audience).toEqual([
      { role: 'committee_chair', personId: 'person-chair' },
      { role: 'practitioner', personId: 'p1' },
      { role: 'practitioner', personId: 'p2' },
    ]);
    expect(keys(review, '2026-11-25T09:00:00Z', 'meeting.reminder')).toEqual([
      `${KEY}:meeting.reminder:meeting:meeting-1:starts-2026-11-26.before-1`,
    ]);
  });

  it('sends the attendance list with counts 2 working days before (over St Andrew’s Day)', () => {
    const thursday = { ...review, meetings: [{ ...meeting, startsAt: at('2026-12-03T10:00:00Z') }] };
    // Two working days before Thursday 3 December: Tuesday 1 December.
    expect(keys(thursday, '2026-12-01T08:59:00Z', 'meeting.attendance-list')).toEqual([]);
    const [list] = due(thursday, '2026-12-01T09:00:00Z', 'meeting.attendance-list');
    // The chair, the lead officer who organises it, and the administrators.
    expect(list.audience).toEqual([
      { role: 'committee_chair', personId: 'person-chair' },
      { role: 'lead_officer', personId: 'person-lead' },
      { role: 'administrator', personId: 'person-admin' },
    ]);
    expect(list.facts).toMatchObject({
      invited: 3,
      attending: 1,
      notAttending: 1,
      tentative: 0,
      noAnswer: 1,
      meetingKind: 'consideration_meeting',
      meetingStartsAt: '2026-12-03T10:00:00.000Z',
    });
    const monday = { ...review, meetings: [{ ...meeting, startsAt: at('2026-12-01T10:00:00Z') }] };
    // Two working days before Tuesday 1 December in Scotland: Thursday 26 November.
    expect(keys(monday, '2026-11-26T09:00:00Z', 'meeting.attendance-list')).toHaveLength(1);
  });

  it('says nothing about a cancelled or held meeting but that it is cancelled, or once it has started', () => {
    // Each invitee who had not declined is told it is cancelled (meeting-cancelled.test.ts); nothing else.
    expect(
      due({ ...review, meetings: [{ ...meeting, status: 'cancelled' }] }, '2026-11-25T09:00:00Z', 'meeting.').map(
        (intent) => intent.rule,
      ),
    ).toEqual(['meeting.cancelled', 'meeting.cancelled']);
    expect(keys({ ...review, meetings: [{ ...meeting, status: 'held' }] }, '2026-11-25T09:00:00Z', 'meeting.')).toEqual(
      [],
    );
    expect(keys(review, '2026-11-26T10:00:00Z', 'meeting.')).toEqual([]);
  });

  it('is due at 09:00 local in summer time too', () => {
    const summer = reviewWith({
      notifiedAt: at('2026-05-20T10:00:00Z'),
      meetings: [meetingWith({ startsAt: at('2026-07-10T09:00:00Z'), scheduledAt: at('2026-06-01T09:00:00Z') })],
    });
    expect(due(summer, '2026-07-03T08:00:00Z', 'meeting.reminder')[0].dueAt).toEqual(at('2026-07-03T08:00:00Z'));
  });
});

describe('the review stage (001 §7, §9)', () => {
  const review = reviewWith({
    status: 'in_review',
    reviewTemplateId: 'tier-2-3',
    decision: { outcome: 'proceed', decidedAt: at('2026-12-01T15:00:00Z') },
  });

  it('alerts the step’s owner and the Review Team Chair, who keeps the timetable, when a step is a week late (001 Appendix 2)', () => {
    // Review Team Meeting 1 is planned 4 weeks after the decision: 29 December; a week late on 5 January.
    expect(keys(review, '2027-01-04T12:00:00Z', 'milestone.')).not.toContain(
      expect.stringContaining('review-team-meeting-1'),
    );
    const withChair = {
      ...review,
      members: [...review.members, { personId: 'person-rtc', role: 'review_team_chair' as const, agencyId: null }],
    };
    const late = due(withChair, '2027-01-05T09:00:00Z', 'milestone.').find(
      (intent) => intent.subject.id === 'review-team-meeting-1',
    );
    expect(late).toMatchObject({
      key: `${KEY}:milestone.late:milestone:review-team-meeting-1:planned-2026-12-29.late-7d`,
      audience: [{ role: 'review_team_chair', personId: 'person-rtc' }],
      facts: expect.objectContaining({ plannedDate: '2026-12-29', daysLate: 7, stepOwnerRole: 'review_team_chair' }),
    });
    // Terms of Reference are the Public Protection Manager's (001 §7): they hear, beside the Review Team Chair.
    const terms = due(withChair, '2027-01-05T09:00:00Z', 'milestone.').find(
      (intent) => intent.subject.id === 'terms-of-reference',
    );
    expect(terms?.audience).toEqual([
      { role: 'public_protection_manager', personId: null },
      { role: 'review_team_chair', personId: 'person-rtc' },
    ]);
  });

  it('tells the Lead Officer of a late Tier 1 step: Tier 1 has no Review Team (000)', () => {
    const tier1 = reviewWith({
      status: 'in_review',
      reviewTemplateId: 'tier-1',
      decision: { outcome: 'proceed', decidedAt: at('2026-11-10T15:00:00Z') },
    });
    // Notified 20 October: the week-6 steps are planned for 1 December, a week late on 8 December.
    const late = due(tier1, '2026-12-08T09:00:00Z', 'milestone.').find(
      (intent) => intent.subject.id === 'information-reviewed',
    );
    expect(late?.audience).toEqual([
      { role: 'reviewer', personId: null },
      { role: 'lead_officer', personId: 'person-lead' },
    ]);
  });

  it('alerts the Review Team Chair, the Lead Officer and the Sub-group at six and nine months, until the review is complete (001 §7)', () => {
    const done = { ...review, milestones: [] };
    // 09:00 British Summer Time is 08:00Z.
    expect(keys(done, '2027-06-01T07:59:00Z', 'review.')).toEqual([]);
    expect(keys(done, '2027-06-01T08:00:00Z', 'review.')).toEqual([
      `${KEY}:review.timescale-target:review:review-1:decided-2026-12-01.target-2027-06-01`,
    ]);
    const [limit] = due(done, '2027-09-01T08:00:00Z', 'review.');
    expect(limit.key).toBe(`${KEY}:review.timescale-limit:review:review-1:decided-2026-12-01.limit-2027-09-01`);
    expect(limit.audience).toEqual([
      { role: 'review_team_chair', personId: null },
      { role: 'lead_officer', personId: 'person-lead' },
      { role: 'subgroup_member', personId: null },
    ]);
    expect(limit.facts).toMatchObject({ daysElapsed: 274, pausedDays: 0, countsFrom: 'decision' });
    expect(keys({ ...done, status: 'improvement' }, '2027-09-01T08:00:00Z', 'review.')).toEqual([]);
    const complete = {
      ...done,
      milestones: [
        { stepId: 'report-presented-to-committee', completedAt: at('2027-05-20T10:00:00Z'), skipped: false },
      ],
    };
    expect(keys(complete, '2027-09-01T08:00:00Z', 'review.')).toEqual([]);
  });

  it('sends no reminder per improvement action: the Sub-group oversees them in one quarterly digest (001 §9)', () => {
    const actions = {
      ...review,
      status: 'improvement' as const,
      improvementActions: [
        {
          id: 'a1',
          description: 'Training',
          ownerPersonId: 'person-sm',
          agreedAt: at('2027-01-31T10:00:00Z'),
          dueOn: '2027-12-31',
          status: 'open' as const,
          completedAt: null,
        },
      ],
    };
    expect(keys(actions, '2027-08-03T08:00:00Z', 'action.')).toEqual([]);
  });

  it('reports a pause in the review stage to the Sub-group at once, by its category only (001 §7)', () => {
    const paused = {
      ...review,
      committeeMembers: [...review.committeeMembers, { personId: 'person-sub', role: 'subgroup_member' as const }],
      pauses: [
        {
          id: 'p9',
          category: 'fatal_accident_inquiry' as const,
          note: 'Sheriff court in Edinburgh',
          startedAt: at('2027-02-01T10:00:00Z'),
          endedAt: null,
          recordedAt: at('2027-02-03T14:00:00Z'),
        },
      ],
    };
    expect(keys(paused, '2027-02-03T13:59:00Z', 'pause.')).toEqual([]);
    const [report] = due(paused, '2027-02-03T14:00:00Z', 'pause.');
    expect(report).toMatchObject({
      rule: 'pause.reported',
      dueAt: at('2027-02-03T14:00:00Z'),
      audience: [{ role: 'subgroup_member', personId: 'person-sub' }],
      facts: expect.objectContaining({
        pauseCategory: 'fatal_accident_inquiry',
        pausedOn: '2027-02-01',
        daysElapsed: 62,
      }),
    });
    expect(JSON.stringify(report)).not.toContain('Sheriff');
    // A pause before the decision belongs to the 42-day stage: the Sub-group is not told of it.
    const before = { ...paused, pauses: [{ ...paused.pauses[0], startedAt: at('2026-11-20T10:00:00Z') }] };
    expect(keys(before, '2027-02-03T14:00:00Z', 'pause.')).toEqual([]);
  });
});

describe('a review decided to proceed without a review template', () => {
  const review = reviewWith({
    status: 'in_review',
    reviewTemplateId: null,
    decision: { outcome: 'proceed', decidedAt: at('2026-12-01T15:00:00Z') },
  });

  it('alerts the Lead Officer at the decision that the review template is not chosen, until it is', () => {
    expect(keys(review, '2026-12-01T14:59:00Z', 'review.')).toEqual([]);
    expect(due(review, '2027-03-01T10:00:00Z', 'review.')).toEqual([
      expect.objectContaining({
        key: `${KEY}:review.template-missing:review:review-1:decided-2026-12-01.template-missing`,
        dueAt: at('2026-12-01T15:00:00Z'),
        audience: [{ role: 'lead_officer', personId: 'person-lead' }],
        severity: 'alert',
      }),
    ]);
    expect(
      keys({ ...review, reviewTemplateId: 'tier-2-3' }, '2027-03-01T10:00:00Z', 'review.template-missing'),
    ).toEqual([]);
    expect(
      keys(
        {
          ...review,
          decision: { outcome: 'not_proceed', decidedAt: at('2026-12-01T15:00:00Z') },
          status: 'improvement',
        },
        '2027-03-01T10:00:00Z',
        'review.',
      ),
    ).toEqual([]);
  });
});

describe('a sweep catching up after the bot was down', () => {
  // Notified 20 October: the 42-day standard is Tuesday 1 December. A meeting on Thursday 26 November
  // was booked on 27 October; its 7-day reminder fell on Thursday 19 November.
  const review = reviewWith({ meetings: [meetingWith()] });
  const said = (now: string, rule: string) =>
    due(review, now, rule).map((intent) => [intent.occasion, intent.facts.daysUntilStart ?? intent.facts.daysLeft]);

  it('counts from the day it catches up, not the day the reminder was due', () => {
    expect(said('2026-11-19T09:00:00Z', 'meeting.reminder')).toEqual([['starts-2026-11-26.before-7', 7]]);
    // Down from the 19th to the 24th: the meeting is two days away when the sweep comes back.
    expect(said('2026-11-24T09:00:00Z', 'meeting.reminder')).toEqual([['starts-2026-11-26.before-7', 2]]);
  });

  it('does not send a warning of a day already past: the overdue alert speaks on its own day', () => {
    const undecided = reviewWith({ notifiedAt: at('2026-11-20T10:00:00Z'), meetings: [meetingWith()] });
    // The deadline is Friday 1 January 2027; 2 and 4 January are holidays in Scotland.
    const alerts = (now: string) => due(undecided, now, 'deadline42.').map((intent) => intent.occasion);
    expect(alerts('2026-12-31T09:00:00Z')).toEqual(['deadline-2027-01-01.on-the-day']);
    expect(alerts('2027-01-04T09:30:00Z')).toEqual([]);
    expect(alerts('2027-01-05T09:00:00Z')).toEqual(['deadline-2027-01-01.overdue-2027-01-05']);
  });
});

describe('the sweep over many reviews', () => {
  const good = reviewWith({ id: 'good', meetings: [meetingWith()] });
  const bad = reviewWith({
    id: 'bad',
    status: 'in_review',
    reviewTemplateId: 'tier-23',
    decision: { outcome: 'proceed', decidedAt: at('2026-11-01T10:00:00Z') },
  });

  it('reminds about every sound review and reports, without throwing, one whose template is not loaded', () => {
    const now = at('2026-11-17T09:00:00Z');
    const sweep = dueRemindersForAll([bad, good], context, now);
    expect(sweep.intents).toEqual(dueReminders(good, context, now));
    expect(sweep.intents.length).toBeGreaterThan(0);
    expect(sweep.failures).toEqual([
      { reviewId: 'bad', tenantId: 'tenant-1', error: expect.any(UnknownTemplateError) },
    ]);
    expect(sweep.failures[0].error.message).toContain('tier-23');
  });
});

describe('facts', () => {
  it('never carry a meeting’s title (free text, possibly identifying): its kind and start instead', () => {
    const title = 'Meeting about Jane Smith at 4 High Street';
    const meeting = meetingWith({ title, startsAt: at('2026-12-03T10:00:00Z'), invitations: [invitationWith()] });
    const review = reviewWith({ meetings: [meeting] });
    const intents = ['2026-10-27T14:00:00Z', '2026-10-30T09:00:00Z', '2026-11-26T09:00:00Z', '2026-12-01T09:00:00Z']
      .flatMap((now) => due(review, now))
      .filter((intent) => intent.subject.type === 'meeting' || intent.subject.type === 'invitation');
    const rules = new Set(intents.map((intent) => intent.rule));
    expect([...rules].sort()).toEqual([
      'deadline42.meeting-after-deadline',
      'meeting.attendance-list',
      'meeting.invitation',
      'meeting.reminder',
      'meeting.rsvp-nudge',
    ]);
    for (const intent of intents) {
      expect(JSON.stringify(intent)).not.toContain('Jane Smith');
      expect(intent.facts).not.toHaveProperty('meetingTitle');
      expect(intent.facts).toMatchObject({
        meetingKind: 'consideration_meeting',
        meetingStartsAt: '2026-12-03T10:00:00.000Z',
      });
    }
  });
});

describe('keys', () => {
  it('never carry the pseudonym, the reference or a title, and are the same whenever asked', () => {
    const review = reviewWith({
      reportRequests: [reportRequestWith()],
      meetings: [meetingWith({ invitations: [invitationWith()] })],
    });
    const first = keys(review, '2026-11-13T09:00:00Z');
    const again = keys(review, '2026-11-13T21:00:00Z');
    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual(first);
    for (const key of first) expect(key).not.toMatch(/Child A|LR-2026|Consideration|NHS/);
  });
});
