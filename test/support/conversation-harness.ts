/**
 * A conversation with the bot over its real restify server: the whole service on a fresh SQLite file
 * (each call its own), the Bot Connector stand-in receiving its replies, and a clock the test moves.
 * Type a line as a named person and read the card Teams would show; click a card button and read the
 * card that replaces it; read what a person was sent one to one.
 */
import type { CommitteeRole } from '../../src/domain';
import type { Person } from '../../src/store';
import { type ConnectorStandIn, type ReceivedActivity, startConnectorStandIn } from './connector-stand-in';
import {
  type ActivityOptions,
  cardAction,
  cardText,
  inScope,
  LEAD_OFFICER,
  post,
  teamsActivity,
  TENANT_ID,
  type Where,
} from './teams-activity';
import { type TestClock, testClock } from './test-clock';
import { startTestService, type TestService } from './test-service';

export interface Speaker {
  id: string;
  name: string;
  aadObjectId?: string;
}

/**
 * What else a typed line carries: the people @mentioned in it, or fields of the activity (its id, more
 * entities, or `mentions`).
 */
export type LineExtra = Speaker[] | ({ mentions?: Speaker[]; entities?: unknown[] } & Record<string, unknown>);

export interface ConversationOptions {
  /** Where the clock starts; the service reads `clock.now()`. */
  now: string | Date;
  /** Added to the service's environment. LEAD_OFFICERS names Ana Lead (LEAD_OFFICER) unless given. */
  env?: Record<string, string>;
  /**
   * true: the service runs its ticks and its sender loop. By default the test drives them, so that a
   * reminder sent by the clock is not taken for the bot's answer.
   */
  scheduler?: boolean;
}

/** What the bot answers a card action with: a card that replaces the clicked one, or a message. */
export interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

export interface Conversation {
  /** The running service (a new one after `restart`). */
  readonly service: TestService;
  readonly connector: ConnectorStandIn;
  readonly clock: TestClock;
  /** A Teams-shaped activity whose replies go to the connector stand-in. */
  activity(fields?: Partial<ActivityOptions>): ReturnType<typeof teamsActivity>;
  /** Posts a body to the bot's messaging endpoint, as Teams does; the HTTP status and body. */
  post(body: unknown): Promise<{ status: number; text: string }>;
  /** Types a line (answered 200); the answers the bot sent during the turn, wherever they went. */
  send(text: string, where?: Where, from?: Speaker, extra?: LineExtra): Promise<ReceivedActivity[]>;
  /** Types a line; the text of the one card the bot answered with. */
  say(text: string, where?: Where, from?: Speaker, extra?: LineExtra): Promise<string[]>;
  /** Every message the bot has sent (a typing indicator is not an answer). */
  answers(): ReceivedActivity[];
  /** The last card the bot sent, as JSON. */
  lastCard(): Record<string, unknown>;
  /** Posts an Action.Execute click (answered 200); the body Teams gets back, whatever it holds. */
  invoke(
    verb: string,
    data: unknown,
    where?: Where,
    from?: Speaker,
    extra?: Record<string, unknown>,
  ): Promise<InvokeBody>;
  /** Clicks an Action.Execute button; the card that replaces the clicked one. */
  click(verb: string, data: unknown, where?: Where, from?: Speaker): Promise<Record<string, unknown>>;
  /** The text of each card the bot sent to this person's personal chat, oldest first. */
  sentTo(who: { id: string }): string[][];
  /**
   * Records someone the bot has not met yet, by their Teams id, Entra object id and name; with
   * `committeeRole`, they hold that role for the whole committee.
   */
  person(who: Speaker, extra?: { email?: string | null; committeeRole?: CommitteeRole }): Promise<Person>;
  /** Starts the service again on a fresh store with more environment; the connector stays. */
  restart(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** `<at>Name</at>` as Teams writes an @mention into a message's text. */
export const at = (person: Speaker) => `<at>${person.name}</at>`;

/** A person's personal chat with the bot, as the activities here name it. */
export const personalChatOf = (who: { id: string }) => `a:personal-${who.id}`;

export async function startConversation(options: ConversationOptions): Promise<Conversation> {
  const clock = testClock(options.now);
  const connector = await startConnectorStandIn();
  const start = (env: Record<string, string> = {}) =>
    startTestService(
      { LEAD_OFFICERS: LEAD_OFFICER.aadObjectId, ...options.env, ...env },
      { now: clock.now, scheduler: options.scheduler ?? false },
    );
  let service = await start();

  const activity = (fields: Partial<ActivityOptions> = {}) => teamsActivity({ ...fields, serviceUrl: connector.url });
  const postBody = (body: unknown) => post(`${service.url}/api/messages`, body);
  const answers = () => connector.received.filter((r) => r.activity.type === 'message');

  function lastCard() {
    const all = answers();
    const { attachments } = all[all.length - 1].activity;
    expect(attachments).toHaveLength(1);
    return attachments![0].content;
  }

  async function send(text: string, where: Where = 'personal', from: Speaker = LEAD_OFFICER, extra: LineExtra = {}) {
    const { mentions = [], entities = [], ...fields } = Array.isArray(extra) ? { mentions: extra } : extra;
    const scope = inScope(where, text, from as typeof LEAD_OFFICER);
    const allEntities = [
      ...((scope as { entities?: unknown[] }).entities ?? []),
      ...entities,
      ...mentions.map((m) => ({ type: 'mention', mentioned: { id: m.id, name: m.name }, text: at(m) })),
    ];
    const before = answers().length;
    const response = await postBody(
      activity({ ...scope, ...fields, ...(allEntities.length > 0 ? { entities: allEntities } : {}) }),
    );
    expect(response.status).toBe(200);
    // Replies are sent before the HTTP response returns, so the answers are all in.
    return answers().slice(before);
  }

  async function invoke(
    verb: string,
    data: unknown,
    where: Where = 'personal',
    from: Speaker = LEAD_OFFICER,
    extra: Record<string, unknown> = {},
  ) {
    // A click carries no text; teamsActivity leaves the text out when it is undefined.
    const scope = { ...inScope(where, '', from as typeof LEAD_OFFICER), text: undefined };
    const response = await postBody(activity({ ...scope, ...cardAction(verb, data), ...extra }));
    expect(response.status).toBe(200);
    return JSON.parse(response.text) as InvokeBody;
  }

  return {
    get service() {
      return service;
    },
    connector,
    clock,
    activity,
    post: postBody,
    send,
    answers,
    lastCard,
    async say(text, where, from, extra) {
      expect(await send(text, where, from, extra)).toHaveLength(1);
      return cardText(lastCard());
    },
    invoke,
    async click(verb, data, where, from) {
      const body = await invoke(verb, data, where, from);
      expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      return body.value as Record<string, unknown>;
    },
    sentTo: (who) =>
      answers()
        .filter((r) => r.conversationId === personalChatOf(who))
        .map((r) => cardText(r.activity.attachments![0].content)),
    async person(who, { committeeRole, ...extra } = {}) {
      const { store } = service;
      const person = await store.people.upsert(TENANT_ID, 'system', {
        teamsUserId: who.id,
        aadObjectId: who.aadObjectId,
        displayName: who.name,
        ...extra,
      });
      if (committeeRole)
        await store.committeeRoles.assign(TENANT_ID, 'system', { personId: person.id, role: committeeRole });
      return person;
    },
    async restart(env = {}) {
      await service.close();
      service = await start(env);
    },
    async close() {
      await service.close();
      await connector.close();
    },
  };
}
