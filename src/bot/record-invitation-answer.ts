/**
 * Records one person's answer to their own invitation: the one path for the card's buttons and for
 * a typed reply. The invitation must be theirs, in this committee, for a meeting still to come and
 * not cancelled; anything else is refused with a sentence and logged (ids and the reason only,
 * never the note).
 */
import type { InvitationResponse } from '../domain';
import { InvalidValueError, NotFoundError } from '../store';
import type { ScheduledMeeting } from '../store/meetings-repository';
import type { BotTurnContext } from './turn-context';

export type AnswerRefusal = 'not_invitee' | 'meeting_cancelled' | 'meeting_past';

export type AnswerOutcome =
  { recorded: true; meeting: ScheduledMeeting } | { recorded: false; refusal: AnswerRefusal; sentence: string };

/** The same sentence whether the meeting is someone else's, another committee's, or does not exist. */
const NOT_YOURS = 'That invitation is not one I can find for you, so nothing was changed.';

export async function recordInvitationAnswer(
  ctx: BotTurnContext,
  invitation: { meetingId: string; personId: string },
  response: InvitationResponse,
  note: string | null,
  how: 'button' | 'typed',
): Promise<AnswerOutcome> {
  const refuse = (refusal: AnswerRefusal, sentence: string): AnswerOutcome => {
    ctx.logger.warn({ tenantId: ctx.tenantId, personId: ctx.person.id, how, refusal }, 'invitation answer refused');
    return { recorded: false, refusal, sentence };
  };
  if (invitation.personId !== ctx.person.id) return refuse('not_invitee', NOT_YOURS);
  let meeting: ScheduledMeeting;
  try {
    meeting = await ctx.store.meetings.get(ctx.tenantId, invitation.meetingId);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof InvalidValueError) return refuse('not_invitee', NOT_YOURS);
    throw error;
  }
  if (!meeting.invitations.some((i) => i.personId === ctx.person.id)) return refuse('not_invitee', NOT_YOURS);
  if (meeting.status === 'cancelled')
    return refuse('meeting_cancelled', 'That meeting has been cancelled, so there is nothing to answer.');
  if (meeting.status === 'held' || meeting.startsAt.getTime() <= ctx.now().getTime())
    return refuse('meeting_past', 'That meeting has already started, so the answer can no longer be changed.');
  const text = note?.trim() ? note.trim() : null;
  await ctx.store.meetings.respond(ctx.tenantId, ctx.person.id, meeting.id, ctx.person.id, response, text);
  ctx.logger.info(
    { tenantId: ctx.tenantId, personId: ctx.person.id, meetingId: meeting.id, how, response },
    'invitation answered',
  );
  return { recorded: true, meeting };
}
