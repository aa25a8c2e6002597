/**
 * The Teams application: the teams-ai `Application` on a `TeamsAdapter`, with the bot's routes.
 * Knows nothing of HTTP; `src/server.ts` feeds it requests.
 */
import { ActivityTypes, CardFactory, type TurnContext } from 'botbuilder';
import { type AdaptiveCard, Application, TeamsAdapter } from '@microsoft/teams-ai';
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
import type { EngineSetup, ReminderIntent } from '../domain';
import type { Store } from '../store';
import { submitNewReview } from './actions/submit-new-review';
import { keepForgottenAction, restoreNameAction } from './actions/erased-person-choice';
import { cancelForgetAction, forgetPersonAction } from './actions/forget-person';
import { erasedAnswer } from './erased-answer';
import { nameAuthorAction, submitReportAction } from './actions/report-actions';
import { runCommandAction } from './actions/run-command';
import { submitHandover, submitPersonRole } from './actions/submit-people-forms';
import { editCommitteeAction } from './actions/edit-committee';
import { sendDetailsAction } from './actions/send-details';
import { bookMeetingAction, remindSeniorManagersAction } from './actions/deadline-actions';
import { answerInvitationAction } from './actions/answer-invitation';
import { raiseConcernAction } from './actions/raise-concern';
import { type ActionDefinition, runAction, unknownVerb } from './card-actions';
import { type CommandDefinition, createCommandRouter } from './command-router';
import { commandDefinitions } from './commands';
import { checkInbound } from './inbound-gate';
import { parseCommand } from './parse-command';
import { presentCard } from './present-card';
import { offeredFile, reportFromFile } from './report-file';
import { renderCard } from './render-card';
import { reuseServiceClients } from './reuse-service-clients';
import { storeRoleLookup, type RoleLookup } from './role-lookup';
import { oneToOneSender } from './send-one-to-one';
import { type BotTurnContext, buildTurnContext, type TurnContextDependencies } from './turn-context';
import { answerTypedReply } from './typed-invitation-reply';

export interface BotDependencies {
  config: Pick<
    Config,
    'bot' | 'allowedTenants' | 'leadOfficers' | 'calendar' | 'env' | 'publicUrl' | 'calendarLinkSecret'
  >;
  store: Store;
  /** The process templates, reminder policy and calendar loaded at start. */
  engine: EngineSetup;
  logger: Logger;
  now?: () => Date;
  /** Who holds which role; by default the committee roles and review members in the store, with LEAD_OFFICERS. */
  roles?: RoleLookup;
  /**
   * Queues a message now (a chair's "remind the senior managers now", a meeting's invitations) and
   * wakes the reminder sender. Defaults to the outbox alone: the sender's next poll finds it.
   */
  queueReminder?: (intent: ReminderIntent) => Promise<{ created: boolean }>;
  /** Wakes the reminder sender when something must go at once (a safeguarding concern's alerts). */
  wakeSender?: () => void;
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
  /** One inbound turn: the gate, then the application. False when refused or not handled. */
  runTurn(turn: TurnContext): Promise<boolean>;
}

/** The tenant the gate admitted, in botbuilder's turn state. */
const TENANT = Symbol('learning-review tenant');

