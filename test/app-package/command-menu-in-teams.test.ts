/**
 * Every command the package's menus offer is one the running bot answers: each is sent as Teams
 * sends a picked menu command (its title; in group chats and channels after an @mention of the
 * bot), in its scope, to the whole service, and the reply is read at the Bot Connector stand-in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commandDefinitions } from '../../src/bot/commands';
import { buildAppPackage } from '../../scripts/app-package/build-app-package';
import { ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { BOT, cardText, post, teamsActivity, TENANT_ID } from '../support/teams-activity';
import { startTestService, TestService } from '../support/test-service';
import { APP_PACKAGE, PACKAGE_VERSION, SETTINGS } from './package-fixture';

type Scope = 'personal' | 'groupChat' | 'team';
interface CommandList {
  scopes: Scope[];
  commands: Array<{ title: string }>;
}

let connector: ConnectorStandIn;
let service: TestService;
let menus: CommandList[];

beforeAll(async () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'lrb-menu-'));
  try {
    const built = buildAppPackage({
      sourceDir: APP_PACKAGE,
      outDir,
      envName: 'test',
      values: SETTINGS,
      defaults: { APP_VERSION: PACKAGE_VERSION },
      commands: commandDefinitions(),
    });
    menus = built.manifest.bots?.[0].commandLists as CommandList[];
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  connector = await startConnectorStandIn();
  service = await startTestService();
});

afterAll(async () => {
  await service.close();
  await connector.close();
});

const MENTION = '<at>Learning Reviews</at>';

/** The message Teams posts when someone picks `title` from the menu of a conversation in `scope`. */
function pickedFromMenu(scope: Scope, title: string) {
  const conversation = {
    personal: { id: `a:personal-menu-${title}`, conversationType: 'personal' },
    groupChat: { id: `19:group-menu-${title}@thread.v2`, conversationType: 'groupChat', isGroup: true },
    team: { id: `19:channel-menu-${title}@thread.tacv2`, conversationType: 'channel', isGroup: true },
  }[scope];
  const mentioned = scope !== 'personal';
  return {
    ...teamsActivity({ serviceUrl: connector.url, text: mentioned ? `${MENTION} ${title}` : title }),
    conversation: { ...conversation, tenantId: TENANT_ID },
    ...(mentioned
      ? { entities: [{ type: 'mention', mentioned: { id: BOT.id, name: 'Learning Reviews' }, text: MENTION }] }
      : {}),
    ...(scope === 'team' ? { channelData: { tenant: { id: TENANT_ID }, team: { id: '19:team@thread.tacv2' } } } : {}),
  };
}

/** What the person sees in reply: the text of every card the bot sent to that conversation. */
async function replyTo(activity: ReturnType<typeof pickedFromMenu>): Promise<string[]> {
  const before = connector.received.length;
  const response = await post(`${service.url}/api/messages`, activity);
  expect(response.status).toBe(200);
  await connector.waitFor(before + 1);
  // Every card since: a command answered one to one also tells the shared conversation where it went.
  return connector.received
    .slice(before)
    .filter((r) => r.conversationId === activity.conversation.id)
    .flatMap((r) => (r.activity.attachments ?? []).flatMap((a) => cardText(a.content)));
}

const NOT_UNDERSTOOD = /I didn't understand that message|I don't know the command|something went wrong/;

it('offers menus for all three scopes', () => {
  expect(menus.map((m) => m.scopes[0]).sort()).toEqual(['groupChat', 'personal', 'team']);
});

it.each(['personal', 'groupChat', 'team'] as const)('answers every command of the %s menu', async (scope) => {
  const titles = menus.find((m) => m.scopes.includes(scope))!.commands.map((c) => c.title);
  expect(titles.length).toBeGreaterThan(0);
  for (const title of titles) {
    const text = await replyTo(pickedFromMenu(scope, title));
    expect({ title, text }).toEqual({ title, text: expect.arrayContaining([expect.any(String)]) });
    expect({ title, notUnderstood: text.some((line) => NOT_UNDERSTOOD.test(line)) }).toEqual({
      title,
      notUnderstood: false,
    });
  }
});

it('would notice a menu command the bot does not answer (the control)', async () => {
  const text = await replyTo(pickedFromMenu('team', 'frobnicate'));
  expect(text.some((line) => NOT_UNDERSTOOD.test(line))).toBe(true);
});
