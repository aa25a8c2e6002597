import { dueReminders, type ReminderIntent, type Review } from '../../src/domain';
import { createEngineContext } from '../../src/templates/load-templates';
import { invitationWith, meetingWith, reportRequestWith, reviewWith } from '../../bench/synthetic-reviews';

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

  it.each([
    ['2026-11-03T08:59:00Z', []],
    ['2026-11-03T09:00:00Z', [key('before-due', 'before-7')]],
    ['2026-11-07T20:00:00Z', [key('before-due', 'before-7')]],
    ['2026-11-08T09:00:00Z', [key('before-due', 'before-2')]],
    ['2026-11-10T09:00:00Z', [key('due-today', 'due-day')]],
    ['2026-11-12T18:00:00Z', [key('due-today', 'due-day')]],
    ['2026-11-13T09:00:00Z', [key('overdue', 'overdue-2026-11-13')]],
    ['2026-11-17T09:00:00Z', [key('overdue', 'overdue-2026-11-13'), key('escalation', 'escalate')]],
    ['2026-11-18T09:00:00Z', [key('overdue', 'overdue-2026-11-18'), key('escalation', 'escalate')]],
  ])('at %s', (now, expected) => {
    expect(keys(review, now, 'report.')).toEqual(expected);
  });

  it('goes to the author, and escalates to the agency’s Senior Manager and the Lead Officer', () => {
    const [reminder, escalation] = due(review, '2026-11-17T09:00:00Z', 'report.');
    expect(reminder.audience).toEqual([{ role: 'practitioner', personId: 'person-author' }]);
    expect(escalation.audience).toEqual([
      { role: 'senior_manager', personId: 'person-sm' },
      { role: 'lead_officer', personId: 'person-lead' },
    ]);
    expect(escalation).toMatchObject({ severity: 'alert', dueAt: at('2026-11-17T09:00:00Z'), subject: { type: 'report_request', id: 'report-1' } });
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
    const withManager = { ...review, reportRequests: [noAuthor], members: [...review.members, { personId: 'sm-2', role: 'senior_manager' as const, agencyId: 'agency-nhs' }] };
    expect(due(withManager, '2026-11-10T09:00:00Z', 'report.')[0].audience).toEqual([{ role: 'senior_manager', personId: 'sm-2' }]);
    expect(due({ ...review, reportRequests: [noAuthor] }, '2026-11-10T09:00:00Z', 'report.')[0].audience).toEqual([{ role: 'senior_manager', personId: null }]);
  });

  it('counts overdue working days over St Andrew’s Day and Christmas in Scotland', () => {
    const late = { ...review, reportRequests: [reportRequestWith({ dueOn: '2026-11-25', requestedAt: at('2026-11-01T10:00:00Z') })] };
    // 26, 27 November, (30th St Andrew's Day), 1 December; escalation 5 working days: 3 December.
    expect(keys(late, '2026-12-01T09:00:00Z', 'report.')).toEqual([key('overdue', 'overdue-2026-12-01').replace('2026-11-10', '2026-11-25')]);
    expect(keys(late, '2026-12-02T09:00:00Z', 'report.escalation')).toEqual([]);
    expect(keys(late, '2026-12-03T09:00:00Z', 'report.escalation')).toHaveLength(1);
    const christmas = { ...review, reportRequests: [reportRequestWith({ dueOn: '2026-12-23', requestedAt: at('2026-12-01T10:00:00Z') })] };
    // 24, 29, 30 December.
    expect(keys(christmas, '2026-12-30T09:00:00Z', 'report.overdue')[0]).toMatch(/overdue-2026-12-30$/);
    expect(keys(christmas, '2026-12-29T23:00:00Z', 'report.overdue')).toEqual([]);
  });

  it('never predates the request: due in 5 days, no 7-day reminder', () => {
    const short = { ...review, reportRequests: [reportRequestWith({ requestedAt: at('2026-11-05T10:00:00Z') })] };
    expect(keys(short, '2026-11-07T12:00:00Z', 'report.')).toEqual([]);
    expect(keys(short, '2026-11-08T09:00:00Z', 'report.')).toEqual([key('before-due', 'before-2')]);
  });

  it('is silent once submitted or withdrawn, while paused, and for a closed review', () => {
    const now = '2026-11-13T09:00:00Z';
    expect(keys({ ...review, reportRequests: [reportRequestWith({ status: 'submitted', submittedAt: at('2026-11-12T10:00:00Z') })] }, now, 'report.')).toEqual([]);
    expect(keys({ ...review, reportRequests: [reportRequestWith({ status: 'withdrawn' })] }, now, 'report.')).toEqual([]);
    expect(keys({ ...review, pauses: [{ id: 'p', reason: 'trial', startedAt: at('2026-11-11T10:00:00Z'), endedAt: null }] }, now)).toEqual([]);
    expect(keys({ ...review, status: 'closed' }, now)).toEqual([]);
    expect(keys({ ...review, status: 'cancelled' }, now)).toEqual([]);
  });

  it('moves the due date by a pause and names the moved date in the key', () => {
    const paused = { ...review, pauses: [{ id: 'p', reason: 'trial', startedAt: at('2026-11-02T10:00:00Z'), endedAt: at('2026-11-06T10:00:00Z') }] };
    expect(keys(paused, '2026-11-14T09:00:00Z', 'report.')).toEqual([key('due-today', 'due-day').replace('2026-11-10', '2026-11-14')]);
  });
});

