/**
 * Answers that belong in a person's personal chat with the bot (their own data, erasing someone):
 * asked for in a group chat or a channel, the answer goes to the personal chat (opened if need be)
 * and the shared conversation is told only that it went there. A refusal or a problem is said
 * where the person asked, as it names nothing.
 */
import { answer, type CardAnswer } from './present-card';
import { isShared } from './scope-rules';
import type { BotTurnContext } from './turn-context';

export async function answerOneToOne(ctx: BotTurnContext, result: CardAnswer): Promise<CardAnswer> {
  if (!isShared(ctx.scope) || result.card === 'problem' || result.card === 'not-allowed') return result;
  const sent = await ctx.replyOneToOne(result);
  return answer('answered-one-to-one', { sent });
}
