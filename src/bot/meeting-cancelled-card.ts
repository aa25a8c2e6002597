/**
 * The notice that a meeting is cancelled (`cards/meeting-cancelled.json`), one to one to each
 * invitee who had not declined: which meeting (its kind, the review's reference and pseudonym, its
 * title since this goes to one person), when it was to start, who cancelled it, the lead officer to
 * ask, and the meeting's calendar link, which now serves a cancellation that takes the event out of
 * the person's calendar. Built from the store when it is sent, like the invitation.
 */
import type { Store } from '../store';
import { meetingCalendarLink, meetingKindWords } from './calendar-file';
import { type CalendarLinkSettings, leadOfficerNames, meetingWhen } from './invitation-card';
import type { CardAnswer } from './present-card';
import { answer } from './present-card';

export interface CancelledMeetingNotice {
  tenantId: string;
  timeZone: string;
  /** The invitation's subject id, `meeting/person`, each part percent-encoded. */
  invitationId: string;
  /** Who cancelled it, when the command that did it said so (a sweep catching up does not know). */
  cancelledByPersonId: string | null;
}

export async function meetingCancelledCard(
  store: Store,
  links: CalendarLinkSettings,
  notice: CancelledMeetingNotice,
  now: Date,
): Promise<CardAnswer> {
  const [meetingId, personId] = notice.invitationId.split('/').map(decodeURIComponent);
  const meeting = await store.meetings.get(notice.tenantId, meetingId);
  const review = await store.reviews.load(notice.tenantId, meeting.reviewId);
  const by = notice.cancelledByPersonId;
  const cancelledBy =
    by === null ? '' : by === personId ? 'you' : (await store.people.get(notice.tenantId, by)).displayName;
  return answer('meeting-cancelled', {
    kindName: meetingKindWords(meeting.kind),
    reference: review.reference,
    subjectPseudonym: review.subjectPseudonym,
    meetingTitle: meeting.title,
    when: meetingWhen(meeting, notice.timeZone),
    cancelledBy,
    leadOfficer: await leadOfficerNames(store, review),
    calendarUrl: meetingCalendarLink(links, notice.tenantId, meeting, now),
  });
}
