/**
 * A conversation with the bot over its real restify server, with the Bot Connector stand-in
 * receiving its replies: type a line and read the card Teams would show, click a card button and
 * read the card that replaces it. The clock is fixed.
 */
import { ConnectorStandIn, startConnectorStandIn } from './connector-stand-in';
import { cardAction, cardText, inScope, LEAD_OFFICER, post, teamsActivity, type Where } from './teams-activity';
import { startTestService, TestService } from './test-service';

export interface Speaker {
  id: string;
  name: string;
  aadObjectId?: string;
}

export interface Conversation {
  service: TestService;
  connector: ConnectorStandIn;
  /** Types a line; the text of the one card the bot answered with. */
  say(text: string, where?: Where, from?: Speaker, mentions?: Speaker[]): Promise<string[]>;
  /** The last card the bot sent, as JSON. */
  lastCard(): Record<string, unknown>;
  /** Clicks an Action.Execute button; the card that replaces the clicked one. */
  click(verb: string, data: unknown, where?: Where, from?: Speaker): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** `<at>Name</at>` as Teams writes an @mention into a message's text. */
export const at = (person: Speaker) => `<at>${person.name}</at>`;

export async function startConversation(env: Record<string, string>, now: Date): Promise<Conversation> {
  const connector = await startConnectorStandIn();
  // No ticks or sender: a reminder sent by the clock would be taken for the bot's answer.
  const service = await startTestService(env, { now: () => new Date(now), scheduler: false });
  const messages = `${service.url}/api/messages`;

  function lastCard() {
    const activity = connector.received[connector.received.length - 1].activity;
    expect(activity.attachments).toHaveLength(1);
    return activity.attachments![0].content;
  }

  return {
    service,
    connector,
    lastCard,
    async say(text, where = 'personal', from = LEAD_OFFICER, mentions = []) {
      const before = connector.received.length;
      const scope = inScope(where, text, from as typeof LEAD_OFFICER);
      const entities = [
        ...((scope as { entities?: unknown[] }).entities ?? []),
        ...mentions.map((m) => ({ type: 'mention', mentioned: { id: m.id, name: m.name }, text: at(m) })),
      ];
      const response = await post(messages, teamsActivity({ serviceUrl: connector.url, ...scope, entities }));
      expect(response.status).toBe(200);
      expect(connector.received).toHaveLength(before + 1);
      return cardText(lastCard());
    },
    async click(verb, data, where = 'personal', from = LEAD_OFFICER) {
      const scope = { ...inScope(where, '', from as typeof LEAD_OFFICER), text: undefined };
      const response = await post(
        messages,
        teamsActivity({ serviceUrl: connector.url, ...scope, ...cardAction(verb, data) }),
      );
      expect(response.status).toBe(200);
      const body = JSON.parse(response.text) as { statusCode: number; value: Record<string, unknown> };
      expect(body.statusCode).toBe(200);
      return body.value;
    },
    async close() {
      await service.close();
      await connector.close();
    },
  };
}
