/**
 * What people receive when the bot was down: the ticks and the real sender walked on a fake clock,
 * against the stand-in Bot Connector. A review whose 42-day standard is overdue has a daily series;
 * a bot down from Friday morning to early Monday must not send it twice on Monday morning (once
 * for the missed days and again at 09:00), and every count must be true on the day it arrives.
 */
import { DateTime } from 'luxon';
import { createCalendar } from '../../src/domain';
import { expectSenderLogClean, givePersonalChat, type SenderScene, startSenderScene } from './sender-fixtures';

jest.setTimeout(120_000);

const TENANT = 'tenant-catch-up';
const calendar = createCalendar({ timeZone: 'Europe/London', region: 'scotland' });
let scene: SenderScene;

beforeEach(async () => {
  scene = await startSenderScene('2026-03-26T08:30:00.000Z');
});

afterEach(async () => {
  await expectSenderLogClean(scene.sqlitePath);
  await scene.close();
});

test('a bot down from Friday to early Monday sends the daily overdue alert once on Monday, with Monday’s count', async () => {
  const { store, connector } = scene;
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

  const walk = await scene.walker({ everyMinutes: 15, calendarFor: () => Promise.resolve(calendar) });
  // Up on Thursday; down from Friday 07:00 to Monday 05:00 (BST from Sunday); up until Tuesday noon.
  const arrivals = [
    ...(await walk('2026-03-26T08:30:00Z', '2026-03-27T07:00:00Z')),
    ...(await walk('2026-03-30T05:00:00Z', '2026-03-31T12:00:00Z')),
  ].map(({ at, text }) => ({ at, text: text[0] }));

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
