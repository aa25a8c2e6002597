/**
 * Who is speaking, where, and with what: one object per turn, built once before any handler runs.
 * Handlers receive it and never dig into the raw activity. Building it also finds or adds the
 * person (Entra object id first), refreshes their display name, and saves the conversation's
 * reference so the reminder sender can write to them later.
 */
import { CardFactory, TeamsInfo, type TurnContext } from 'botbuilder';
import { committeeEngine, type EngineContext, type EngineSetup } from '../domain';
import type { Logger } from '../logger';
import type { Person, Store } from '../store';
import { toStoredReference } from './conversation-references';
import { type CardAnswer, presentCard } from './present-card';
import type { RoleLookup } from './role-lookup';
import type { Scope } from './scope-rules';

export interface BotTurnContext {
  readonly tenantId: string;
  readonly person: Person;
  readonly scope: Scope;
  readonly conversationId: string;
  readonly store: Store;
  /** The timeline engine with the committee's calendar. */
  readonly engine: EngineContext;
  /** The committee's IANA time zone: dates are read and said in it. */
  readonly timeZone: string;
  readonly roles: RoleLookup;
  readonly logger: Logger;
  now(): Date;
  /** Sends an answer to this conversation, through the scope rules. */
  reply(answer: CardAnswer): Promise<void>;
  /** Sends an answer to this person in their personal chat with the bot; false if it cannot be reached. */
  replyOneToOne(answer: CardAnswer): Promise<boolean>;
  /** Something was queued in the outbox that must go at once: the sender looks now, not at its next poll. */
  wakeSender(): void;
}

export interface TurnContextDependencies {
  store: Store;
  engine: EngineSetup;
  roles: RoleLookup;
  logger: Logger;
  now: () => Date;
  /** Whether lead officers are named by e-mail, so a person's address is worth looking up once. */
  needsEmail: boolean;
  /** Delivers a card to one person's personal chat (creating the chat if needed). */
  sendOneToOne(turn: TurnContext, tenantId: string, person: Person, card: Record<string, unknown>): Promise<boolean>;
  /** People whose roster entry was already asked for in this process, so it is asked once. */
  rosterAsked: Set<string>;
  wakeSender(): void;
}

const ACTOR_SYSTEM = 'system';

/** Teams' conversation types; anything unexpected is treated as the most public. */
export function scopeOf(conversationType: string | undefined): Scope {
  if (conversationType === 'personal') return 'personal';
  if (conversationType === 'groupChat') return 'groupChat';
  return 'channel';
}

/** The person's e-mail address or UPN from the conversation's roster; null when Teams will not say. */
async function rosterEmail(turn: TurnContext, logger: Logger): Promise<string | null> {
  try {
    const member = await TeamsInfo.getMember(turn, turn.activity.from.id);
    const address = member.email ?? member.userPrincipalName;
    return typeof address === 'string' && address.includes('@') ? address : null;
  } catch (error) {
    logger.warn({ err: { message: (error as Error).message } }, 'could not read the member from the roster');
    return null;
  }
}

export async function buildTurnContext(
  turn: TurnContext,
  tenantId: string,
  deps: TurnContextDependencies,
): Promise<BotTurnContext> {
  const { activity } = turn;
  const { store, logger } = deps;
  const from = activity.from;
  const known = from.aadObjectId
    ? await store.people.findByAadObjectId(tenantId, from.aadObjectId)
    : await store.people.findByTeamsUserId(tenantId, from.id);
  const askRoster = deps.needsEmail && !known?.email && !deps.rosterAsked.has(`${tenantId}/${from.id}`);
  if (askRoster) deps.rosterAsked.add(`${tenantId}/${from.id}`);
  const email = known?.email ?? (askRoster ? await rosterEmail(turn, logger) : null);
  const person = await store.people.upsert(tenantId, known?.id ?? ACTOR_SYSTEM, {
    teamsUserId: from.id,
    aadObjectId: from.aadObjectId ?? null,
    displayName: from.name?.trim() || 'Someone',
    email,
  });
  await store.conversationReferences.save(tenantId, person.id, person.id, toStoredReference(activity, tenantId));

  const committee = await store.committees.get(tenantId);
  const calendar = await store.committees.calendarOf(tenantId);
  const timeZone = calendar.timeZone;
  const scope = scopeOf(activity.conversation.conversationType);

  return {
    tenantId,
    person,
    scope,
    conversationId: activity.conversation.id,
    store,
    engine: committeeEngine(deps.engine, calendar, committee?.reminderTime),
    timeZone,
    roles: deps.roles,
    logger,
    now: deps.now,
    async reply(answer) {
      await turn.sendActivity({ attachments: [CardFactory.adaptiveCard(presentCard(scope, answer))] });
    },
    replyOneToOne(answer) {
      return deps.sendOneToOne(turn, tenantId, person, presentCard('personal', answer));
    },
    wakeSender: () => deps.wakeSender(),
  };
}
