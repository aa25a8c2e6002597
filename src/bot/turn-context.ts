/**
 * Who is speaking, where, and with what: one object per turn, built once before any handler runs.
 * Handlers receive it and never dig into the raw activity. Building it also finds or adds the
 * person (Entra object id first), refreshes their display name, and saves the conversation's
 * reference so the reminder sender can write to them later.
 *
 * A person who was erased stays erased: they are recognised by the ids they write from, their
 * name is not taken from Teams again, nothing of the conversation is saved, and `erased` tells
 * the handlers so, which ask them before using their name again.
 */
import { CardFactory, TeamsInfo, type TurnContext } from 'botbuilder';
import { committeeEngine, type EngineContext, type EngineSetup, type Meeting, type ReminderIntent } from '../domain';
import type { Logger } from '../logger';
import type { ErasedPerson, Person, Store } from '../store';
import { meetingCalendarLink } from './calendar-file';
import { toStoredReference } from './conversation-references';
import { type CardAnswer, presentCard } from './present-card';
import type { CommitteeRole, RoleLookup } from './role-lookup';
import type { Scope } from './scope-rules';

/** Someone in this conversation as Teams' roster has them. */
export interface RosterEntry {
  teamsUserId: string;
  aadObjectId: string | null;
  name: string;
  /** Their e-mail address or UPN, when Teams says. */
  email: string | null;
}

/** Someone @mentioned in the message (not the bot): the text Teams put in the message, and who it is. */
export interface Mention {
  text: string;
  teamsUserId: string;
  aadObjectId: string | null;
  name: string;
}

/** The same, by the names the review's operations use. */
export type MentionedPerson = Mention;
export type RosterMember = RosterEntry;

export interface BotTurnContext {
  readonly tenantId: string;
  readonly person: Person;
  /** Set when the person speaking was erased: known only as "Former member N" until they choose otherwise. */
  readonly erased: ErasedPerson | null;
  /** How Teams identifies and names the person speaking, for an erased person who asks for their name back. */
  readonly teamsAccount: { teamsUserId: string; aadObjectId: string | null; name: string };
  readonly scope: Scope;
  readonly conversationId: string;
  readonly store: Store;
  /** The timeline engine with the committee's calendar. */
  readonly engine: EngineContext;
  /** The committee's IANA time zone: dates are read and said in it. */
  readonly timeZone: string;
  readonly roles: RoleLookup;
  readonly logger: Logger;
  /** Whether this is the production service: demo data is never made there. */
  readonly production: boolean;
  /** The people @mentioned in the message, the bot left out. */
  readonly mentions: readonly Mention[];
  now(): Date;
  /** A member of this conversation by Teams user id, e-mail or UPN; null when Teams does not know them here. */
  findMember(idOrEmail: string): Promise<RosterEntry | null>;
  /** Sends an answer to this conversation, through the scope rules. */
  reply(answer: CardAnswer): Promise<void>;
  /** Sends an answer to this person in their personal chat with the bot; false if it cannot be reached. */
  replyOneToOne(answer: CardAnswer): Promise<boolean>;
  /** Queues a reminder in the outbox now and wakes the sender; `created` is false for a key queued before. */
  queueReminder(intent: ReminderIntent): Promise<{ created: boolean }>;
  /** The meeting's signed, expiring calendar (.ics) link. */
  calendarLink(meeting: Pick<Meeting, 'id' | 'startsAt'>): string;
  /** Queues a message for someone else, one to one through the outbox, and wakes the sender. */
  queue(intent: ReminderIntent): Promise<void>;
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
  production: boolean;
  /** People whose roster entry was already asked for in this process, so it is asked once. */
  rosterAsked: Set<string>;
  /** Queues a reminder through the outbox and wakes the sender. */
  queueReminder(intent: ReminderIntent): Promise<{ created: boolean }>;
  /** Where calendar links point, and the secret that signs them. */
  calendarLinks: { publicUrl: string; calendarLinkSecret: string };
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

/** The roster entry for a Teams user id, e-mail or UPN (Teams accepts all three); null when not in it. */
async function rosterEntry(turn: TurnContext, idOrEmail: string, logger: Logger): Promise<RosterEntry | null> {
  try {
    const member = await TeamsInfo.getMember(turn, idOrEmail);
    const address = member.email ?? member.userPrincipalName;
    return {
      teamsUserId: member.id,
      aadObjectId: member.aadObjectId ?? null,
      name: member.name?.trim() || 'Someone',
      email: typeof address === 'string' && address.includes('@') ? address : null,
    };
  } catch (error) {
    // Only the status: the error's text could carry the address that was looked up.
    logger.info({ status: (error as { statusCode?: unknown }).statusCode }, 'person not found in the roster');
    return null;
  }
}

/** Who the message @mentions, the bot (whose mention Teams has already taken out of the text) left out. */
function mentionsOf(activity: TurnContext['activity']): Mention[] {
  const mentions: Mention[] = [];
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention') continue;
    const mentioned = (entity as { mentioned?: { id?: unknown; name?: unknown; aadObjectId?: unknown } }).mentioned;
    const text = (entity as { text?: unknown }).text;
    if (typeof mentioned?.id !== 'string' || mentioned.id === activity.recipient.id) continue;
    const name = typeof mentioned.name === 'string' ? mentioned.name.trim() : '';
    mentions.push({
      text: typeof text === 'string' ? text : `<at>${name}</at>`,
      teamsUserId: mentioned.id,
      aadObjectId: typeof mentioned.aadObjectId === 'string' ? mentioned.aadObjectId : null,
      name: typeof mentioned.name === 'string' && mentioned.name.trim() ? mentioned.name.trim() : 'Someone',
    });
  }
  return mentions;
}