describe('the 42-day standard: 14, 7, 2 days left, on the day, daily overdue', () => {
  const review = reviewWith({ meetings: [meetingWith()] });
  const key = (rule: string, occasion: string) => `${KEY}:deadline42.${rule}:decision_deadline:review-1:deadline-2026-12-01.${occasion}`;

  it.each([
    ['2026-11-17T08:59:00Z', []],
    ['2026-11-17T09:00:00Z', [key('days-left', 'left-14')]],
    ['2026-11-24T09:00:00Z', [key('days-left', 'left-7')]],
    ['2026-11-29T09:00:00Z', [key('days-left', 'left-2')]],
    ['2026-12-01T09:00:00Z', [key('on-the-day', 'on-the-day')]],
    ['2026-12-02T09:00:00Z', [key('overdue', 'overdue-2026-12-02')]],
    ['2026-12-05T10:00:00Z', [key('overdue', 'overdue-2026-12-05')]],
  ])('at %s', (now, expected) => {
    expect(keys(review, now, 'deadline42.')).toEqual(expected);
  });

  it('alerts the chair and the Lead Officer with the countdown facts', () => {
    const [alert] = due(review, '2026-11-24T09:00:00Z', 'deadline42.');
    expect(alert.audience).toEqual([
      { role: 'chair', personId: 'person-chair' },
      { role: 'lead_officer', personId: 'person-lead' },
    ]);
    expect(alert.facts).toMatchObject({ deadline: '2026-12-01', originalDeadline: '2026-12-01', daysLeft: 7, standardDays: 42 });
  });

  it('says who is missing when nobody holds a role', () => {
    const noChair = { ...review, members: review.members.filter((member) => member.role !== 'chair') };
    expect(due(noChair, '2026-11-24T09:00:00Z', 'deadline42.')[0].audience).toContainEqual({ role: 'chair', personId: null });
  });

  it('alerts at once when no Consideration Meeting is booked with 14 days left, until one is', () => {
    const none = reviewWith();
    const alert = due(none, '2026-11-17T00:00:00Z', 'deadline42.no-meeting');
    expect(alert.map((intent) => [intent.key, intent.dueAt.toISOString()])).toEqual([
      [`${KEY}:deadline42.no-meeting:decision_deadline:review-1:deadline-2026-12-01.no-meeting-left-14`, '2026-11-17T00:00:00.000Z'],
    ]);
    expect(keys(none, '2026-11-16T23:59:00Z', 'deadline42.no-meeting')).toEqual([]);
    const bookedLater = { ...none, meetings: [meetingWith({ scheduledAt: at('2026-11-18T10:00:00Z') })] };
    expect(keys(bookedLater, '2026-11-17T12:00:00Z', 'deadline42.no-meeting')).toHaveLength(1);
    expect(keys(bookedLater, '2026-11-18T10:00:00Z', 'deadline42.no-meeting')).toEqual([]);
  });

  it('alerts at once when the meeting is booked after day 42', () => {
    const late = reviewWith({ meetings: [meetingWith({ id: 'cm', startsAt: at('2026-12-03T10:00:00Z'), scheduledAt: at('2026-11-02T15:30:00Z') })] });
    expect(keys(late, '2026-11-02T15:29:00Z', 'deadline42.meeting')).toEqual([]);
    const [alert] = due(late, '2026-11-02T15:30:00Z', 'deadline42.meeting');
    expect(alert).toMatchObject({
      key: `${KEY}:deadline42.meeting-after-deadline:meeting:cm:deadline-2026-12-01.starts-2026-12-03`,
      dueAt: at('2026-11-02T15:30:00Z'),
      severity: 'alert',
    });
  });

  it('stops once the decision is made or while the clock is paused, and counts to the moved deadline after', () => {
    expect(keys({ ...review, decision: { outcome: 'proceed', decidedAt: at('2026-11-20T10:00:00Z') } }, '2026-11-24T09:00:00Z', 'deadline42.')).toEqual([]);
    const pause = { id: 'p', reason: 'criminal proceedings', startedAt: at('2026-11-20T10:00:00Z'), endedAt: null };
    expect(keys({ ...review, pauses: [pause] }, '2026-11-24T09:00:00Z', 'deadline42.')).toEqual([]);
    const resumed = { ...review, pauses: [{ ...pause, endedAt: at('2026-11-27T10:00:00Z') }] };
    // 7 days paused: the deadline is now 8 December and 7 days are left on 1 December.
    expect(keys(resumed, '2026-12-01T09:00:00Z', 'deadline42.')).toEqual([
      `${KEY}:deadline42.days-left:decision_deadline:review-1:deadline-2026-12-08.left-7`,
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
      { role: 'chair', personId: 'person-chair' },
      { role: 'practitioner', personId: 'p1' },
      { role: 'practitioner', personId: 'p2' },
    ]);
    expect(keys(review, '2026-11-25T09:00:00Z', 'meeting.reminder')).toEqual([`${KEY}:meeting.reminder:meeting:meeting-1:starts-2026-11-26.before-1`]);
  });

  it('sends the attendance list with counts 2 working days before (over St Andrew’s Day)', () => {
    const thursday = { ...review, meetings: [{ ...meeting, startsAt: at('2026-12-03T10:00:00Z') }] };
    // Two working days before Thursday 3 December: Tuesday 1 December.
    expect(keys(thursday, '2026-12-01T08:59:00Z', 'meeting.attendance-list')).toEqual([]);
    const [list] = due(thursday, '2026-12-01T09:00:00Z', 'meeting.attendance-list');
    expect(list.audience).toEqual([
      { role: 'chair', personId: 'person-chair' },
      { role: 'administrator', personId: 'person-admin' },
    ]);
    expect(list.facts).toMatchObject({ invited: 3, attending: 1, notAttending: 1, tentative: 0, noAnswer: 1, meetingTitle: 'Consideration Meeting' });
    const monday = { ...review, meetings: [{ ...meeting, startsAt: at('2026-12-01T10:00:00Z') }] };
    // Two working days before Tuesday 1 December in Scotland: Thursday 26 November.
    expect(keys(monday, '2026-11-26T09:00:00Z', 'meeting.attendance-list')).toHaveLength(1);
  });

  it('says nothing about a cancelled or held meeting, or once it has started', () => {
    expect(keys({ ...review, meetings: [{ ...meeting, status: 'cancelled' }] }, '2026-11-25T09:00:00Z', 'meeting.')).toEqual([]);
    expect(keys({ ...review, meetings: [{ ...meeting, status: 'held' }] }, '2026-11-25T09:00:00Z', 'meeting.')).toEqual([]);
    expect(keys(review, '2026-11-26T10:00:00Z', 'meeting.')).toEqual([]);
  });

  it('is due at 09:00 local in summer time too', () => {
    const summer = reviewWith({ meetings: [meetingWith({ startsAt: at('2026-07-10T09:00:00Z'), scheduledAt: at('2026-06-01T09:00:00Z') })] });
    expect(due(summer, '2026-07-03T08:00:00Z', 'meeting.reminder')[0].dueAt).toEqual(at('2026-07-03T08:00:00Z'));
  });
});

