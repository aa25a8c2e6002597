/**
 * The deadline alert card a chair or lead officer is sent: the engine's own alert for a review on a
 * given day, what is still outstanding in that review, rendered as the sender renders it. Days are
 * real calendar days, a pause shown beside them as the reason (001 §6); what is outstanding is said
 * in words; the one action that would help most is a button, for those who may take it.
 */
import { renderDeliveryCard } from '../../../src/bot/reminder-cards';
import {
  createCalendar,
  deadlineOutstanding,
  dueReminders,
  type ReminderIntent,
  type Review,
  type Role,
} from '../../../src/domain';
import type { DeliveryMessage } from '../../../src/scheduler/reminder-sender';
import { createEngineContext } from '../../../src/templates/load-templates';
import { meetingWith, reportRequestWith, reviewWith } from '../../fixtures/synthetic-reviews';
import { cardText } from '../../support/teams-activity';

const calendar = createCalendar({ timeZone: 'Europe/London' });
const engine = { ...createEngineContext(), calendar };

/** The review's `rule` alert due at `now`, as the card the sender would send to `role`. */
function alertCard(
  review: Review,
  now: Date,
  rule: string,
  role: Role = 'committee_chair',
  pauseNote: string | null = null,
) {
  const alerts = dueReminders(review, engine, now).filter((intent) => intent.rule === rule);
  expect(alerts).toHaveLength(1);
  const intent: ReminderIntent = alerts[0];
  const message: DeliveryMessage = {
    tenantId: review.tenantId,
    timeZone: 'Europe/London',
    rule: intent.rule,
    severity: intent.severity,
    subject: intent.subject,
    facts: intent.facts,
    dueAt: intent.dueAt,
    recipient: { role, displayName: 'Someone' },
    meetingTitle: null,
    pauseNote,
    unreachablePersonName: null,
    digest: null,
    oversight: null,
    outstanding: deadlineOutstanding(review, calendar, now),
  };
  const card = renderDeliveryCard(message);
  return { lines: cardText(card), actions: JSON.stringify(card.actions ?? []) };
}

// Notified Tuesday 20 October 2026: day 42 is Tuesday 1 December.
const police = reportRequestWith({ id: 'r-police', agencyName: 'Police Scotland', dueOn: '2026-11-10' });
const health = reportRequestWith({ id: 'r-nhs', agencyName: 'NHS Lothian', dueOn: '2026-11-27' });
const booked = meetingWith({ startsAt: new Date('2026-11-30T10:00:00Z') });

it('with reports outstanding: days used and left, each agency awaited, and a button to remind the senior managers', () => {
  const review = reviewWith({ reportRequests: [police, health], meetings: [booked] });
  const { lines, actions } = alertCard(review, new Date('2026-11-24T10:00:00Z'), 'deadline42.days-left');
  expect(lines).toEqual([
    "The Consideration Meeting's decision is due in 7 days, by Tuesday 1 December 2026 (the 42-day standard).",
    'Review: LR-2026-001 (Child A)',
    '42-day standard: day 35 on the calendar, 7 days left.',
    'Still outstanding:',
    '- The report from Police Scotland: not yet received, due on Tuesday 10 November 2026.',
    '- The report from NHS Lothian: not yet received, due by Friday 27 November 2026.',
  ]);
  expect(actions).toContain('"title":"Remind the senior managers now"');
  expect(actions).toContain('"verb":"deadline.remind-senior-managers","data":{"reference":"LR-2026-001"}');
  expect(actions).not.toContain('deadline.book-meeting');
});

it('with no Consideration Meeting booked: says so, and the button books it', () => {
  const review = reviewWith({ reportRequests: [police] });
  const { lines, actions } = alertCard(review, new Date('2026-11-17T10:00:00Z'), 'deadline42.no-meeting');
  expect(lines).toEqual([
    'No Consideration Meeting is booked, and the decision is due in 14 days, by Tuesday 1 December 2026.',
    'Review: LR-2026-001 (Child A)',
    '42-day standard: day 28 on the calendar, 14 days left.',
    'Still outstanding:',
    '- The report from Police Scotland: not yet received, due on Tuesday 10 November 2026.',
  ]);
  expect(actions).toContain('"title":"Book the Consideration Meeting"');
  expect(actions).toContain('"verb":"deadline.book-meeting"');
  expect(actions).not.toContain('remind-senior-managers');
});

