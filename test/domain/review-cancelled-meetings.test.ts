/**
 * A review cancelled (or closed) with meetings still to come: the engine says nothing more about
 * the review, except that each of its cancelled meetings ahead will not take place, told once to
 * each invitee who had not declined, with the same notice (and key) as a meeting cancelled on its
 * own; and that notice is still sent although the review is over. The meeting starts on Thursday
 * 26 November 2026 at 10:00 (UTC = London); it and the review are cancelled on 20 November.
 */
import {
  dueReminders,
  MEETING_CANCELLED_RULE,
  meetingsCancelledWith,
  reminderCurrency,
  type Review,
} from '../../src/domain';
import type { Meeting } from '../../src/domain/model';
import { createEngineContext } from '../../src/templates/load-templates';
import { invitationWith, meetingWith, reviewWith } from '../fixtures/synthetic-reviews';

const context = createEngineContext();
const at = (iso: string) => new Date(iso);

const CANCELLED_AT = at('2026-11-20T11:00:00Z');
const invitations = [
  invitationWith({ personId: 'person-p1' }),
  invitationWith({ personId: 'person-p2', response: 'not_attending', respondedAt: at('2026-10-28T09:00:00Z') }),
];
const cancelledMeeting = meetingWith({ invitations, status: 'cancelled', statusSetAt: CANCELLED_AT });
const over = (status: 'cancelled' | 'closed', meetings: Meeting[], changes: Partial<Review> = {}) =>
  reviewWith({ status, closedAt: CANCELLED_AT, meetings, ...changes });

describe('what the engine says about a review that is over', () => {
  it.each(['cancelled', 'closed'] as const)(
    'a %s review: only that its cancelled meeting ahead will not take place, to each invitee who had not declined',
    (status) => {
      const due = dueReminders(over(status, [cancelledMeeting]), context, CANCELLED_AT);
      expect(due.map((intent) => [intent.rule, intent.audience])).toEqual([
        [MEETING_CANCELLED_RULE, [{ role: 'practitioner', personId: 'person-p1' }]],
      ]);
      // The same notice, under the same key, as while the review was open: a sweep or a repeat adds nothing.
      const whileOpen = dueReminders(reviewWith({ meetings: [cancelledMeeting] }), context, CANCELLED_AT).filter(
        (intent) => intent.rule === MEETING_CANCELLED_RULE,
      );
      expect(due.map((intent) => intent.key)).toEqual(whileOpen.map((intent) => intent.key));
      expect(dueReminders(over(status, [cancelledMeeting]), context, at('2026-11-24T09:00:00Z'))).toEqual(due);
    },
  );

  it('says nothing else: not of a meeting left booked, nor once the cancelled one would have started', () => {
    const booked = meetingWith({ id: 'meeting-2', invitations });
    expect(dueReminders(over('cancelled', [booked]), context, CANCELLED_AT)).toEqual([]);
    expect(dueReminders(over('cancelled', []), context, at('2026-12-20T09:00:00Z'))).toEqual([]);
    expect(dueReminders(over('cancelled', [cancelledMeeting]), context, at('2026-11-26T10:00:00Z'))).toEqual([]);
  });

  it('sends the notice although the review is over, and nothing else queued about it', () => {
    const [notice] = dueReminders(over('cancelled', [cancelledMeeting]), context, CANCELLED_AT);
    const sendAt = at('2026-11-20T11:00:05Z');
    for (const status of ['cancelled', 'closed'] as const) {
      expect(reminderCurrency(over(status, [cancelledMeeting]), notice, sendAt)).toEqual({ current: true });
      expect(
        reminderCurrency(over(status, [cancelledMeeting]), { ...notice, rule: 'meeting.reminder' }, sendAt),
      ).toEqual({ current: false, reason: 'review-closed' });
    }
    // A meeting put back in the diary since is not said to be cancelled.
    const reinstated = { ...cancelledMeeting, status: 'scheduled' as const };
    expect(reminderCurrency(over('cancelled', [reinstated]), notice, sendAt)).toEqual({
      current: false,
      reason: 'meeting-reinstated',
    });
  });

  it('tells nothing again once the review is reopened: the meeting stays cancelled, from before the reopening', () => {
    const reopened = reviewWith({ meetings: [cancelledMeeting], reopenedAt: at('2026-11-21T09:00:00Z') });
    expect(
      dueReminders(reopened, context, at('2026-11-21T09:00:00Z')).filter((i) => i.rule.startsWith('meeting.')),
    ).toEqual([]);
  });
});

describe('the meetings a cancellation took with the review', () => {
  const later = meetingWith({
    id: 'meeting-later',
    startsAt: at('2026-12-03T10:00:00Z'),
    status: 'cancelled',
    statusSetAt: CANCELLED_AT,
  });
  // Called off on its own the day before the review was cancelled.
  const calledOff = meetingWith({
    id: 'meeting-called-off',
    startsAt: at('2026-11-27T10:00:00Z'),
    status: 'cancelled',
    statusSetAt: at('2026-11-19T15:00:00Z'),
  });
  // Already over when the review was cancelled, and cancelled afterwards.
  const past = meetingWith({
    id: 'meeting-past',
    startsAt: at('2026-11-18T10:00:00Z'),
    status: 'cancelled',
    statusSetAt: at('2026-11-20T12:00:00Z'),
  });
  const held = meetingWith({ id: 'meeting-held', startsAt: at('2026-11-30T10:00:00Z'), status: 'held' });

  it('are those cancelled with it while still to come, soonest first', () => {
    const meetings = [later, calledOff, past, held, cancelledMeeting];
    expect(meetingsCancelledWith(over('cancelled', meetings)).map((m) => m.id)).toEqual([
      cancelledMeeting.id,
      later.id,
    ]);
  });

  it('are none for a review that was closed, or is open', () => {
    expect(meetingsCancelledWith(over('closed', [cancelledMeeting]))).toEqual([]);
    expect(meetingsCancelledWith(reviewWith({ meetings: [cancelledMeeting] }))).toEqual([]);
  });
});