/**
 * The committee roles of whoever is asked about, read once in this turn: a command checks them
 * before and after loading its review, and a card action again. A new turn reads them afresh.
 */
function rolesForOneTurn(lookup: RoleLookup): RoleLookup {
  const held = new Map<string, Promise<ReadonlySet<CommitteeRole>>>();
  return {
    committeeRolesOf(tenantId, person) {
      const key = `${tenantId}/${person.id}`;
      let roles = held.get(key);
      if (!roles) {
        roles = lookup.committeeRolesOf(tenantId, person);
        held.set(key, roles);
        // A failed read is not kept: the next question asks again.
        roles.catch(() => held.delete(key));
      }
      return roles;
    },
    reviewRolesOf: (tenantId, personId, reviewId) => lookup.reviewRolesOf(tenantId, personId, reviewId),
    holdersOf: (tenantId, role) => lookup.holdersOf(tenantId, role),
    isConfiguredLeadOfficer: (person) => lookup.isConfiguredLeadOfficer(person),
  };
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
  const erased = known
    ? null
    : await store.erasure.findErased(tenantId, { aadObjectId: from.aadObjectId, teamsUserId: from.id });
  let person: Person;
  if (erased) {
    // Their name is not taken from Teams again, and no conversation of theirs is kept, unless they ask.
    person = await store.people.get(tenantId, erased.personId);
  } else {
    const askRoster = deps.needsEmail && !known?.email && !deps.rosterAsked.has(`${tenantId}/${from.id}`);
    if (askRoster) deps.rosterAsked.add(`${tenantId}/${from.id}`);
    const email = known?.email ?? (askRoster ? await rosterEmail(turn, logger) : null);
    person = await store.people.upsert(
      tenantId,
      known?.id ?? ACTOR_SYSTEM,
      {
        teamsUserId: from.id,
        aadObjectId: from.aadObjectId ?? null,
        displayName: from.name?.trim() || 'Someone',
        email,
      },
      known,
    );
    await store.conversationReferences.save(tenantId, person.id, person.id, toStoredReference(activity, tenantId));
  }

  const { calendar, reminderTime } = await store.committees.settingsOf(tenantId);
  const timeZone = calendar.timeZone;
  const scope = scopeOf(activity.conversation.conversationType);

  return {
    tenantId,
    person,
    erased,
    teamsAccount: { teamsUserId: from.id, aadObjectId: from.aadObjectId ?? null, name: from.name?.trim() ?? '' },
    scope,
    conversationId: activity.conversation.id,
    store,
    engine: committeeEngine(deps.engine, calendar, reminderTime ?? undefined),
    timeZone,
    roles: rolesForOneTurn(deps.roles),
    logger,
    production: deps.production,
    mentions: mentionsOf(activity),
    now: deps.now,
    findMember: (idOrEmail) => rosterEntry(turn, idOrEmail, logger),
    async reply(answer) {
      await turn.sendActivity({ attachments: [CardFactory.adaptiveCard(presentCard(scope, answer))] });
    },
    replyOneToOne(answer) {
      return deps.sendOneToOne(turn, tenantId, person, presentCard('personal', answer));
    },
    queueReminder: (intent) => deps.queueReminder(intent),
    calendarLink: (meeting) => meetingCalendarLink(deps.calendarLinks, tenantId, meeting, deps.now()),
    async queue(intent) {
      await deps.queueReminder(intent);
    },
    wakeSender: () => deps.wakeSender(),
  };
}
