/**
 * Who gets what, rule by rule, as the procedure says (seed 001 §4–§11 and Appendix 2; 000; 004).
 * Each test names the seed that puts the duty or the oversight with that person.
 */
import {
  dueReminders,
  type MeetingKind,
  type ReminderIntent,
  type Review,
  recipientTone,
  ROLE_LABELS,
  COMMITTEE_ROLES,
  REVIEW_ROLES,
  unreachableNotice,
} from '../../src/domain';
import { createEngineContext } from '../../src/templates/load-templates';
import { meetingWith, reportRequestWith, reviewWith } from '../fixtures/synthetic-reviews';

const context = createEngineContext();
const at = (iso: string) => new Date(iso);

function due(review: Review, now: string, rulePrefix = ''): ReminderIntent[] {
  return dueReminders(review, context, at(now)).filter((intent) => intent.rule.startsWith(rulePrefix));
}

const who = (intent: ReminderIntent | undefined) => intent?.audience.map((a) => `${a.role}:${a.personId ?? '-'}`);

describe('the roles (001 §4–§8, Appendix 2)', () => {
  it('holds the committee-wide roles and the per-review roles apart, each with the name people use', () => {
    expect(COMMITTEE_ROLES).toEqual([
      'committee_chair',
      'public_protection_manager',
      'subgroup_member',
      'lead_officer',
      'administrator',
    ]);
    expect(REVIEW_ROLES).toEqual([
      'lead_officer',
      'review_team_chair',
      'reviewer',
      'review_team_member',
      'senior_manager',
      'report_author',
      'practitioner',
    ]);
    expect([ROLE_LABELS.committee_chair, ROLE_LABELS.review_team_chair, ROLE_LABELS.public_protection_manager]).toEqual(
      ['Committee Chair', 'Review Team Chair', 'Public Protection Manager'],
    );
  });

  it('words a reminder as overdue only to the Lead Officer, the chairs and Senior Managers; "not yet received" to anyone else (001 §2, 004)', () => {
    expect(COMMITTEE_ROLES.filter((role) => recipientTone(role) === 'accountable')).toEqual([
      'committee_chair',
      'lead_officer',
    ]);
    expect(REVIEW_ROLES.filter((role) => recipientTone(role) === 'accountable')).toEqual([
      'lead_officer',
      'review_team_chair',
      'senior_manager',
    ]);
    expect(recipientTone('practitioner')).toBe('not-yet-received');
    expect(recipientTone('report_author')).toBe('not-yet-received');
  });
});

describe('the Lead Officer (001 §5, §6)', () => {
  const review = reviewWith({ committeeMembers: [{ personId: 'person-chair', role: 'committee_chair' }] });

  it("is the review's own when it has one", () => {
    expect(who(due(review, '2026-11-17T09:00:00Z', 'deadline42.days-left')[0])).toEqual([
      'committee_chair:person-chair',
      'lead_officer:person-lead',
    ]);
  });

  it('is every lead officer of the committee when the review has none of its own', () => {
    const committeeWide = {
      ...review,
      members: [],
      committeeMembers: [
        ...review.committeeMembers,
        { personId: 'lo-asp', role: 'lead_officer' as const },
        { personId: 'lo-cp', role: 'lead_officer' as const },
      ],
    };
    expect(who(due(committeeWide, '2026-11-17T09:00:00Z', 'deadline42.days-left')[0])).toEqual([
      'committee_chair:person-chair',
      'lead_officer:lo-asp',
      'lead_officer:lo-cp',
    ]);
  });

  it('hears when someone cannot be reached: the review’s own, else the committee’s (001 Appendix 2: the conduit)', () => {
    const committeeWide = {
      ...review,
      members: [],
      committeeMembers: [...review.committeeMembers, { personId: 'lo-cp', role: 'lead_officer' as const }],
    };
    const notice = unreachableNotice(
      committeeWide,
      { role: 'committee_chair', personId: 'person-chair' },
      'blocked-or-removed',
      'deadline42.days-left',
      at('2026-11-17T09:05:00Z'),
    );
    expect(notice?.audience).toEqual([{ role: 'lead_officer', personId: 'lo-cp' }]);
  });
});

