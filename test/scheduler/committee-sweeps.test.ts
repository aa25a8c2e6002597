/**
 * The ticks, walked on a fake clock every quarter of an hour: each committee is swept once per working
 * day at its own 09:00, across weekends, bank holidays (Good Friday for both; Easter Monday only in
 * England and Wales) and both clock changes; a doubled tick does nothing; a bot down from Friday
 * to Monday makes its missed sweep up once, at Monday's 09:00 (not at once and again at 09:00).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Calendar, createCalendar } from '../../src/domain';
import { sweepCommittee, tick } from '../../src/scheduler/committee-sweeps';
import { openStore, type Store } from '../../src/store';
import { createEngineContext } from '../../src/templates/load-templates';
import { createLogger } from '../../src/logger';
import { testClock } from '../store/engines';

jest.setTimeout(60_000);

const SCOTLAND = 'tenant-scotland';
const ENGLAND = 'tenant-england';
const calendars: Record<string, Calendar> = {
  [SCOTLAND]: createCalendar({ timeZone: 'Europe/London', region: 'scotland' }),
  [ENGLAND]: createCalendar({ timeZone: 'Europe/London', region: 'england-and-wales' }),
};

let folder: string;
let store: Store;
const clock = testClock('2026-03-26T00:00:00.000Z');

beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-ticks-'));
  store = await openStore({ sqlitePath: path.join(folder, 'bot.sqlite'), now: clock.now });
  for (const tenant of [SCOTLAND, ENGLAND]) {
    await store.committees.configure(tenant, 'system', { name: tenant, timeZone: 'Europe/London' });
  }
});

afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

const options = () => ({
  store,
  engine: createEngineContext(),
  calendarFor: (tenantId: string) => Promise.resolve(calendars[tenantId]),
  logger: createLogger('silent'),
});

/** Ticks every quarter of an hour (each one twice, as a stalled node-cron might) over [from, to). */
async function walk(from: string, to: string): Promise<Array<[string, string]>> {
  const swept: Array<[string, string]> = [];
  for (let at = new Date(from); at < new Date(to); at = new Date(at.getTime() + 15 * 60_000)) {
    clock.set(at.toISOString());
    for (let twice = 0; twice < 2; twice += 1) {
      const summary = await tick(options(), at);
      for (const sweep of summary.swept) swept.push([sweep.tenantId, at.toISOString()]);
    }
  }
  return swept;
}

it('sweeps each committee once a working day at 09:00 local, over a weekend, Easter and the spring clock change', async () => {
  const swept = await walk('2026-03-26T08:30:00Z', '2026-04-08T00:00:00Z');
  const of = (tenant: string) => swept.filter(([t]) => t === tenant).map(([, at]) => at);
  // British Summer Time starts on Sunday 29 March: 09:00 local is 09:00Z before, 08:00Z after.
  // The first tick (08:30) leaves the sweep the committee never had to its 09:00, half an hour on.
  const common = [
    '2026-03-26T09:00:00.000Z',
    '2026-03-27T09:00:00.000Z',
    '2026-03-30T08:00:00.000Z',
    '2026-03-31T08:00:00.000Z',
    '2026-04-01T08:00:00.000Z',
    '2026-04-02T08:00:00.000Z',
  ];
  // Good Friday (3 April) is a holiday in both; Easter Monday (6 April) only in England and Wales.
  expect(of(SCOTLAND)).toEqual([...common, '2026-04-06T08:00:00.000Z', '2026-04-07T08:00:00.000Z']);
  expect(of(ENGLAND)).toEqual([...common, '2026-04-07T08:00:00.000Z']);
});

it('sweeps at 09:00 local after the autumn clock change too', async () => {
  // BST ends on Sunday 25 October 2026: Friday's 09:00 is 08:00Z, Monday's is 09:00Z.
  const swept = await walk('2026-10-23T07:00:00Z', '2026-10-27T00:00:00Z');
  expect(swept.filter(([t]) => t === SCOTLAND).map(([, at]) => at)).toEqual([
    '2026-10-23T08:00:00.000Z',
    '2026-10-26T09:00:00.000Z',
  ]);
});

it('a bot down from Friday morning to Monday morning makes the missed sweep up once, at 09:00', async () => {
  await walk('2026-03-26T08:30:00Z', '2026-03-27T07:00:00Z');
  // Down from Friday 07:00 to Monday 06:00 (BST): Friday's sweep was missed, and made up by Monday's.
  const swept = await walk('2026-03-30T05:00:00Z', '2026-03-30T12:00:00Z');
  expect(swept.filter(([t]) => t === SCOTLAND).map(([, at]) => at)).toEqual(['2026-03-30T08:00:00.000Z']);
});

it('a bot back after its reminder time makes the missed sweep up at once, on a weekend day too', async () => {
  await walk('2026-03-26T08:30:00Z', '2026-03-27T07:00:00Z');
  // Down from Friday 07:00 to Saturday 10:00 (GMT): Friday's sweep is made up at once, on Saturday.
  const swept = await walk('2026-03-28T10:00:00Z', '2026-03-28T12:00:00Z');
  expect(swept.filter(([t]) => t === SCOTLAND).map(([, at]) => at)).toEqual(['2026-03-28T10:00:00.000Z']);
});

it("a bot back early on a weekend day makes the missed sweep up at that day's 09:00", async () => {
  await walk('2026-03-26T08:30:00Z', '2026-03-27T07:00:00Z');
  const swept = await walk('2026-03-28T06:00:00Z', '2026-03-28T12:00:00Z');
  expect(swept.filter(([t]) => t === SCOTLAND).map(([, at]) => at)).toEqual(['2026-03-28T09:00:00.000Z']);
});

it("a sweep with nothing new to say writes nothing, so it does not wait for another process's write lock", async () => {
  // The store's own lock wait, cut short: a write that had to wait would fail within a second.
  const file = path.join(folder, 'locked.sqlite');
  const locked = await openStore({ sqlitePath: file, now: clock.now, lockWaitMs: 300 });
  try {
    clock.set('2026-10-13T11:00:00.000Z');
    await locked.committees.configure(SCOTLAND, 'system', { name: SCOTLAND, timeZone: 'Europe/London' });
    const lead = await locked.people.upsert(SCOTLAND, 'system', { teamsUserId: '29:lead', displayName: 'Lead' });
    const review = await locked.reviews.create(SCOTLAND, lead.id, {
      kind: 'CP',
      subjectPseudonym: 'Child A',
      notifiedAt: new Date('2026-10-13T10:00:00Z'),
    });
    await locked.people.assignRole(SCOTLAND, lead.id, { reviewId: review.id, personId: lead.id, role: 'lead_officer' });
    const now = new Date('2026-11-17T09:30:00Z');
    clock.set(now.toISOString());
    const sweepOptions = { ...options(), store: locked };
    const first = await sweepCommittee(sweepOptions, SCOTLAND, now);
    expect(first.queued).toBeGreaterThan(0);

    // A backup (or a second process) holds the write lock while the same sweep runs again.
    const other = new BetterSqlite3(file);
    other.exec('begin immediate');
    try {
      const again = await sweepCommittee(sweepOptions, SCOTLAND, now);
      expect(again.due.map((intent) => intent.key)).toEqual(first.due.map((intent) => intent.key));
      expect(again.queued).toBe(0);
    } finally {
      other.exec('rollback');
      other.close();
    }
  } finally {
    await locked.close();
  }
});