describe('the review stage (001 §7, §9)', () => {
  const review = reviewWith({
    status: 'in_review',
    reviewTemplateId: 'tier-2-3',
    decision: { outcome: 'proceed', decidedAt: at('2026-12-01T15:00:00Z') },
  });

  it('alerts the chair when a milestone is a week late', () => {
    // Review Team Meeting 1 is planned 4 weeks after the decision: 29 December; a week late on 5 January.
    expect(keys(review, '2027-01-04T12:00:00Z', 'milestone.')).not.toContain(expect.stringContaining('review-team-meeting-1'));
    const late = due(review, '2027-01-05T09:00:00Z', 'milestone.').find((intent) => intent.subject.id === 'review-team-meeting-1');
    expect(late).toMatchObject({
      key: `${KEY}:milestone.late:milestone:review-team-meeting-1:planned-2026-12-29.late-7d`,
      audience: [{ role: 'chair', personId: 'person-chair' }],
      facts: expect.objectContaining({ plannedDate: '2026-12-29', daysLate: 7 }),
    });
  });

  it('alerts the chair and Lead Officer at six and nine months', () => {
    const done = { ...review, milestones: [] };
    // 09:00 British Summer Time is 08:00Z.
    expect(keys(done, '2027-06-01T07:59:00Z', 'review.')).toEqual([]);
    expect(keys(done, '2027-06-01T08:00:00Z', 'review.')).toEqual([`${KEY}:review.timescale-target:review:review-1:decided-2026-12-01.target-2027-06-01`]);
    expect(keys(done, '2027-09-01T08:00:00Z', 'review.')).toEqual([`${KEY}:review.timescale-limit:review:review-1:decided-2026-12-01.limit-2027-09-01`]);
    expect(keys({ ...done, status: 'improvement' }, '2027-09-01T08:00:00Z', 'review.')).toEqual([]);
  });

  it('checks open improvement actions quarterly', () => {
    const actions = {
      ...review,
      status: 'improvement' as const,
      improvementActions: [
        { id: 'a1', description: 'Training', ownerPersonId: 'person-sm', agreedAt: at('2027-01-31T10:00:00Z'), dueOn: '2027-12-31', status: 'open' as const, completedAt: null },
        { id: 'a2', description: 'Done', ownerPersonId: null, agreedAt: at('2027-01-31T10:00:00Z'), dueOn: null, status: 'done' as const, completedAt: at('2027-02-01T10:00:00Z') },
      ],
    };
    // 31 January + 3 months = 30 April (clamped), at 09:00 BST = 08:00Z.
    expect(keys(actions, '2027-04-30T07:59:00Z', 'action.')).toEqual([]);
    expect(keys(actions, '2027-04-30T08:00:00Z', 'action.')).toEqual([`${KEY}:action.quarterly-check:improvement_action:a1:agreed-2027-01-31.check-1`]);
    expect(keys(actions, '2027-07-31T08:00:00Z', 'action.')).toEqual([`${KEY}:action.quarterly-check:improvement_action:a1:agreed-2027-01-31.check-2`]);
    const [check] = due(actions, '2027-07-31T08:00:00Z', 'action.');
    expect(check.audience).toEqual([
      { role: 'lead_officer', personId: 'person-lead' },
      { role: 'senior_manager', personId: 'person-sm' },
    ]);
  });
});

describe('keys', () => {
  it('never carry the pseudonym, the reference or a title, and are the same whenever asked', () => {
    const review = reviewWith({ reportRequests: [reportRequestWith()], meetings: [meetingWith({ invitations: [invitationWith()] })] });
    const first = keys(review, '2026-11-13T09:00:00Z');
    const again = keys(review, '2026-11-13T21:00:00Z');
    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual(first);
    for (const key of first) expect(key).not.toMatch(/Child A|LR-2026|Consideration|NHS/);
  });
});