describe('meetings are chaired by whoever the procedure names', () => {
  const meeting = (kind: MeetingKind, id: string) =>
    meetingWith({
      id,
      kind,
      chairPersonId: null,
      startsAt: at('2026-11-26T10:00:00Z'),
      scheduledAt: at('2026-10-27T14:00:00Z'),
    });
  const review = reviewWith({
    members: [
      { personId: 'person-lead', role: 'lead_officer', agencyId: null },
      { personId: 'person-rtc', role: 'review_team_chair', agencyId: null },
      { personId: 'person-reviewer', role: 'reviewer', agencyId: null },
    ],
    meetings: [
      meeting('consideration_meeting', 'cm'),
      meeting('screening_meeting', 'sm'),
      meeting('review_team_meeting', 'rtm'),
      meeting('practitioner_event', 'pe'),
      meeting('briefing', 'br'),
    ],
  });
  const reminderFor = (id: string) =>
    due(review, '2026-11-19T09:00:00Z', 'meeting.reminder').find((intent) => intent.subject.id === id);

  it('the Consideration Meeting, and the screening meeting that stands for it, by the committee Chair (001 §4, §5; 000)', () => {
    expect(who(reminderFor('cm'))).toEqual(['committee_chair:person-chair']);
    expect(who(reminderFor('sm'))).toEqual(['committee_chair:person-chair']);
  });

  it('a Review Team Meeting by the Review Team Chair (001 Appendix 2)', () => {
    expect(who(reminderFor('rtm'))).toEqual(['review_team_chair:person-rtc']);
  });

  it('the Practitioner Event and the briefing for attendees by the Reviewer (001 Appendix 1, 2)', () => {
    expect(who(reminderFor('pe'))).toEqual(['reviewer:person-reviewer']);
    expect(who(reminderFor('br'))).toEqual(['reviewer:person-reviewer']);
  });

  it("sends the attendance list to the chair, the lead officer who organises it and the committee's administrators (001 Appendix 2)", () => {
    const list = due(review, '2026-11-24T09:00:00Z', 'meeting.attendance-list').find((i) => i.subject.id === 'rtm');
    expect(who(list)).toEqual([
      'review_team_chair:person-rtc',
      'lead_officer:person-lead',
      'administrator:person-admin',
    ]);
  });

  it('warns gently when a Practitioner Event list is outside the usual 15–20 (004)', () => {
    const small = reviewWith({
      meetings: [
        {
          ...meeting('practitioner_event', 'pe'),
          invitations: Array.from({ length: 9 }, (_, i) => ({
            personId: `p${i}`,
            invitedAt: at('2026-10-27T14:00:00Z'),
            response: null,
            respondedAt: null,
          })),
        },
      ],
    });
    const [list] = due(small, '2026-11-24T09:00:00Z', 'meeting.attendance-list');
    expect(list.facts).toMatchObject({ invited: 9, eventSizeAdvice: 'fewer-than-usual', usualMin: 15, usualMax: 20 });
  });
});

describe('single-agency reports are asked of the Senior Manager, never of a practitioner (001 §6, 004)', () => {
  it('never reminds, chases or escalates to a practitioner, even one named as the author', () => {
    const review = reviewWith({
      members: [
        { personId: 'person-lead', role: 'lead_officer', agencyId: null },
        { personId: 'person-author', role: 'practitioner', agencyId: 'agency-nhs' },
      ],
      meetings: [meetingWith({ scheduledAt: at('2026-10-21T09:00:00Z') })],
      reportRequests: [reportRequestWith()],
    });
    const all = [
      ...due(review, '2026-11-03T09:00:00Z', 'report.'),
      ...due(review, '2026-11-13T09:00:00Z', 'report.'),
      ...due(review, '2026-11-17T09:00:00Z', 'report.'),
    ];
    expect(all.map((intent) => intent.rule)).toEqual([
      'report.before-due',
      'report.overdue',
      'report.overdue',
      'report.escalation',
    ]);
    for (const intent of all) expect(intent.audience.map((a) => a.personId)).not.toContain('person-author');
    expect(who(all[0])).toEqual(['senior_manager:person-sm']);
  });
});

