/**
 * What people receive when the bot was down: the ticks and the real sender walked on a fake clock,
 * against the stand-in Bot Connector. A review whose 42-day standard is overdue has a daily series;
 * a bot down from Friday morning to early Monday must not send it twice on Monday morning (once
 * for the missed days and again at 09:00), and every count must be true on the day it arrives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { createCalendar } from '../../src/domain';
import { tick } from '../../src/scheduler/committee-sweeps';
import { openStore, type Store } from '../../src/store';
import { createEngineContext } from '../../src/templates/load-templates';
import { type ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { cardText } from '../support/teams-activity';
import { testClock } from '../store/engines';
import { givePersonalChat, realSender, expectSenderLogClean, senderLog } from './sender-fixtures';

jest.setTimeout(120_000);

const TENANT = 'tenant-catch-up';
const calendar = createCalendar({ timeZone: 'Europe/London', region: 'scotland' });
const clock = testClock('2026-03-26T08:30:00.000Z');
let folder: string;
let store: Store;
let connector: ConnectorStandIn;

beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-catch-up-'));
  store = await openStore({ sqlitePath: path.join(folder, 'bot.sqlite'), now: clock.now });
  connector = await startConnectorStandIn();
});

afterEach(async () => {
  await expectSenderLogClean(path.join(folder, 'bot.sqlite'));
  await store.close();
  await connector.close();
  rmSync(folder, { recursive: true, force: true });
});

test('a bot down from Friday to early Monday sends the daily overdue alert once on Monday, with Monday’s count', async () => {
  await store.committees.configure(TENANT, 'system', { name: 'Committee', timeZone: 'Europe/London' });
  const chair = await store.people.upsert(TENANT, 'system', { teamsUserId: '29:chair', displayName: 'Chair' });
  // Notified on 9 February 2026: the 42-day standard ran out on Monday 23 March.
  await store.reviews.create(TENANT, chair.id, {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-02-09T10:00:00Z'),
  });
  await store.committeeRoles.assign(TENANT, chair.id, { personId: chair.id, role: 'committee_chair' });
  await givePersonalChat(store, TENANT, chair, connector.url);

  const options = {
    store,
    engine: createEngineContext(),
    calendarFor: () => Promise.resolve(calendar),
    logger: senderLog.logger,
  };
  const sender = await realSender(store, { limits: { perConversation: [], perTenant: [] }, now: clock.now });
  const arrivals: Array<{ at: string; text: string }> = [];
  const walk = async (from: string, to: string) => {
    for (let at = new Date(from); at < new Date(to); at = new Date(at.getTime() + 15 * 60_000)) {
      clock.set(at.toISOString());
      await tick(options, at);
      const before = connector.received.length;
      await sender.drain();
      for (const r of connector.received.slice(before))
        arrivals.push({ at: at.toISOString(), text: cardText(r.activity.attachments![0].content)[0] });
    }
  };
  // Up on Thursday; down from Friday 07:00 to Monday 05:00 (BST from Sunday); up until Tuesday noon.
  await walk('2026-03-26T08:30:00Z', '2026-03-27T07:00:00Z');
  await walk('2026-03-30T05:00:00Z', '2026-03-31T12:00:00Z');

  const overdue = arrivals.filter((a) => a.text.startsWith('The 42-day standard'));
  expect(overdue).toEqual([
    { at: '2026-03-26T09:00:00.000Z', text: expect.stringContaining('it is now 3 days past') as string },
    { at: '2026-03-30T08:00:00.000Z', text: expect.stringContaining('it is now 7 days past') as string },
    { at: '2026-03-31T08:00:00.000Z', text: expect.stringContaining('it is now 8 days past') as string },
  ]);
  // Whatever the series, at most one message a day each, and none before that day's 09:00.
  const perDay = new Map<string, number>();
  for (const a of arrivals) {
    const local = DateTime.fromISO(a.at, { zone: 'Europe/London' });
    expect(local.hour).toBeGreaterThanOrEqual(9);
    const key = `${local.toISODate()}|${a.text.slice(0, 40)}`;
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
  }
  expect([...perDay.values()].every((n) => n === 1)).toBe(true);
});