it('once overdue: how far past the standard on the calendar, with nothing else outstanding and no button', () => {
  const review = reviewWith({
    reportRequests: [{ ...police, status: 'submitted', submittedAt: new Date('2026-11-09T10:00:00Z') }],
    meetings: [booked],
  });
  const { lines, actions } = alertCard(review, new Date('2026-12-04T10:00:00Z'), 'deadline42.overdue');
  expect(lines).toEqual([
    'The 42-day standard for the decision was Tuesday 1 December 2026: it is now 3 days past, with no decision recorded.',
    'Review: LR-2026-001 (Child A)',
    '42-day standard: day 45 on the calendar, 3 days past it.',
    'Nothing else is outstanding that I know of.',
  ]);
  expect(actions).toBe('[]');
});

it('after a pause: the real days used and left, the pause beside them as the reason, and its note one to one', () => {
  // Paused 2 to 20 November (18 days) for criminal proceedings: planned for 19 December, day 42 still 1 December.
  const review = reviewWith({
    meetings: [meetingWith({ startsAt: new Date('2026-12-17T10:00:00Z') })],
    reportRequests: [police],
    pauses: [
      {
        id: 'p1',
        category: 'criminal_proceedings',
        note: 'Trial of the stepfather',
        startedAt: new Date('2026-11-02T10:00:00Z'),
        endedAt: new Date('2026-11-20T10:00:00Z'),
      },
    ],
  });
  const { lines } = alertCard(
    review,
    new Date('2026-12-04T10:00:00Z'),
    'deadline42.days-left',
    'lead_officer',
    'Trial of the stepfather',
  );
  expect(lines.slice(0, 4)).toEqual([
    "The Consideration Meeting's decision is due in 15 days, by Saturday 19 December 2026 (the date planned for, allowing for the pause).",
    'Review: LR-2026-001 (Child A)',
    'Clock paused: Trial of the stepfather',
    '42-day standard: day 45 on the calendar, 3 days past it; 18 days paused for criminal proceedings, which is the reason, not extra time.',
  ]);
  // The report's due date moved with the pause, too.
  expect(lines).toContain('- The report from Police Scotland: not yet received, due on Saturday 28 November 2026.');
});

it('offers no button to the Sub-group, who oversee rather than act', () => {
  const review = reviewWith({ reportRequests: [police], meetings: [booked] });
  const { actions } = alertCard(review, new Date('2026-11-24T10:00:00Z'), 'deadline42.days-left', 'subgroup_member');
  expect(actions).toBe('[]');
});

it('at the review stage: the raw days since the decision, and the decision not yet sent to CSOG or the Care Inspectorate', () => {
  const decidedAt = new Date('2026-11-30T10:00:00Z');
  const review = reviewWith({
    status: 'in_review',
    reviewTemplateId: 'tier-2-3',
    decision: { outcome: 'proceed', decidedAt },
    meetings: [{ ...booked, status: 'held' }],
    milestones: [{ stepId: 'decision-sent-to-care-inspectorate', completedAt: decidedAt, skipped: false }],
  });
  // The target falls on a Sunday: the alert goes on the Friday before, with that day's count.
  const { lines, actions } = alertCard(review, new Date('2027-05-28T10:00:00Z'), 'review.timescale-target');
  expect(lines).toEqual([
    'The review has reached its target date, Sunday 30 May 2027.',
    'Review: LR-2026-001 (Child A)',
    '179 days since the decision on the calendar.',
    'Still outstanding:',
    '- The decision is not yet recorded as sent to CSOG.',
  ]);
  expect(actions).toBe('[]');
});