describe('governance duties are reminded until recorded, whatever the decision (001 §4, §6, §8, §11)', () => {
  // Decided on Friday 27 November 2026: the decision goes out within 5 working days, which (over St
  // Andrew's Day, Monday 30 November) is Monday 7 December.
  const decidedAt = at('2026-11-27T15:00:00Z');
  const notProceed = reviewWith({ status: 'improvement', decision: { outcome: 'not_proceed', decidedAt } });
  const proceed = reviewWith({
    status: 'in_review',
    reviewTemplateId: 'tier-2-3',
    decision: { outcome: 'proceed', decidedAt },
  });
  const duty = (review: Review, now: string, stepId: string) =>
    due(review, now, 'duty.').find((intent) => intent.subject.id === stepId);

  it.each([
    ['not to proceed', notProceed],
    ['to proceed', proceed],
  ])(
    'reminds the committee Chair to tell CSOG, and the Lead Officer the Care Inspectorate, of a decision %s',
    (_label, review) => {
      expect(duty(review, '2026-12-07T08:59:00Z', 'decision-sent-to-cog')).toBeUndefined();
      expect(duty(review, '2026-12-07T09:00:00Z', 'decision-sent-to-cog')).toMatchObject({
        rule: 'duty.due',
        audience: [{ role: 'committee_chair', personId: 'person-chair' }],
        facts: expect.objectContaining({ plannedDate: '2026-12-07', daysLate: 0 }),
      });
      expect(duty(review, '2026-12-07T09:00:00Z', 'decision-sent-to-care-inspectorate')).toMatchObject({
        rule: 'duty.due',
        audience: [{ role: 'lead_officer', personId: 'person-lead' }],
      });
      // Then every 5 working days until it is recorded.
      expect(duty(review, '2026-12-14T09:00:00Z', 'decision-sent-to-cog')).toMatchObject({
        rule: 'duty.overdue',
        occasion: 'planned-2026-12-07.overdue-2026-12-14',
        facts: expect.objectContaining({ daysLate: 7 }),
      });
      const recorded = {
        ...review,
        milestones: [{ stepId: 'decision-sent-to-cog', completedAt: at('2026-12-08T10:00:00Z'), skipped: false }],
      };
      expect(duty(recorded, '2026-12-14T09:00:00Z', 'decision-sent-to-cog')).toBeUndefined();
      expect(duty(recorded, '2026-12-14T09:00:00Z', 'decision-sent-to-care-inspectorate')).toBeDefined();
    },
  );

  it('reminds the Lead Officer, then the committee Chair, of the summary report to the committee and CSOG after a decision not to proceed', () => {
    // Four weeks after the decision is Christmas Day: the reminder goes out on the working day before.
    expect(who(duty(notProceed, '2026-12-24T09:00:00Z', 'summary-report-to-committee'))).toEqual([
      'lead_officer:person-lead',
    ]);
    const presented = {
      ...notProceed,
      milestones: [{ stepId: 'summary-report-to-committee', completedAt: at('2027-01-05T10:00:00Z'), skipped: false }],
    };
    expect(who(duty(presented, '2027-01-19T09:00:00Z', 'summary-report-to-csog'))).toEqual([
      'committee_chair:person-chair',
    ]);
    expect(duty(proceed, '2026-12-24T09:00:00Z', 'summary-report-to-committee')).toBeUndefined();
  });

  it('reminds the committee Chair of the report to CSOG after the review is complete, in improvement too (001 §8)', () => {
    const complete = {
      ...proceed,
      status: 'improvement' as const,
      milestones: [
        { stepId: 'decision-sent-to-cog', completedAt: at('2026-12-01T10:00:00Z'), skipped: false },
        { stepId: 'decision-sent-to-care-inspectorate', completedAt: at('2026-12-01T10:00:00Z'), skipped: false },
        { stepId: 'report-presented-to-committee', completedAt: at('2027-05-20T10:00:00Z'), skipped: false },
      ],
    };
    // A week after the committee: Thursday 27 May 2027, 09:00 BST.
    expect(due(complete, '2027-05-27T08:00:00Z', 'duty.')).toEqual([
      expect.objectContaining({
        rule: 'duty.due',
        subject: { type: 'milestone', id: 'report-presented-to-csog' },
        audience: [{ role: 'committee_chair', personId: 'person-chair' }],
      }),
    ]);
  });
});