/** An Action.Execute delivered twice: the first did the work; the repeat is told so. */
const ALREADY_HANDLED = {
  type: 'invokeResponse',
  value: {
    status: 200,
    body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'That was already done.' },
  },
};

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
  // `botFrameworkAuthentication` is protected on CloudAdapter; this is the one place it is reached.
  const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication })
    .botFrameworkAuthentication;
  refuseBadTokensWith401(auth);
  reuseServiceClients(auth);
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
function refuseBadTokensWith401(auth: BotFrameworkAuthentication): void {
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

/** Every rendered template is an AdaptiveCard at its root. */
const asAdaptiveCard = (card: Record<string, unknown>): AdaptiveCard => ({ ...card, type: 'AdaptiveCard' });

/** Where the per-turn context waits for the routes, in botbuilder's turn state. */
const TURN_CONTEXT = Symbol('learning-review turn context');

export function createBot(deps: BotDependencies): Bot {
  const { logger, store } = deps;
  const now = deps.now ?? (() => new Date());
  const adapter = createAdapter(deps.config.bot, deps.openIdMetadataUrl, deps.loginUrl);
  const app = new Application({
    adapter,
    // Proactive messages (continueConversationAsync) need the bot's own id when it has credentials.
    botAppId: deps.config.bot.appId,
    // No storage: the bot keeps nothing in teams-ai's conversation or user state (what it knows is in
    // the store's own tables), and with storage teams-ai would read it on every turn.
    removeRecipientMention: true,
    // The bot answers quickly; a typing indicator would only add traffic.
    startTypingTimer: false,
  });

  const definitions = commandDefinitions();
  const router = createCommandRouter(definitions);
  const roles = deps.roles ?? storeRoleLookup(store, deps.config.leadOfficers);
  const contextDeps: TurnContextDependencies = {
    store,
    engine: deps.engine,
    roles,
    logger,
    now,
    needsEmail: deps.config.leadOfficers.some((entry) => entry.includes('@')),
    production: deps.config.env === 'production',
    sendOneToOne: oneToOneSender(adapter, deps.config.bot.appId ?? '', store, logger),
    rosterAsked: new Set(),
    queueReminder:
      deps.queueReminder ??
      (async (intent) => ({ created: (await store.outbox.enqueue(intent.tenantId, intent)).created })),
    calendarLinks: { publicUrl: deps.config.publicUrl, calendarLinkSecret: deps.config.calendarLinkSecret },
    wakeSender: () => deps.wakeSender?.(),
  };

  const contextOf = (turn: TurnContext): BotTurnContext => {
    const ctx = turn.turnState.get<BotTurnContext | undefined>(TURN_CONTEXT);
    if (!ctx) throw new Error('The turn context was not built');
    return ctx;
  };

  // Every turn the gate admitted: a repeat delivery stops here; otherwise who is speaking is settled once.
  app.turn('beforeTurn', async (turn) => {
    const a = turn.activity;
    const tenantId = turn.turnState.get<string>(TENANT);
    const first = await store.inboundActivities.claim(tenantId, {
      channelId: a.channelId,
      conversationId: a.conversation.id,
      activityId: a.id ?? '',
    });
    if (!first) {
      logger.info({ tenantId, activityId: a.id, activityType: a.type }, 'repeat delivery ignored');
      if (a.type === 'invoke') await turn.sendActivity(ALREADY_HANDLED);
      return false;
    }
    if (a.from?.id) turn.turnState.set(TURN_CONTEXT, await buildTurnContext(turn, tenantId, contextDeps));
    return true;
  });

  // Card actions first: the first matching route wins, and the message catch-all comes last.
  const actions: ActionDefinition[] = [
    submitNewReview,
    submitReportAction,
    nameAuthorAction,
    sendDetailsAction(router),
    forgetPersonAction,
    cancelForgetAction,
    restoreNameAction,
    keepForgottenAction,
    remindSeniorManagersAction,
    bookMeetingAction(router),
    submitPersonRole(router),
    submitHandover(router),
    editCommitteeAction(router),
    answerInvitationAction(deps.config),
    raiseConcernAction,
    ...definitions.filter((d) => d.name !== 'help').map((d) => runCommandAction(d, router)),
  ];
  for (const action of actions) {
    app.adaptiveCards.actionExecute(action.verb, async (turn, _state, data) => {
      const ctx = contextOf(turn);
      const result = await runAction(ctx, action, data);
      const card = asAdaptiveCard(presentCard(ctx.scope, result));
      // Only a person's own click (not an automatic refresh) may change the card for everyone.
      const manual = (turn.activity.value as { trigger?: unknown } | undefined)?.trigger === 'manual';
      if (manual && turn.activity.replyToId && action.replacesForEveryone?.(result)) {
        await turn.updateActivity({
          id: turn.activity.replyToId,
          type: 'message',
          attachments: [CardFactory.adaptiveCard(card)],
        });
      }
      return card;
    });
  }
  app.adaptiveCards.actionExecute(/.*/, (turn) => {
    const ctx = contextOf(turn);
    const verb = (turn.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    return Promise.resolve(
      asAdaptiveCard(presentCard(ctx.scope, unknownVerb(ctx, typeof verb === 'string' ? verb : ''))),
    );
  });

  // A command goes to the router first; only a line that is not one may be a typed answer to an
  // invitation (personal chat only); anything else is the router's to answer.
  app.activity(ActivityTypes.Message, async (turn) => {
    const ctx = contextOf(turn);
    // Someone erased is asked first whether to use their name again; nothing they ask for is done.
    if (ctx.erased) return ctx.reply(erasedAnswer(ctx));
    // A file attached in the personal chat is a report, sent with `report LR-...` as its message.
    const file = offeredFile(turn.activity.attachments);
    if (file) return ctx.reply(await reportFromFile(ctx, turn.activity.text ?? '', file));
    // An answer typed to an invitation, unless the line is a command (commands come first).
    const text = turn.activity.text ?? '';
    const command = parseCommand(text);
    const typed = command.slashed || router.find(command.name) ? null : await answerTypedReply(ctx, text);
    await ctx.reply(typed ?? (await router.answerText(ctx, text)));
  });

  // Greet once, when the bot itself is added: Teams sends that on a personal install and when the
  // bot joins a group chat or team. People who join a team later are not greeted in the channel.
  app.conversationUpdate('membersAdded', async (turn) => {
    const botId = turn.activity.recipient?.id;
    if ((turn.activity.membersAdded ?? []).some((m) => m.id === botId)) {
      const ctx = contextOf(turn);
      await ctx.reply(await router.answerCommand(ctx, 'help', ''));
    }
  });

  const newErrorId = deps.newErrorId ?? (() => `E-${randomBytes(4).toString('hex').toUpperCase()}`);
  app.error(async (turn, error) => {
    const errorId = newErrorId();
    logger.error(
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
      logger.error(
        { errorId, err: { message: (sendError as Error)?.message } },
        'could not tell the user about a failed turn',
      );
    }
  });

  return {
    app,
    adapter,
    commands: definitions,
    async runTurn(turn) {
      const verdict = checkInbound(turn.activity, deps.config.allowedTenants);
      if (!verdict.admitted) {
        const a = turn.activity;
        logger.warn(
          {
            refusal: verdict.reason,
            activityType: a.type,
            activityId: a.id,
            channelId: a.channelId,
            tenantId: a.conversation?.tenantId,
          },
          'activity refused',
        );
        return false;
      }
      turn.turnState.set(TENANT, verdict.tenantId);
      return app.run(turn);
    },
  };
}
