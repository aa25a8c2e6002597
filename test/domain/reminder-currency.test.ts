/**
 * The send-time check: a reminder queued by the engine is sent only if what it is about still
 * holds when it goes out. Each case queues a real intent from `dueReminders`, changes the review as
 * a lead officer would, and asks again.
 */
import {
  dueReminders,
  reminderCurrency,
  type ReminderIntent,
  reportReceivedIntent,
  reportRequestedIntent,
  type Review,
} from '../../src/domain';
import { createEngineContext } from '../../src/templates/load-templates';
import { invitationWith, meetingWith, reportRequestWith, reviewWith } from '../fixtures/synthetic-reviews';

const context = createEngineContext();
const at = (iso: string) => new Date(iso);

function queued(review: Review, now: string, rule: string): ReminderIntent {
  const intent = dueReminders(review, context, at(now)).find((i) => i.rule === rule);
  if (!intent) throw new Error(`no ${rule} due at ${now}`);
  return intent;
}

describe('report reminders', () => {
  const review = reviewWith({
    reportRequests: [reportRequestWith()],
    meetings: [meetingWith({ scheduledAt: at('2026-10-21T09:00:00Z') })],
  });
  const reminder = queued(review, '2026-11-08T09:00:00Z', 'report.before-due');
  const sendAt = at('2026-11-08T09:00:05Z');

  it('is current while the report is still awaited', () => {
    expect(reminderCurrency(review, reminder, sendAt)).toEqual({ current: true });
  });

  it('is superseded once the report is submitted, withdrawn or given a new due date', () => {
    const withRequest = (changes: object) => ({
      ...review,
      reportRequests: [reportRequestWith(changes)],
    });
    expect(reminderCurrency(withRequest({ status: 'submitted', submittedAt: sendAt }), reminder, sendAt)).toEqual({
      current: false,
      reason: 'report-submitted',
    });
    expect(reminderCurrency(withRequest({ status: 'withdrawn' }), reminder, sendAt)).toEqual({
      current: false,
      reason: 'report-withdrawn',
    });
    expect(reminderCurrency(withRequest({ dueOn: '2026-11-20' }), reminder, sendAt)).toEqual({
      current: false,
      reason: 'report-due-date-changed',
    });
  });

  it('is held back while the clock is paused', () => {
    const paused = {
      ...review,
      pauses: [
        {
          id: 'p1',
          category: 'criminal_proceedings' as const,
          note: 'criminal proceedings',
          startedAt: at('2026-11-08T09:00:01Z'),
          endedAt: null,
        },
      ],
    };
    expect(reminderCurrency(paused, reminder, sendAt)).toEqual({ current: false, reason: 'clock-paused' });
  });
});

describe("a report's request card and the notice that it arrived", () => {
  const request = reportRequestWith();
  const review = reviewWith({ reportRequests: [request] });
  const sendAt = at('2026-11-08T09:00:05Z');
  const card = reportRequestedIntent(
    review,
    request,
    { role: 'senior_manager', personId: 'p-sm' },
    'requested',
    sendAt,
  );
  const received = reportReceivedIntent(review, request, { version: 2, late: true }, sendAt);
  const paused = {
    ...review,
    pauses: [
      { id: 'p1', category: 'other' as const, note: null, startedAt: at('2026-11-01T09:00:00Z'), endedAt: null },
    ],
  };
  const submitted = { ...review, reportRequests: [{ ...request, status: 'submitted' as const, submittedAt: sendAt }] };
  const withdrawn = { ...review, reportRequests: [{ ...request, status: 'withdrawn' as const }] };

  it('goes out while the clock is paused: neither is a reminder of a date', () => {
    expect(reminderCurrency(paused, card, sendAt)).toEqual({ current: true });
    expect(reminderCurrency(paused, received, sendAt)).toEqual({ current: true });
  });

  it('the notice goes out for every version; the card not once the report is in; neither once withdrawn', () => {
    expect(reminderCurrency(submitted, received, sendAt)).toEqual({ current: true });
    expect(reminderCurrency(submitted, card, sendAt)).toEqual({ current: false, reason: 'report-submitted' });
    expect(reminderCurrency(withdrawn, received, sendAt)).toEqual({ current: false, reason: 'report-withdrawn' });
  });

  it('names the review by reference and pseudonym only, and one notice per version', () => {
    expect(received.facts).toEqual({
      reference: review.reference,
      subjectPseudonym: review.subjectPseudonym,
      reviewKind: review.kind,
      agencyName: request.agencyName,
      version: 2,
      late: true,
    });
    expect(reportReceivedIntent(review, request, { version: 3, late: true }, sendAt).key).not.toBe(received.key);
  });
});

