/**
 * Someone erased who writes to the bot again. Their name is not taken from Teams again without
 * saying so and asking: in their personal chat they are told they are known as "Former member N"
 * and asked whether to use their name again (`actions/erased-person-choice.ts`); in a group chat or
 * channel, where others read, they are only asked to write one to one. Nothing they ask for is
 * done while their name is forgotten.
 */
import { problem } from './command-router';
import { answer, type CardAnswer } from './present-card';
import { sayDay } from './say-date';
import { isShared } from './scope-rules';
import type { BotTurnContext } from './turn-context';

export function erasedAnswer(ctx: BotTurnContext): CardAnswer {
  const erased = ctx.erased!;
  if (isShared(ctx.scope))
    return problem('Please write to me in your personal chat with me: I can only answer you there.');
  return answer('erased-notice', {
    erasedOn: sayDay(erased.erasedAt, ctx.timeZone),
    formerName: erased.displayName,
    teamsName: ctx.teamsAccount.name || 'the name Teams has for you',
  });
}
