/**
 * botbuilder's ConversationReference to and from the store's plain JSON shape, so the store does not
 * depend on the bot framework. Only the fields a later message needs are kept: not the activity id,
 * which changes every turn and would rewrite (and audit) the reference each time, and not the
 * person's name, which a later message does not need.
 */
import { type ConversationReference, TurnContext } from 'botbuilder';
import type { Activity } from 'botbuilder';
import type { StoredConversationReference } from '../store';

/** `tenantId` is the one the gate admitted (lower case), whatever case the activity used. */
export function toStoredReference(activity: Partial<Activity>, tenantId: string): StoredConversationReference {
  const ref = TurnContext.getConversationReference(activity);
  const conversation = ref.conversation;
  if (!conversation?.id) throw new Error('An activity without a conversation has no reference');
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    locale: ref.locale,
    bot: ref.bot ? { id: ref.bot.id, name: ref.bot.name } : undefined,
    // The person's name is not kept here: the people table holds it, where it can be corrected or erased.
    user: ref.user ? { id: ref.user.id, aadObjectId: ref.user.aadObjectId } : undefined,
    conversation: {
      id: conversation.id,
      tenantId,
      conversationType: conversation.conversationType,
      isGroup: conversation.isGroup,
    },
  };
}

export function fromStoredReference(stored: StoredConversationReference): Partial<ConversationReference> {
  return stored as unknown as Partial<ConversationReference>;
}