describe('meetings and invitations', () => {
  const meeting = meetingWith({ invitations: [invitationWith()] });
  const review = reviewWith({ meetings: [meeting] });
  const invitation = queued(review, '2026-10-27T14:00:00Z', 'meeting.invitation');
  const reminder = queued(review, '2026-11-19T09:00:00Z', 'meeting.reminder');
  const sendAt = at('2026-11-19T09:00:05Z');
  const withMeeting = (changes: object) => ({ ...review, meetings: [{ ...meeting, ...changes }] });

  it('is current while the meeting stands as it was', () => {
    expect(reminderCurrency(review, invitation, sendAt)).toEqual({ current: true });
    expect(reminderCurrency(review, reminder, sendAt)).toEqual({ current: true });
  });

  it.each([
    [{ status: 'cancelled' }, 'meeting-cancelled'],
    [{ status: 'held' }, 'meeting-held'],
    [{ startsAt: at('2026-11-27T10:00:00Z') }, 'meeting-moved'],
  ])('is superseded when the meeting changes (%j)', (changes, reason) => {
    expect(reminderCurrency(withMeeting(changes), reminder, sendAt)).toEqual({ current: false, reason });
    expect(reminderCurrency(withMeeting(changes), invitation, sendAt)).toEqual({ current: false, reason });
  });

  it('is superseded once the meeting has started', () => {
    expect(reminderCurrency(review, reminder, at('2026-11-26T10:00:00Z'))).toEqual({
      current: false,
      reason: 'meeting-started',
    });
  });

  it('does not send an invitation the person has already answered', () => {
    const answered = withMeeting({
      invitations: [invitationWith({ response: 'attending', respondedAt: at('2026-10-28T09:00:00Z') })],
    });
    expect(reminderCurrency(answered, invitation, sendAt)).toEqual({ current: false, reason: 'invitation-answered' });
    expect(reminderCurrency(withMeeting({ invitations: [] }), invitation, sendAt)).toEqual({
      current: false,
      reason: 'invitation-withdrawn',
    });
  });
});

describe('the 42-day standard', () => {
  const review = reviewWith();
  const alert = queued(review, '2026-11-17T09:00:00Z', 'deadline42.days-left');
  const sendAt = at('2026-11-17T09:00:05Z');

  it('is current until the decision', () => {
    expect(reminderCurrency(review, alert, sendAt)).toEqual({ current: true });
  });

  it('is superseded once the review is decided', () => {
    const decided: Review = {
      ...review,
      status: 'in_review',
      decision: { outcome: 'proceed', decidedAt: at('2026-11-17T09:00:01Z') },
    };
    expect(reminderCurrency(decided, alert, sendAt)).toEqual({ current: false, reason: 'review-decided' });
  });

  it('is superseded when the review is closed or cancelled', () => {
    expect(reminderCurrency({ ...review, status: 'cancelled' }, alert, sendAt)).toEqual({
      current: false,
      reason: 'review-closed',
    });
  });
});

describe('a governance duty (001 §6, §11)', () => {
  const review = reviewWith({
    status: 'improvement',
    decision: { outcome: 'not_proceed', decidedAt: at('2026-11-27T15:00:00Z') },
  });
  const duty = dueReminders(review, context, at('2026-12-07T09:00:00Z')).find(
    (intent) => intent.rule === 'duty.due' && intent.subject.id === 'decision-sent-to-care-inspectorate',
  )!;
  const sendAt = at('2026-12-07T09:00:05Z');

  it('holds whatever the review’s stage, until it is recorded', () => {
    expect(reminderCurrency(review, duty, sendAt)).toEqual({ current: true });
    const recorded = {
      ...review,
      milestones: [
        { stepId: 'decision-sent-to-care-inspectorate', completedAt: at('2026-12-07T08:00:00Z'), skipped: false },
      ],
    };
    expect(reminderCurrency(recorded, duty, sendAt)).toEqual({ current: false, reason: 'milestone-done' });
  });
});
