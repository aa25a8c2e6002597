/**
 * The sender against the stand-in Bot Connector, through the real adapter and the real cards, on a
 * real SQLite store. The stand-in enforces Teams' limits (scaled down, so the test runs in seconds)
 * over sliding windows and records every message it accepts, duplicates included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../src/store';
import type { SendLimitSettings } from '../../src/scheduler/send-limits';
import { cardText } from '../support/teams-activity';
import { type ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { testClock } from '../store/engines';
import { TeamsSendError } from '../../src/scheduler/teams-messenger';
import {
  committeeWithPeople,
  deadlineAlert,
  givePersonalChat,
  realSender,
  TENANT,
  expectSenderLogClean,
  senderLog,
} from './sender-fixtures';

jest.setTimeout(60_000);

/** Teams' published limits at twice the speed. */
const SCALED: SendLimitSettings = {
  perConversation: [
    { requests: 7, perMs: 500 },
    { requests: 8, perMs: 1_000 },
    { requests: 60, perMs: 15_000 },
    { requests: 1_800, perMs: 1_800_000 },
  ],
  perTenant: [{ requests: 50, perMs: 500 }],
};

let folder: string;
let store: Store;
let connector: ConnectorStandIn;
const clock = testClock('2026-11-17T09:00:00.000Z');

beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-sender-'));
  store = await openStore({ sqlitePath: path.join(folder, 'bot.sqlite'), now: clock.now });
  connector = await startConnectorStandIn(SCALED);
  clock.set('2026-11-17T09:00:00.000Z');
});

afterEach(async () => {
  await expectSenderLogClean(path.join(folder, 'bot.sqlite'));
  await store.close();
  await connector.close();
  rmSync(folder, { recursive: true, force: true });
});

const texts = (i: number) => cardText(connector.received[i].activity.attachments![0].content);

test('three hundred reminders to thirty people: each delivered once, none lost, no limit exceeded', async () => {
  const { review, people } = await committeeWithPeople(store, connector.url, 30);
  const keys: string[] = [];
  for (const [p, person] of people.entries()) {
    for (let n = 0; n < 10; n += 1) {
      const intent = deadlineAlert(TENANT, review.id, person.id, p * 100 + n);
      await store.outbox.enqueue(TENANT, intent);
      keys.push(intent.key);
    }
  }
  const sender = await realSender(store, { limits: SCALED, now: clock.now, concurrency: 8, batchSize: 100 });
  const summary = await sender.drain();

  expect(summary).toMatchObject({ claimed: 300, sent: 300, retrying: 0, failed: 0 });
  expect(connector.limitRefusals).toBe(0);
  expect(connector.received).toHaveLength(300);
  for (const person of people) {
    expect(connector.received.filter((r) => r.conversationId === `a:chat-${person.id}`)).toHaveLength(10);
  }
  const activityIds = new Set<string>();
  for (const key of keys) {
    const [delivery] = (await store.outbox.get(TENANT, key))!.deliveries;
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1, uncertainSends: 0 });
    activityIds.add(delivery.activityId!);
  }
  expect(activityIds.size).toBe(300);
  expect(texts(0)).toEqual([
    "The Consideration Meeting's decision is due in 14 days, by Tuesday 1 December 2026 (the 42-day standard).",
    'Review: LR-2026-001 (Child A)',
    '42-day standard: day 28 on the calendar, 14 days left.',
    // Looked up in the store when it is sent: the review has no Consideration Meeting in the diary.
    'Still outstanding:',
    '- No Consideration Meeting is booked.',
  ]);
  expect(JSON.stringify(connector.received[0].activity.attachments![0].content)).toContain(
    '"verb":"deadline.book-meeting"',
  );
});

