/**
 * Sends a card to one person in their personal chat with the bot: through the reference saved when
 * they last wrote there, or by opening the chat (Teams allows it when the app is installed for them).
 */
import { CardFactory, type ConversationParameters, type TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { AuthenticationConstants } from 'botframework-connector';
import type { Logger } from '../logger';
import type { Person, Store } from '../store';
import { fromStoredReference, toStoredReference } from './conversation-references';

export function oneToOneSender(adapter: TeamsAdapter, appId: string, store: Store, logger: Logger) {
  return async (
    turn: TurnContext,
    tenantId: string,
    person: Person,
    card: Record<string, unknown>,
  ): Promise<boolean> => {
    const message = { attachments: [CardFactory.adaptiveCard(card)] };
    try {
      const known = (await store.conversationReferences.listForPerson(tenantId, person.id)).find(
        (ref) => ref.conversation.conversationType === 'personal',
      );
      if (known) {
        await adapter.continueConversationAsync(appId, fromStoredReference(known), async (context) => {
          await context.sendActivity(message);
        });
        return true;
      }
      const parameters = {
        isGroup: false,
        bot: turn.activity.recipient,
        members: [turn.activity.from],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      } as ConversationParameters;
      await adapter.createConversationAsync(
        appId,
        'msteams',
        turn.activity.serviceUrl,
        AuthenticationConstants.ToChannelFromBotOAuthScope,
        parameters,
        async (context) => {
          const stored = toStoredReference(
            { ...context.activity, conversation: { ...context.activity.conversation, conversationType: 'personal' } },
            tenantId,
          );
          await store.conversationReferences.save(tenantId, person.id, person.id, stored);
          await context.sendActivity(message);
        },
      );
      return true;
    } catch (error) {
      logger.warn(
        { tenantId, personId: person.id, err: { message: (error as Error).message } },
        'could not reach a person one to one',
      );
      return false;
    }
  };
}
