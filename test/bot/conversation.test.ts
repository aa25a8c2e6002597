/**
 * Conversations over HTTP with the whole service: Teams-shaped activities are posted to
 * /api/messages of the real restify server, and the bot's replies are read where Teams would
 * receive them, at a stand-in for the Bot Connector service.
 */
import MarkdownIt from 'markdown-it';
import { ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { cardText, post, teamsActivity } from '../support/teams-activity';
import { startTestService, TestService } from '../support/test-service';

let connector: ConnectorStandIn;
let service: TestService;

beforeEach(async () => {
  connector = await startConnectorStandIn();
  service = await startTestService();
});

afterEach(async () => {
  await service.close();
  await connector.close();
});

const send = (text: string, extra: Record<string, unknown> = {}) =>
  post(`${service.url}/api/messages`, teamsActivity({ serviceUrl: connector.url, text, ...extra }));

function onlyCard(index: number) {
  const activity = connector.received[index].activity;
  expect(activity.attachments).toHaveLength(1);
  expect(activity.attachments![0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  return activity.attachments![0].content;
}

describe('help', () => {
  it.each(['help', '/help', '  HELP  ', '?'])(
    'answers %j with the help card in the same conversation',
    async (typed) => {
      const response = await send(typed, { conversationId: 'a:chat-42' });
      expect(response.status).toBe(200);
      const [reply] = await connector.waitFor(1);
      expect(reply.conversationId).toBe('a:chat-42');
      const text = cardText(onlyCard(0));
      expect(text[0]).toBe('Learning Review bot');
      expect(text).toContain('Commands you can use now');
      expect(text).toContain('help');
      expect(text).toContain('Shows what I do and the commands you can use.');
    },
  );

  it('renders every binding: no ${...} left on the card', async () => {
    await send('help');
    await connector.waitFor(1);
    expect(JSON.stringify(onlyCard(0))).not.toContain('${');
  });

  it('greets once when the bot is installed or added to a chat', async () => {
    await post(
      `${service.url}/api/messages`,
      teamsActivity({
        serviceUrl: connector.url,
        type: 'conversationUpdate',
        membersAdded: [{ id: '28:learning-review-bot' }],
      }),
    );
    await connector.waitFor(1);
    expect(cardText(onlyCard(0))[0]).toBe('Learning Review bot');
  });

  it('stays quiet when someone else joins a chat the bot is already in', async () => {
    await post(
      `${service.url}/api/messages`,
      teamsActivity({ serviceUrl: connector.url, type: 'conversationUpdate', membersAdded: [{ id: '29:new-member' }] }),
    );
    // Replies are sent before the HTTP response returns, so the count is final here.
    expect(connector.received).toHaveLength(0);
  });
});

describe('where the answers go', () => {
  it('answers each conversation at its own Teams service address, turn after turn', async () => {
    // Teams has a service address a region; the bot keeps one client per address, so a turn
    // from one must never be answered through the client made for another.
    const elsewhere = await startConnectorStandIn();
    try {
      const from = [connector, elsewhere, connector, elsewhere];
      for (const [i, stand] of from.entries())
        await post(
          `${service.url}/api/messages`,
          teamsActivity({ serviceUrl: stand.url, text: 'help', conversationId: `a:chat-${i}` }),
        );
      expect(connector.received.map((r) => r.conversationId)).toEqual(['a:chat-0', 'a:chat-2']);
      expect(elsewhere.received.map((r) => r.conversationId)).toEqual(['a:chat-1', 'a:chat-3']);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('messages the bot does not understand', () => {
  it('names an unknown slash command and points to help', async () => {
    await send('/frobnicate LR-2026-001');
    await connector.waitFor(1);
    expect(cardText(onlyCard(0))).toEqual([
      'I don\'t know the command "/frobnicate".',
      'Type help to see what I can do.',
    ]);
  });

  it('shows a mistyped command as the characters typed: a Markdown link in it renders as plain text', async () => {
    await send('/[Open](https://evil.example/login) your review');
    await connector.waitFor(1);
    const [line] = cardText(onlyCard(0));
    // TextBlocks render Markdown: rendered as CommonMark, the line must hold no link and read as typed.
    const html = new MarkdownIt().renderInline(line);
    expect(html).not.toContain('<a');
    expect(html).toBe("I don't know the command &quot;/[open](https://evil.example/login)&quot;.");
  });

  it('never echoes free text back, which may hold something sensitive', async () => {
    await send('the boy in the Smith family was seen on Tuesday');
    await connector.waitFor(1);
    const text = cardText(onlyCard(0));
    expect(text).toEqual(["I didn't understand that message.", 'Type help to see what I can do.']);
    expect(JSON.stringify(connector.received[0].activity)).not.toContain('Smith');
  });
});

describe('when a turn fails', () => {
  it('apologises with an error id, logs the details under that id, and never logs what was typed', async () => {
    // The store going away mid-flight is the most likely real failure: turn state cannot load.
    await service.store.close();
    await send('help about the Smith family');
    await connector.waitFor(1);
    const text = cardText(onlyCard(0));
    expect(text[0]).toBe("Sorry, something went wrong on my side and I couldn't finish that.");
    const errorId = /error id: (E-[0-9A-F]{8})$/.exec(text[1])?.[1];
    expect(errorId).toBeDefined();

    const logged = service.logLines.find((line) => line.msg === 'turn failed');
    expect(logged).toMatchObject({ errorId, level: 50 });
    expect(JSON.stringify(service.logLines)).not.toContain('Smith');
    // The chat shows no stack trace.
    expect(JSON.stringify(connector.received[0].activity)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('GET /healthz', () => {
  it('says ok when the store answers', async () => {
    const response = await fetch(`${service.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      store: { ok: true, engine: 'sqlite' },
      sender: { canSend: true },
    });
  });

  it('says unavailable, with 503, when the store does not answer', async () => {
    await service.store.close();
    const response = await fetch(`${service.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      store: { ok: false, engine: 'sqlite' },
      sender: { canSend: true },
    });
  });
});
