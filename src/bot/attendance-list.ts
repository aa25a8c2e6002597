/**
 * Who answered what to a meeting's invitations: the attendance list the organiser and the chair
 * see (`meeting LR-2026-001 consideration`, and the sender's reminder two working days before).
 * Names and notes are for one to one: in a group chat or channel only the counts are shown.
 */
import type { InvitationResponse, Meeting } from '../domain';
import type { Store } from '../store';
import { meetingKindWords } from './calendar-file';
import { ANSWER_WORDS, meetingWhen } from './invitation-card';
import { answer, type CardAnswer } from './present-card';

const ORDER: Array<InvitationResponse | null> = ['attending', 'tentative', 'not_attending', null];

export async function attendanceCard(
  store: Store,
  tenantId: string,
  timeZone: string,
  meeting: Meeting,
  review: { reference: string; subjectPseudonym: string },
  options: { withNames: boolean; detailsCommand?: string },
): Promise<CardAnswer> {
  const count = (response: InvitationResponse | null) =>
    meeting.invitations.filter((i) => i.response === response).length;
  const people = options.withNames
    ? await Promise.all(
        [...meeting.invitations]
          .sort((a, b) => ORDER.indexOf(a.response) - ORDER.indexOf(b.response))
          .map(async (invitation) => ({
            name: (await store.people.get(tenantId, invitation.personId)).displayName,
            answerWords: invitation.response ? ANSWER_WORDS[invitation.response] : 'not yet answered',
            note: invitation.note ?? '',
          })),
      )
    : [];
  return answer(
    'attendance',
    {
      kindName: meetingKindWords(meeting.kind),
      when: meetingWhen(meeting, timeZone),
      reference: review.reference,
      pseudonym: review.subjectPseudonym,
      invited: meeting.invitations.length,
      attending: count('attending'),
      notAttending: count('not_attending'),
      tentative: count('tentative'),
      noAnswer: count(null),
      people,
      withNames: options.withNames,
      // In a shared conversation the names are left out; this field (never shown there) says so.
      ...(options.withNames ? {} : { namesWithheld: true }),
    },
    options.detailsCommand,
  );
}