test('a 502 costs one request per attempt (the SDK does not retry behind the limiter) and is retried later', async () => {
  const { review, people } = await committeeWithPeople(store, connector.url, 1);
  const intent = deadlineAlert(TENANT, review.id, people[0].id, 1);
  await store.outbox.enqueue(TENANT, intent);
  const conversation = `a:chat-${people[0].id}`;
  connector.failNext(conversation, 502, 3);
  const sender = await realSender(store, { limits: SCALED, now: clock.now, random: () => 0.5 });

  await expect(sender.drain()).resolves.toMatchObject({ claimed: 1, retrying: 1, sent: 0 });
  expect(connector.requests.filter((r) => r.conversationId === conversation).map((r) => r.status)).toEqual([502]);
  const [pending] = (await store.outbox.get(TENANT, intent.key))!.deliveries;
  expect(pending).toMatchObject({ status: 'pending', lastError: 'server-error (HTTP 502)' });
  // Backoff with jitter: the first retry is between half and all of the 2 s base.
  expect(pending.nextAttemptAt.getTime() - clock.now().getTime()).toBe(1_500);

  await expect(sender.drain()).resolves.toMatchObject({ claimed: 0 });
  for (const [advance, status] of [
    [1_500, 502],
    [4_000, 502],
  ] as const) {
    clock.advance(advance);
    await sender.drain();
    expect(connector.requests.at(-1)?.status).toBe(status);
  }
  clock.advance(10_000);
  await expect(sender.drain()).resolves.toMatchObject({ sent: 1 });
  expect(connector.requests.map((r) => r.status)).toEqual([502, 502, 502, 200]);
  expect((await store.outbox.get(TENANT, intent.key))!.deliveries[0]).toMatchObject({ status: 'sent', attempts: 4 });
});

test.each([429, 412, 503, 504])('%i is retried no sooner than Retry-After', async (status) => {
  const { review, people } = await committeeWithPeople(store, connector.url, 1);
  const intent = deadlineAlert(TENANT, review.id, people[0].id, 1);
  await store.outbox.enqueue(TENANT, intent);
  connector.failNext('*', status, 1, 120);
  const sender = await realSender(store, { limits: SCALED, now: clock.now, random: () => 0 });
  await expect(sender.drain()).resolves.toMatchObject({ retrying: 1 });
  const [pending] = (await store.outbox.get(TENANT, intent.key))!.deliveries;
  expect(pending.nextAttemptAt.getTime() - clock.now().getTime()).toBe(120_000);
  clock.advance(120_000);
  await expect(sender.drain()).resolves.toMatchObject({ sent: 1 });
  expect(connector.received).toHaveLength(1);
});

test('someone who blocked the bot is marked unreachable, and the lead officer is told once, in words', async () => {
  const { review, people, lead } = await committeeWithPeople(store, connector.url, 1);
  const blocked = people[0];
  connector.removeConversation(`a:chat-${blocked.id}`);
  for (const n of [1, 2, 3]) await store.outbox.enqueue(TENANT, deadlineAlert(TENANT, review.id, blocked.id, n));
  const sender = await realSender(store, { limits: SCALED, now: clock.now });

  await expect(sender.drain()).resolves.toMatchObject({ unreachable: 3, sent: 1 });
  expect(connector.received.map((r) => r.conversationId)).toEqual([`a:chat-${lead.id}`]);
  expect(texts(0)).toEqual([
    'I could not reach Person 0 (Committee Chair) for LR-2026-001 (Child A).',
    'Teams refused the message: they have blocked or removed the Learning Review bot, or it is turned off for them. Reminders to them will not arrive until it is added again.',
    'I will not tell you again about them for this review.',
  ]);
  const audit = await store.audit.list(TENANT, { limit: 1_000 });
  expect(audit.filter((e) => e.action === 'reminder.unreachable')).toHaveLength(3);
});

test('a reminder whose subject changed since it was queued is recorded as superseded and not sent', async () => {
  const { review, people, lead } = await committeeWithPeople(store, connector.url, 1);
  const intent = deadlineAlert(TENANT, review.id, people[0].id, 1);
  await store.outbox.enqueue(TENANT, intent);
  await store.reviews.recordDecision(TENANT, lead.id, review.id, {
    outcome: 'not_proceed',
    decidedAt: new Date('2026-11-17T08:00:00Z'),
  });
  const sender = await realSender(store, { limits: SCALED, now: clock.now });
  await expect(sender.drain()).resolves.toMatchObject({ superseded: 1, sent: 0 });
  expect(connector.received).toHaveLength(0);
  expect((await store.outbox.get(TENANT, intent.key))!.deliveries[0]).toMatchObject({
    status: 'superseded',
    lastError: 'review-decided',
  });
});

