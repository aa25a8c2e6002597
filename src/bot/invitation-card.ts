/**
 * The invitation card (`cards/invitation.json`), one to one: what the meeting or event is, when,
 * where or its online link, who organises it, and, for a Practitioner or Strategic Managers event
 * or a briefing, what to expect, how to prepare and who supports the person (their agency's Review
 * Team member by name and the agency's support details; where none is recorded, the lead officer to
 * ask), in the spirit of the information for review participants (seed 004). The answer buttons
 * name the invitation (meeting and person); `actions/answer-invitation.ts` checks them.
 *
 * The same card is sent by the reminder sender and returned when the person answers, so it is built
 * here from the store as it stands: the meeting's title is looked up now and shown only one to one.
 */
import type { Meeting, MeetingKind, Review } from '../domain';
import type { Store } from '../store';
import { meetingCalendarLink, meetingKindWords } from './calendar-file';
import { answer, type CardAnswer } from './present-card';
import { sayDayAndTime } from './say-date';

export interface CalendarLinkSettings {
  publicUrl: string;
  calendarLinkSecret: string;
}

/** Events whose invitation says what to expect and how to prepare (004). */
const EVENT_KINDS: ReadonlySet<MeetingKind> = new Set(['practitioner_event', 'strategic_managers_event', 'briefing']);

export const ANSWER_WORDS = {
  attending: 'Attending',
  not_attending: 'Not attending',
  tentative: 'Tentative',
} as const;

/** When a meeting runs, in words: "Tuesday 1 December 2026 at 10:00 to 12:30". */
export function meetingWhen(meeting: Pick<Meeting, 'startsAt' | 'endsAt'>, timeZone: string): string {
  const starts = sayDayAndTime(meeting.startsAt, timeZone);
  if (!meeting.endsAt) return starts;
  const ends = sayDayAndTime(meeting.endsAt, timeZone);
  const sameDay = ends.slice(0, ends.indexOf(' at ')) === starts.slice(0, starts.indexOf(' at '));
  return sameDay ? `${starts} to ${ends.slice(ends.indexOf(' at ') + 4)}` : `${starts} to ${ends}`;
}

/** The review's own lead officer(s), else the committee's; never a blank. */
export async function leadOfficerNames(store: Store, review: Review): Promise<string> {
  const own = review.members.filter((m) => m.role === 'lead_officer').map((m) => m.personId);
  const ids =
    own.length > 0 ? own : review.committeeMembers.filter((m) => m.role === 'lead_officer').map((m) => m.personId);
  const names = await Promise.all(
    [...new Set(ids)].map(async (id) => (await store.people.get(review.tenantId, id)).displayName),
  );
  return names.length > 0 ? names.join(' or ') : "the committee's lead officer";
}

/** Who supports this person in this review, and their agency's support details, as recorded. */
async function supportFor(store: Store, review: Review, personId: string) {
  const member =
    review.members.find((m) => m.personId === personId && m.role === 'practitioner') ??
    review.members.find((m) => m.personId === personId && m.agencyId !== null);
  const supporterId = member?.supporterPersonId ?? null;
  const supporter = supporterId ? (await store.people.get(review.tenantId, supporterId)).displayName : '';
  const agency = member?.agencyId ? await store.agencies.get(review.tenantId, member.agencyId) : null;
  return {
    supporter,
    agencyName: agency?.name ?? '',
    supportContact: agency?.supportContact ?? '',
    employeeAssistance: agency?.employeeAssistance ?? '',
  };
}

/** The invitation card for one person, as the store holds it now. */
export async function invitationCard(
  store: Store,
  links: CalendarLinkSettings,
  tenantId: string,
  timeZone: string,
  meetingId: string,
  personId: string,
  now: Date,
): Promise<CardAnswer> {
  const meeting = await store.meetings.get(tenantId, meetingId);
  const review = await store.reviews.load(tenantId, meeting.reviewId);
  const invitation = meeting.invitations.find((i) => i.personId === personId);
  const leadOfficer = await leadOfficerNames(store, review);
  const support = EVENT_KINDS.has(meeting.kind)
    ? await supportFor(store, review, personId)
    : { supporter: '', agencyName: '', supportContact: '', employeeAssistance: '' };
  return answer('invitation', {
    kindName: meetingKindWords(meeting.kind),
    reference: review.reference,
    referenceValue: review.reference,
    subjectPseudonym: review.subjectPseudonym,
    meetingTitle: meeting.title,
    when: meetingWhen(meeting, timeZone),
    venue: meeting.venue ?? '',
    onlineLink: meeting.onlineLink ?? '',
    organiser: leadOfficer,
    leadOfficer,
    isEvent: EVENT_KINDS.has(meeting.kind),
    ...support,
    answerWords: invitation?.response ? ANSWER_WORDS[invitation.response] : '',
    answeredAt: invitation?.respondedAt ? sayDayAndTime(invitation.respondedAt, timeZone) : '',
    noteValue: invitation?.note ?? '',
    meetingId: meeting.id,
    personId,
    calendarUrl: meetingCalendarLink(links, tenantId, meeting, now),
  });
}
