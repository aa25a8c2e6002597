/**
 * A typed answer to an invitation, in a personal chat only: a "yes" typed in a group chat never
 * answers a private invitation. The message is read by `read-invitation-reply.ts`; what was typed is
 * never echoed back, nor kept as the answer's note. With one invitation to answer (or one the reply
 * names by reference, day, date or kind) the answer is recorded and confirmed in one line; with
 * several the bot asks which, with buttons; when it cannot tell, it says what it understood and
 * offers the buttons. Commands are routed before this is asked (see create-bot.ts).
 */
import type { InvitationResponse } from '../domain';
import { problem } from './command-router';
import { meetingKindWords } from './calendar-file';
import { ANSWER_WORDS, meetingWhen } from './invitation-card';
import { answer, type CardAnswer } from './present-card';
import { namesAMeeting, readInvitationReply, replyNames } from './read-invitation-reply';
import { recordInvitationAnswer } from './record-invitation-answer';
import type { BotTurnContext } from './turn-context';

type Open = Awaited<ReturnType<BotTurnContext['store']['meetings']['listInvitationsOf']>>[number];

const ALL: InvitationResponse[] = ['attending', 'not_attending', 'tentative'];

function rowsFor(ctx: BotTurnContext, invitations: Open[], responses: InvitationResponse[]) {
  return invitations.map((m) => ({
    kindName: meetingKindWords(m.kind),
    when: meetingWhen(m, ctx.timeZone),
    reference: m.reference,
    subjectPseudonym: m.subjectPseudonym,
    answerWords: m.invitation.response ? ANSWER_WORDS[m.invitation.response] : '',
    buttons: responses.map((response) => ({
      title: ANSWER_WORDS[response],
      meetingId: m.id,
      personId: ctx.person.id,
      response,
    })),
  }));
}

/** The answer to a typed line if it is a reply to an invitation; null to leave it to the command router. */
export async function answerTypedReply(ctx: BotTurnContext, text: string): Promise<CardAnswer | null> {
  if (ctx.scope !== 'personal') return null;
  const reply = readInvitationReply(text, ctx.now(), ctx.timeZone);
  if (reply.kind === 'none') return null;
  const invitations = await ctx.store.meetings.listInvitationsOf(ctx.tenantId, ctx.person.id, ctx.now());
  const understoodWords =
    reply.kind === 'answer' || reply.understood
      ? ANSWER_WORDS[reply.kind === 'answer' ? reply.response : reply.understood!]
      : '';
  if (invitations.length === 0) {
    // Something unclear from someone with nothing to answer is not about an invitation at all.
    return reply.kind === 'answer'
      ? answer('invitation-reply', { situation: 'none', understoodWords, rows: [] })
      : null;
  }
  const unanswered = invitations.filter((m) => m.invitation.response === null);
  const candidates = namesAMeeting(reply.target)
    ? invitations.filter((m) => replyNames(reply.target, m, ctx.timeZone))
    : unanswered.length > 0
      ? unanswered
      : invitations;

  if (reply.kind === 'unclear') {
    const shown = candidates.length > 0 ? candidates : invitations;
    return answer('invitation-reply', { situation: 'unclear', understoodWords, rows: rowsFor(ctx, shown, ALL) });
  }
  if (candidates.length === 0) {
    return answer('invitation-reply', { situation: 'no-match', understoodWords, rows: rowsFor(ctx, invitations, ALL) });
  }
  if (candidates.length > 1) {
    return answer('invitation-reply', {
      situation: 'which',
      understoodWords,
      count: candidates.length,
      rows: rowsFor(ctx, candidates, [reply.response]),
    });
  }
  const [meeting] = candidates;
  const outcome = await recordInvitationAnswer(
    ctx,
    { meetingId: meeting.id, personId: ctx.person.id },
    reply.response,
    null,
    'typed',
  );
  if (!outcome.recorded) return problem(outcome.sentence);
  return answer('invitation-reply', {
    situation: 'answered',
    answerWords: ANSWER_WORDS[reply.response],
    kindName: meetingKindWords(meeting.kind),
    when: meetingWhen(meeting, ctx.timeZone),
    reference: meeting.reference,
    rows: [],
  });
}