test('someone with no chat with the bot yet gets one opened and stored; someone without the app cannot', async () => {
  const { review, lead } = await committeeWithPeople(store, connector.url, 0);
  const fresh = await store.people.upsert(TENANT, lead.id, { teamsUserId: '29:fresh', displayName: 'New Person' });
  const without = await store.people.upsert(TENANT, lead.id, { teamsUserId: '29:no-app', displayName: 'No App' });
  connector.notInstalled('29:no-app');
  await store.outbox.enqueue(TENANT, deadlineAlert(TENANT, review.id, fresh.id, 1));
  await store.outbox.enqueue(TENANT, deadlineAlert(TENANT, review.id, without.id, 2));
  const sender = await realSender(store, { limits: SCALED, now: clock.now });

  await expect(sender.drain()).resolves.toMatchObject({ sent: 2, unreachable: 1 });
  expect(connector.created.map((c) => c.userId)).toEqual(['29:fresh']);
  const [stored] = await store.conversationReferences.listForPerson(TENANT, fresh.id);
  expect(stored.conversation).toMatchObject({ id: 'a:personal-29:fresh', conversationType: 'personal' });
  expect(connector.received.map((r) => r.conversationId).sort()).toEqual(
    ['a:personal-29:fresh', `a:chat-${lead.id}`].sort(),
  );
  // A second reminder reuses the stored chat.
  await store.outbox.enqueue(TENANT, deadlineAlert(TENANT, review.id, fresh.id, 3));
  await sender.drain();
  expect(connector.created).toHaveLength(1);
});

test('a delivery in flight when its sender died is sent again once, and counted', async () => {
  const { review, people } = await committeeWithPeople(store, connector.url, 1);
  const intent = deadlineAlert(TENANT, review.id, people[0].id, 1);
  await store.outbox.enqueue(TENANT, intent);
  const [claimed] = await store.outbox.claimDue({ now: clock.now(), limit: 10, workerId: 'dead', leaseMs: 30 });
  await store.outbox.markInFlight(TENANT, claimed.id, claimed.claimToken, `a:chat-${people[0].id}`);
  await new Promise((resolve) => setTimeout(resolve, 60)); // the dead sender's lease ends (database clock)
  const sender = await realSender(store, { limits: SCALED, now: clock.now });
  await expect(sender.drain()).resolves.toMatchObject({ sent: 1, resentUncertain: 1 });
  expect((await store.outbox.get(TENANT, intent.key))!.deliveries[0]).toMatchObject({
    status: 'sent',
    uncertainSends: 1,
  });
});

test('a bot that cannot get its token says so: logged as such, reported unhealthy, and the reminder kept', async () => {
  const { review, people } = await committeeWithPeople(store, connector.url, 1);
  const intent = deadlineAlert(TENANT, review.id, people[0].id, 1);
  await store.outbox.enqueue(TENANT, intent);
  const { logger, lines } = senderLog;
  const expired = new TeamsSendError('authentication', null, null, 'AADSTS7000222: the client secret has expired');
  const sender = await realSender(store, { limits: SCALED, now: clock.now, logger });
  const broken = await realSender(store, {
    limits: SCALED,
    now: clock.now,
    logger,
    messenger: { send: () => Promise.reject(expired), createPersonalConversation: () => Promise.reject(expired) },
  });
  await expect(broken.drain()).resolves.toMatchObject({ retrying: 1 });
  expect(broken.health()).toEqual({ canSend: false, reason: 'authentication' });
  expect(lines.map((l) => l.msg)).toContain(
    'cannot send: the bot could not authenticate to Teams (check BOT_ID and BOT_PASSWORD; the client secret may have expired)',
  );
  expect((await store.outbox.get(TENANT, intent.key))!.deliveries[0]).toMatchObject({ status: 'pending' });
  clock.advance(60_000);
  await expect(sender.drain()).resolves.toMatchObject({ sent: 1 });
  expect(sender.health().canSend).toBe(true);
});

test('wakes when something is queued rather than waiting for the poll', async () => {
  const { review, people } = await committeeWithPeople(store, connector.url, 1);
  const sender = await realSender(store, { limits: SCALED, now: clock.now, pollMs: 60_000 });
  sender.start();
  try {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.outbox.enqueue(TENANT, deadlineAlert(TENANT, review.id, people[0].id, 1));
    sender.wake();
    await connector.waitFor(1, 5_000);
  } finally {
    await sender.stop();
  }
  void givePersonalChat;
});
