/**
 * A meeting cancelled: each invitee who had not said they would not come is told once, one to one,
 * while the meeting is still to come; and whatever was still waiting to go out about the meeting
 * (its invitation, the nudge to answer, the reminder before it, the attendance list) is dropped at
 * send time. The meeting starts on Thursday 26 November 2026 at 10:00 (UTC = London).
 */
import { dueReminders, MEETING_CANCELLED_RULE, reminderCurrency, type Review } from '../../src/domain';
import type { Invitation, Meeting } from '../../src/domain/model';
import { createEngineContext } from '../../src/templates/load-templates';
import { invitationWith, meetingWith, reviewWith } from '../fixtures/synthetic-reviews';

const context = createEngineContext();
const at = (iso: string) => new Date(iso);

const CANCELLED_AT = at('2026-11-20T11:00:00Z');
const invitations: Invitation[] = [
  invitationWith({ personId: 'person-p1' }),
  invitationWith({ personId: 'person-p2', response: 'attending', respondedAt: at('2026-10-28T09:00:00Z') }),
  invitationWith({ personId: 'person-p3', response: 'tentative', respondedAt: at('2026-10-28T09:00:00Z') }),
  invitationWith({ personId: 'person-p4', response: 'not_attending', respondedAt: at('2026-10-28T09:00:00Z') }),
];
const scheduled = meetingWith({ invitations });
const cancelled = meetingWith({ invitations, status: 'cancelled', statusSetAt: CANCELLED_AT });
const withMeeting = (meeting: Meeting, changes: Partial<Review> = {}) =>
  reviewWith({ meetings: [meeting], ...changes });

const notices = (review: Review, now: Date) =>
  dueReminders(review, context, now).filter((intent) => intent.rule === MEETING_CANCELLED_RULE);

describe('who is told that a meeting is cancelled', () => {
  it('tells each invitee who had not declined, one to one, at the moment it was cancelled', () => {
    const told = notices(withMeeting(cancelled), CANCELLED_AT);
    expect(told.map((intent) => intent.audience)).toEqual([
      [{ role: 'practitioner', personId: 'person-p1' }],
      [{ role: 'practitioner', personId: 'person-p2' }],
      [{ role: 'practitioner', personId: 'person-p3' }],
    ]);
    expect(told[0]).toMatchObject({
      subject: { type: 'invitation', id: 'meeting-1/person-p1' },
      dueAt: CANCELLED_AT,
      severity: 'info',
      facts: {
        reference: 'LR-2026-001',
        subjectPseudonym: 'Child A',
        reviewKind: 'CP',
        meetingKind: 'consideration_meeting',
        meetingStartsAt: '2026-11-26T10:00:00.000Z',
        startsOn: '2026-11-26',
        cancelledAt: '2026-11-20T11:00:00.000Z',
      },
    });
    // Nothing that could identify anyone: no title, no venue, no name.
    expect(JSON.stringify(told)).not.toContain('Consideration Meeting');
  });

  it('tells each of them once: a later sweep gives the same keys, and nothing new', () => {
    const first = notices(withMeeting(cancelled), CANCELLED_AT).map((intent) => intent.key);
    const later = notices(withMeeting(cancelled), at('2026-11-25T09:00:00Z')).map((intent) => intent.key);
    expect(new Set(first).size).toBe(3);
    expect(later).toEqual(first);
    const aboutMeetings = dueReminders(withMeeting(cancelled), context, at('2026-11-25T09:00:00Z')).filter((i) =>
      i.rule.startsWith('meeting.'),
    );
    expect(aboutMeetings.map((i) => i.rule)).toEqual([
      MEETING_CANCELLED_RULE,
      MEETING_CANCELLED_RULE,
      MEETING_CANCELLED_RULE,
    ]);
  });

  it('tells them again only if the meeting was put back in the diary and cancelled again', () => {
    const again = { ...cancelled, statusSetAt: at('2026-11-23T15:00:00Z') };
    const first = notices(withMeeting(cancelled), CANCELLED_AT).map((intent) => intent.key);
    const second = notices(withMeeting(again), at('2026-11-23T15:00:00Z')).map((intent) => intent.key);
    expect(second.some((key) => first.includes(key))).toBe(false);
  });

  it('says nothing of a meeting that is not cancelled', () => {
    expect(notices(withMeeting(scheduled), CANCELLED_AT)).toEqual([]);
    expect(notices(withMeeting({ ...cancelled, status: 'held' }), CANCELLED_AT)).toEqual([]);
  });

  it('says nothing once the meeting would have started, or of a cancellation from before a reopening', () => {
    expect(notices(withMeeting(cancelled), at('2026-11-26T10:00:00Z'))).toEqual([]);
    const reopened = withMeeting(cancelled, { reopenedAt: at('2026-11-21T09:00:00Z') });
    expect(notices(reopened, at('2026-11-21T09:00:00Z'))).toEqual([]);
  });

  it('is sent while the meeting stays cancelled and still to come, to someone still invited', () => {
    const [notice] = notices(withMeeting(cancelled), CANCELLED_AT);
    const sendAt = at('2026-11-20T11:00:05Z');
    expect(reminderCurrency(withMeeting(cancelled), notice, sendAt)).toEqual({ current: true });
    expect(reminderCurrency(withMeeting(scheduled), notice, sendAt)).toEqual({
      current: false,
      reason: 'meeting-reinstated',
    });
    expect(reminderCurrency(withMeeting(cancelled), notice, at('2026-11-26T10:00:00Z'))).toEqual({
      current: false,
      reason: 'meeting-started',
    });
    expect(reminderCurrency(withMeeting({ ...cancelled, invitations: [] }), notice, sendAt)).toEqual({
      current: false,
      reason: 'invitation-withdrawn',
    });
    // A meeting cancelled with its review is still told (review-cancelled-meetings.test.ts).
    expect(reminderCurrency({ ...withMeeting(cancelled), status: 'cancelled' }, notice, sendAt)).toEqual({
      current: true,
    });
  });
});

describe('what was waiting to go out about a meeting that is then cancelled', () => {
  const review = withMeeting(scheduled);
  const queuedAt = (now: string, rule: string) => {
    const intent = dueReminders(review, context, at(now)).find((i) => i.rule === rule);
    if (!intent) throw new Error(`no ${rule} due at ${now}`);
    return intent;
  };

  it.each([
    ['meeting.invitation', '2026-10-27T14:00:00Z'],
    ['meeting.rsvp-nudge', '2026-10-30T09:00:00Z'],
    ['meeting.reminder', '2026-11-19T09:00:00Z'],
    ['meeting.attendance-list', '2026-11-24T09:00:00Z'],
  ])('%s, queued before the cancellation, is not sent after it', (rule, queued) => {
    const intent = queuedAt(queued, rule);
    const sendAt = at('2026-11-24T09:00:05Z');
    expect(reminderCurrency(review, intent, sendAt)).toEqual({ current: true });
    expect(reminderCurrency(withMeeting(cancelled), intent, sendAt)).toEqual({
      current: false,
      reason: 'meeting-cancelled',
    });
  });

  it('and the engine queues none of them for the cancelled meeting', () => {
    for (const now of ['2026-10-30T09:00:00Z', '2026-11-19T09:00:00Z', '2026-11-25T09:00:00Z']) {
      const cancelledEarly = withMeeting({ ...cancelled, statusSetAt: at('2026-10-27T15:00:00Z') });
      expect(dueReminders(cancelledEarly, context, at(now)).filter((i) => i.rule.startsWith('meeting.'))).toEqual(
        notices(cancelledEarly, at(now)),
      );
    }
  });
});
