/**
 * The scheduler's way into Teams, with the Bot Framework adapter: proactive sends through
 * `continueConversationAsync(botAppId, reference, ...)` and new personal chats through
 * `createConversationAsync`. Failures come back as plain `TeamsSendError`s.
 *
 * Retries: the Bot Framework SDK's HTTP pipeline (@azure/core-rest-pipeline's defaultRetryPolicy)
 * retries on its own, inside one call: 429 and 503 that carry Retry-After (waiting as long as it
 * says), 408 and 5xx other than 501 and 505 (exponential, 1 s base), and dropped connections, up
 * to 3 times; never 412, nor 429 without Retry-After. Its `noRetryPolicy` option is ignored by
 * botbuilder-stdlib. For proactive sends that policy is taken out of the pipeline, so that the
 * sender alone retries them, each retry under the rate limits (otherwise one delivery could cost
 * up to four requests that the limiter never saw). Replies inside a turn keep the SDK's retries.
 * Opening a personal chat keeps them too: Teams answers a repeat with the same conversation.
 */
import { CardFactory, type ConversationParameters, type ConversationReference, TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { AuthenticationConstants } from 'botframework-connector';
import type { Logger } from '../logger';
import type { StoredConversationReference } from '../store';
import {
  failureOfStatus,
  parseRetryAfter,
  type PersonalConversationRequest,
  type TeamsMessenger,
  TeamsSendError,
} from '../scheduler/teams-messenger';

interface HttpPipeline {
  removePolicy(options: { name: string }): unknown;
}

/** What the SDK's errors carry: a RestError from @azure/core-rest-pipeline, or MSAL's errors. */
interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  errorCode?: string;
  response?: { headers?: { get?(name: string): string | undefined } };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ENOTFOUND', 'EPIPE']);

export function toTeamsSendError(error: unknown, now = new Date()): TeamsSendError {
  const e = (error ?? {}) as SdkError;
  const message = e.message ?? String(error);
  if (typeof e.statusCode === 'number') {
    const retryAfter = parseRetryAfter(e.response?.headers?.get?.('retry-after'), now);
    return new TeamsSendError(failureOfStatus(e.statusCode), e.statusCode, retryAfter, message);
  }
  // MSAL (getting the bot's own token) fails with an errorCode such as invalid_client, or AADSTS... text.
  if (typeof e.errorCode === 'string' || /AADSTS\d+|invalid_client|unauthorized_client/.test(message)) {
    return new TeamsSendError('authentication', null, null, message);
  }
  if (e.code && NETWORK_CODES.has(e.code)) return new TeamsSendError('network', null, null, message);
  return new TeamsSendError('network', null, null, message);
}

let warnedAboutPipeline = false;

/** Takes the SDK's own retry policy out of this turn's connector client (see the file comment). */
function withoutSdkRetries(turn: TurnContext, logger: Logger): void {
  const client = turn.turnState.get<unknown>(turn.adapter.ConnectorClientKey) as
    { client?: { pipeline?: HttpPipeline } } | undefined;
  const pipeline = client?.client?.pipeline;
  if (pipeline && typeof pipeline.removePolicy === 'function') {
    pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  } else if (!warnedAboutPipeline) {
    warnedAboutPipeline = true;
    logger.warn('could not take the SDK retry policy out of proactive sends; the SDK may retry them too');
  }
}

export function createTeamsMessenger(adapter: TeamsAdapter, botAppId: string, logger: Logger): TeamsMessenger {
  return {
    async send(reference, card) {
      let activityId: string | null = null;
      // Caught inside the turn: an error escaping it would go to the application's turn-error handler
      // (which apologises to the person and swallows it), and the failed send would look like a success.
      let failure: { error: unknown } | null = null;
      try {
        await adapter.continueConversationAsync(
          botAppId,
          reference as unknown as Partial<ConversationReference>,
          async (turn: TurnContext) => {
            try {
              withoutSdkRetries(turn, logger);
              const response = await turn.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
              activityId = response?.id ?? null;
            } catch (error) {
              failure = { error };
            }
          },
        );
      } catch (error) {
        throw toTeamsSendError(error);
      }
      const failed = failure as { error: unknown } | null;
      if (failed) throw toTeamsSendError(failed.error);
      return { activityId };
    },

    async createPersonalConversation(request: PersonalConversationRequest): Promise<StoredConversationReference> {
      const parameters = {
        isGroup: false,
        bot: { id: botAppId, name: 'Learning Review bot' },
        members: [{ id: request.userId }],
        tenantId: request.tenantId,
        channelData: { tenant: { id: request.tenantId } },
      } as unknown as ConversationParameters;
      let reference: Partial<ConversationReference> | null = null;
      try {
        await adapter.createConversationAsync(
          botAppId,
          'msteams',
          request.serviceUrl,
          AuthenticationConstants.ToChannelFromBotOAuthScope,
          parameters,
          (turn: TurnContext) => {
            reference = TurnContext.getConversationReference(turn.activity);
            return Promise.resolve();
          },
        );
      } catch (error) {
        throw toTeamsSendError(error);
      }
      const made = reference as Partial<ConversationReference> | null;
      if (!made?.conversation?.id) throw new TeamsSendError('rejected', null, null, 'Teams returned no conversation');
      return {
        ...made,
        serviceUrl: request.serviceUrl,
        channelId: 'msteams',
        conversation: {
          ...made.conversation,
          id: made.conversation.id,
          tenantId: request.tenantId,
          conversationType: 'personal',
        },
      } as StoredConversationReference;
    },
  };
}
