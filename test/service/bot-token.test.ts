/**
 * The bot with real credentials (BOT_ID, BOT_PASSWORD, BOT_TENANT_ID), run as a process: it gets
 * its own token through MSAL from a stand-in of Entra's token service over TLS (a certificate made
 * for the test, trusted with NODE_EXTRA_CA_CERTS), and a proactive reminder reaches the stand-in
 * Bot Connector carrying that token. With a wrong secret, the failure is logged as such and
 * /healthz says the bot cannot send, and the reminder waits.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { openStore } from '../../src/store';
import { startIdentityStandIn, type IdentityStandIn } from '../support/bot-framework-identity-stand-in';
import { type ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { startTokenServiceStandIn, type TokenServiceStandIn } from '../support/token-service-stand-in';
import { committeeWithPeople, deadlineAlert } from '../scheduler/sender-fixtures';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const BOT_ID = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
const BOT_TENANT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const SECRET = 'the-right-client-secret';

let folder: string;
let connector: ConnectorStandIn;
let identity: IdentityStandIn;
let tokens: TokenServiceStandIn;

interface ServiceProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  logs: Array<Record<string, unknown>>;
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** Starts the service as `npm start` would, with only this environment, and waits until it listens. */
async function startServiceProcess(password: string): Promise<ServiceProcess> {
  const tsx = pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href;
  const child = spawn(
    process.execPath,
    ['--import', tsx, path.join(__dirname, 'service-process.ts'), identity.openIdMetadataUrl, tokens.loginUrl],
    {
      cwd: folder,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        NODE_EXTRA_CA_CERTS: tokens.certificateFile,
        BOT_ID,
        BOT_PASSWORD: password,
        BOT_TENANT_ID,
        SQLITE_PATH: path.join(folder, 'bot.sqlite'),
        SENDER_POLL_SECONDS: '1',
        LOG_LEVEL: 'info',
      },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const logs: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let url: string | null = null;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if (typeof parsed.listening === 'string') url = parsed.listening;
    else logs.push(parsed);
    waiters.splice(0).forEach((wake) => wake());
  });
  const until = async (done: () => boolean, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}):\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${stderr}\n${JSON.stringify(logs)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  await until(() => url !== null, 'the service to listen', 60_000);
  return {
    child,
    url: url!,
    logs,
    async waitForLog(message, timeoutMs = 30_000) {
      await until(() => logs.some((l) => l.msg === message), `the log line "${message}"`, timeoutMs);
      return logs.find((l) => l.msg === message)!;
    },
  };
}

async function stop(service: ServiceProcess) {
  const exited = new Promise((resolve) => service.child.once('exit', resolve));
  service.child.kill('SIGTERM');
  await exited;
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-token-'));
  connector = await startConnectorStandIn();
  identity = await startIdentityStandIn();
  tokens = await startTokenServiceStandIn({
    clientId: BOT_ID,
    clientSecret: SECRET,
    certificateFile: path.join(folder, 'stand-in-login.pem'),
  });
});

afterAll(async () => {
  await Promise.all([connector.close(), identity.close(), tokens.close()]);
  rmSync(folder, { recursive: true, force: true });
});

/** A review with a chair whose personal chat is at the stand-in Bot Connector, and a reminder for them queued. */
async function queueReminder(n: number) {
  const store = await openStore({ sqlitePath: path.join(folder, 'bot.sqlite') });
  const { review, people } = await committeeWithPeople(store, connector.url, 1, BOT_TENANT_ID);
  const intent = deadlineAlert(BOT_TENANT_ID, review.id, people[0].id, n, new Date(Date.now() - 60_000));
  await store.outbox.enqueue(BOT_TENANT_ID, intent);
  await store.close();
  return { key: intent.key, conversationId: `a:chat-${people[0].id}` };
}

test('a proactive reminder carries the token the bot got from the token service, over TLS', async () => {
  const { conversationId } = await queueReminder(1);
  const service = await startServiceProcess(SECRET);
  try {
    await connector.waitFor(1, 30_000);
    const issued = tokens.requests.filter((r) => r.token !== null);
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({
      tenant: BOT_TENANT_ID,
      clientId: BOT_ID,
      grantType: 'client_credentials',
      scope: 'https://api.botframework.com/.default',
    });
    expect(connector.received.map((r) => r.conversationId)).toContain(conversationId);
    // Every message (the sweep at start may add the review's own alerts) carried the token.
    for (const message of connector.received) expect(message.authorization).toBe(`Bearer ${issued[0].token}`);
    const health = await fetch(`${service.url}/healthz`);
    expect(health.status).toBe(200);
  } finally {
    await stop(service);
  }
});

test('a wrong secret is logged as such, /healthz says the bot cannot send, and the reminder waits', async () => {
  const { key } = await queueReminder(2);
  const before = connector.received.length;
  const service = await startServiceProcess('an-expired-secret');
  try {
    const line = await service.waitForLog(
      'cannot send: the bot could not authenticate to Teams (check BOT_ID and BOT_PASSWORD; the client secret may have expired)',
    );
    expect(line).toMatchObject({ failure: 'authentication' });
    expect(tokens.requests.at(-1)).toMatchObject({ clientId: BOT_ID, token: null });
    const health = await fetch(`${service.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      status: 'cannot-send',
      sender: { canSend: false, reason: 'authentication' },
    });
    // The secret never appears in the log.
    expect(JSON.stringify(service.logs)).not.toContain('an-expired-secret');
  } finally {
    await stop(service);
  }
  expect(connector.received).toHaveLength(before);
  const store = await openStore({ sqlitePath: path.join(folder, 'bot.sqlite') });
  expect((await store.outbox.get(BOT_TENANT_ID, key))!.deliveries[0]).toMatchObject({ status: 'pending' });
  await store.close();
});
