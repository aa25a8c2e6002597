/**
 * The Teams application: the teams-ai `Application` on a `TeamsAdapter`, with the bot's routes.
 * Knows nothing of HTTP; `src/server.ts` feeds it requests.
 */
import { ActivityTypes, Storage } from 'botbuilder';
import { Application, TeamsAdapter } from '@microsoft/teams-ai';
import {
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  MsalServiceClientCredentialsFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { CallerIdConstants, StatusCodes } from 'botbuilder';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { CommandDefinition, commandDefinitions, createCommandRouter } from './commands';
import { renderCard } from './render-card';

export interface BotDependencies {
  config: Pick<Config, 'bot'>;
  storage: Storage;
  logger: Logger;
  /** Makes the id a person quotes to support when a turn fails; injectable for tests. */
  newErrorId?: () => string;
  /**
   * Where inbound tokens' signing keys are published. Defaults to the Bot Framework's own; tests
   * point it at a stand-in because the real one cannot be reached from the test machines.
   */
  openIdMetadataUrl?: string;
  /**
   * Where the bot gets its own token (Microsoft Entra's login address). Defaults to
   * https://login.microsoftonline.com/; tests point it at a stand-in token service over TLS.
   */
  loginUrl?: string;
}

export interface Bot {
  app: Application;
  adapter: TeamsAdapter;
  commands: readonly CommandDefinition[];
}

export function createAdapter(bot: Config['bot'], openIdMetadataUrl?: string, loginUrl?: string): TeamsAdapter {
  const adapter = new TeamsAdapter(
    {
      MicrosoftAppId: bot.appId ?? '',
      MicrosoftAppPassword: bot.password ?? '',
      // Without an app id nothing is authenticated (local use). The SDK knows that mode only under
      // MultiTenant: for the other types it refuses to start without an id, whatever the default type.
      MicrosoftAppType: bot.appId ? bot.type : 'MultiTenant',
      MicrosoftAppTenantId: bot.tenantId ?? '',
      ...(openIdMetadataUrl ? publicCloudWithKeysFrom(openIdMetadataUrl) : {}),
    },
    clientSecretCredentials(bot, loginUrl),
  );
  refuseBadTokensWith401(adapter);
  return adapter;
}

/**
 * How a bot with a client secret gets its token: an MSAL confidential client for its Entra tenant
 * (its own for single-tenant, botframework.com for an older multi-tenant registration), as the SDK
 * would make it, through the SDK's own factory for an MSAL client. Made here so that the login
 * address can be named: MSAL insists on https and, for a host it does not know, asks
 * login.microsoftonline.com about it first, unless the host is listed as a known authority.
 * A managed identity, or a bot without credentials, keeps the SDK's own factory.
 */
function clientSecretCredentials(bot: Config['bot'], loginUrl?: string): ServiceClientCredentialsFactory | undefined {
  if (!bot.appId || !bot.password || bot.type === 'UserAssignedMSI') return undefined;
  const tenant = bot.type === 'SingleTenant' ? bot.tenantId : AuthenticationConstants.DefaultChannelAuthTenant;
  const base = loginUrl ?? AuthenticationConstants.ToChannelFromBotLoginUrlPrefix;
  const authority = `${base.replace(/\/?$/, '/')}${tenant ?? ''}`;
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: bot.appId,
      clientSecret: bot.password,
      authority,
      ...(loginUrl ? { knownAuthorities: [authority] } : {}),
    },
  });
  return new MsalServiceClientCredentialsFactory(bot.appId, client);
}

/** jsonwebtoken's errors for a token that is forged, malformed or not yet valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * The SDK answers a token whose signature does not verify with 500, as though the bot were broken.
 * It is the caller's fault, so it becomes a 401 like every other bad token. Failures to fetch the
 * signing keys stay 500: those are ours.
 */
function refuseBadTokensWith401(adapter: TeamsAdapter): void {
  // `botFrameworkAuthentication` is protected on CloudAdapter; this is the one place we reach it.
  const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication })
    .botFrameworkAuthentication;
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && TOKEN_ERRORS.has(error.name)) {
        throw new AuthenticationError(`Unauthorized: ${error.message}`, StatusCodes.UNAUTHORIZED);
      }
      throw error;
    }
  };
}

/**
 * Overriding one endpoint makes the Bot Framework SDK expect all of them, so the rest are the public
 * cloud's own values.
 */
function publicCloudWithKeysFrom(openIdMetadataUrl: string) {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

export function createBot(deps: BotDependencies): Bot {
  const adapter = createAdapter(deps.config.bot, deps.openIdMetadataUrl, deps.loginUrl);
  const app = new Application({
    adapter,
    // Proactive messages (continueConversationAsync) need the bot's own id when it has credentials.
    botAppId: deps.config.bot.appId,
    storage: deps.storage,
    removeRecipientMention: true,
    // The bot answers quickly; a typing indicator would only add traffic.
    startTypingTimer: false,
  });

  const definitions = commandDefinitions();
  const router = createCommandRouter(definitions);

  app.activity(ActivityTypes.Message, async (turn) => router.handle(turn));

  // Greet once, when the bot itself is added: Teams sends that on a personal install and when the
  // bot joins a group chat or team. People who join a team later are not greeted in the channel.
  app.conversationUpdate('membersAdded', async (turn) => {
    const botId = turn.activity.recipient?.id;
    if ((turn.activity.membersAdded ?? []).some((m) => m.id === botId)) {
      await router.run('help', turn);
    }
  });

  const newErrorId = deps.newErrorId ?? (() => `E-${randomBytes(4).toString('hex').toUpperCase()}`);
  app.error(async (turn, error) => {
    const errorId = newErrorId();
    deps.logger.error(
      {
        errorId,
        err: { type: error?.name, message: error?.message, stack: error?.stack },
        activityType: turn.activity?.type,
        activityId: turn.activity?.id,
        conversationId: turn.activity?.conversation?.id,
        tenantId: turn.activity?.conversation?.tenantId,
      },
      'turn failed',
    );
    try {
      await turn.sendActivity({ attachments: [renderCard('error', { errorId })] });
    } catch (sendError) {
      deps.logger.error(
        { errorId, err: { message: (sendError as Error)?.message } },
        'could not tell the user about a failed turn',
      );
    }
  });

  return { app, adapter, commands: definitions };
}
