/**
 * What the reminder card says for the procedure's own rules: governance duties (001 §6, §8, §11),
 * a pause in the review stage reported to the Sub-group (001 §7).
 * (The 42-day standard's alerts have their own card: deadline-alert-cards.test.ts.)
 */
import { renderDeliveryCard } from '../../../src/bot/reminder-cards';
import { UNREACHABLE_NOTICE_RULE } from '../../../src/domain';
import type { DeliveryMessage } from '../../../src/scheduler/reminder-sender';
import { cardText } from '../../support/teams-activity';

function message(rule: string, facts: DeliveryMessage['facts']): DeliveryMessage {
  return {
    tenantId: 't',
    timeZone: 'Europe/London',
    rule,
    severity: 'info',
    subject: { type: 'review', id: 'r' },
    facts: { reference: 'LR-2026-001', subjectPseudonym: 'Child A', reviewKind: 'CP', ...facts },
    dueAt: new Date('2026-12-07T09:00:00Z'),
    recipient: { role: 'committee_chair', displayName: 'Chair' },
    meetingTitle: null,
    pauseNote: null,
    unreachablePersonName: null,
    digest: null,
    oversight: null,
  };
}

const text = (m: DeliveryMessage) => cardText(renderDeliveryCard(m));

it('reminds of a governance duty on its day and until it is recorded', () => {
  const step = { stepTitle: 'Decision notified to the Care Inspectorate, whatever it was', plannedDate: '2026-12-07' };
  expect(text(message('duty.due', { ...step, daysLate: 0 }))[0]).toBe(
    'Due today: "Decision notified to the Care Inspectorate, whatever it was" (planned for Monday 7 December 2026). Please record it here once it is done.',
  );
  expect(text(message('duty.overdue', { ...step, daysLate: 7 }))[0]).toBe(
    '"Decision notified to the Care Inspectorate, whatever it was" was planned for Monday 7 December 2026 and is not recorded yet (7 days since). Please record it here once it is done.',
  );
});

it('tells the Sub-group of a pause by its category alone', () => {
  const lines = text(
    message('pause.reported', { pauseCategory: 'fatal_accident_inquiry', pausedOn: '2027-02-01', daysElapsed: 62 }),
  );
  expect(lines[0]).toBe(
    "The review's clock has been paused for a Fatal Accident Inquiry, 62 days into its timescale. The Sub-group is told so that it can advise CSOG.",
  );
  expect(lines).not.toContain('42-day standard');
});

it('says a report is not yet received, never overdue, to whoever is reminded of it (001 §6, 004)', () => {
  const lines = text(
    message('report.overdue', {
      agencyName: 'NHS Lothian',
      dueOn: '2026-11-10',
      originalDueOn: '2026-11-10',
      daysUntilDue: -3,
    }),
  );
  expect(lines[0]).toBe(
    'The single-agency report from NHS Lothian, due on Tuesday 10 November 2026, has not yet been received. If it is on its way, no need to reply.',
  );
  expect(lines.join(' ')).not.toMatch(/overdue|late/i);
});

it('warns gently when a Practitioner Event list is outside the usual 15–20 (004), and says nothing within it', () => {
  const list = (invited: number, eventSizeAdvice: string | null) =>
    text(
      message('meeting.attendance-list', {
        meetingKind: 'practitioner_event',
        meetingStartsAt: '2027-03-10T10:00:00.000Z',
        startsOn: '2027-03-10',
        daysUntilStart: 2,
        invited,
        attending: 0,
        notAttending: 0,
        tentative: 0,
        noAnswer: invited,
        eventSizeAdvice,
        usualMin: 15,
        usualMax: 20,
      }),
    );
  expect(list(9, 'fewer-than-usual')).toContain(
    'A Practitioner Event is usually 15 to 20 people, and 9 are invited. With fewer, some of the practice involved may not be heard; you may want to ask the Review Team members who else was involved.',
  );
  expect(list(24, 'more-than-usual').join(' ')).toMatch(/and 24 are invited\. With more, it can be hard/);
  expect(list(17, null).join(' ')).not.toMatch(/usually 15 to 20/);
});

it('says whether a missing role is missing from the review or from the committee', () => {
  const notice = (role: string) =>
    text(message(UNREACHABLE_NOTICE_RULE, { unreachableRole: role, reason: 'no-one-holds-role' })).join(' ');
  expect(notice('committee_chair')).toContain(
    'I could not reach the Committee Chair for LR-2026-001 (Child A). Nobody on the committee holds that role yet',
  );
  expect(notice('review_team_chair')).toContain(
    'I could not reach the Review Team Chair for LR-2026-001 (Child A). Nobody holds that role in this review yet',
  );
});

it('says how far away a meeting is as the engine counted it for the day the reminder goes out', () => {
  // The seven-day reminder of a meeting on Thursday 3 December, due on 26 November, caught up on
  // 1 December after the bot was down: the engine counts two days.
  const reminder = (daysUntilStart?: number) =>
    text({
      ...message('meeting.reminder', {
        meetingKind: 'consideration_meeting',
        meetingStartsAt: '2026-12-03T10:00:00.000Z',
        startsOn: '2026-12-03',
        ...(daysUntilStart === undefined ? {} : { daysUntilStart }),
      }),
      dueAt: new Date('2026-11-26T09:00:00Z'),
    })[0];
  expect(reminder(2)).toBe('Reminder: the Consideration Meeting is in 2 days, Thursday 3 December 2026 at 10:00.');
  // Without the engine's count, it is counted from the day it was due.
  expect(reminder()).toBe('Reminder: the Consideration Meeting is in 7 days, Thursday 3 December 2026 at 10:00.');
});
