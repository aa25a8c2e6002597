/**
 * The weekly digest, walked on a fake clock with the real ticks, the real sender and the real card,
 * against the stand-in Bot Connector: two committees in different zones each get it on Monday at
 * 08:00 their time, one to one to their chairs and lead officers (and the people in LEAD_OFFICERS),
 * once a week however often the tick runs; after two missed weeks it catches up once.
 */
import { type Calendar, createCalendar, weeklyDigestMessage } from '../../src/domain';
import type { Person } from '../../src/store';
import {
  expectSenderLogClean,
  givePersonalChat,
  realSender,
  type SenderScene,
  startSenderScene,
} from './sender-fixtures';

jest.setTimeout(120_000);

const LONDON = 'tenant-london';
const NEW_YORK = 'tenant-new-york';
const calendars: Record<string, Calendar> = {
  [LONDON]: createCalendar({ timeZone: 'Europe/London', region: 'scotland' }),
  [NEW_YORK]: createCalendar({ timeZone: 'America/New_York', region: 'scotland' }),
};
let scene: SenderScene;

beforeEach(async () => {
  scene = await startSenderScene('2026-11-15T00:00:00.000Z');
});

afterEach(async () => {
  await expectSenderLogClean(scene.sqlitePath);
  await scene.close();
});

async function person(tenantId: string, name: string, email?: string): Promise<Person> {
  const p = await scene.store.people.upsert(tenantId, 'system', {
    teamsUserId: `29:${tenantId}-${name}`,
    displayName: name,
    email,
  });
  await givePersonalChat(scene.store, tenantId, p, scene.connector.url);
  return p;
}

async function review(tenantId: string, notifiedAt: string, roles: Array<[Person, 'lead_officer']>) {
  const created = await scene.store.reviews.create(tenantId, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date(notifiedAt),
  });
  for (const [p, role] of roles)
    await scene.store.people.assignRole(tenantId, 'system', { reviewId: created.id, personId: p.id, role });
  return created;
}

test('Monday 08:00 in each committee’s zone, once a week each, caught up once after downtime', async () => {
  const { store } = scene;
  await store.committees.configure(LONDON, 'system', { name: 'London', timeZone: 'Europe/London' });
  await store.committees.configure(NEW_YORK, 'system', { name: 'New York', timeZone: 'America/New_York' });
  const chair1 = await person(LONDON, 'chair1');
  const chair2 = await person(LONDON, 'chair2');
  const lead = await person(LONDON, 'lead');
  const named = await person(LONDON, 'named', 'Named.Lead@council.example');
  const practitioner = await person(LONDON, 'practitioner');
  // Notified 1 October: 4 days past the 42-day standard on Monday 16 November. Notified 13 November: day 3.
  // The committee's Chair and a member of its Learning Review Sub-group hold their roles for the
  // whole committee (001 §4, §7).
  await store.committeeRoles.assign(LONDON, 'system', { personId: chair1.id, role: 'committee_chair' });
  await store.committeeRoles.assign(LONDON, 'system', { personId: chair2.id, role: 'subgroup_member' });
  const late = await review(LONDON, '2026-10-01T10:00:00Z', [[lead, 'lead_officer']]);
  const fresh = await review(LONDON, '2026-11-13T10:00:00Z', [[lead, 'lead_officer']]);
  await store.people.assignRole(LONDON, 'system', {
    reviewId: fresh.id,
    personId: practitioner.id,
    role: 'practitioner',
  });
  const chairNY = await person(NEW_YORK, 'chairNY');
  await store.committeeRoles.assign(NEW_YORK, 'system', { personId: chairNY.id, role: 'committee_chair' });
  await review(NEW_YORK, '2026-11-10T15:00:00Z', []);

  const digestsIn = await scene.walker({
    everyMinutes: 30,
    ticks: 2, // twice, as a stalled node-cron might
    calendarFor: (tenantId: string) => Promise.resolve(calendars[tenantId]),
    digest: { schedule: { weekday: 1, minutesOfDay: 8 * 60 }, leadOfficers: ['named.lead@council.example'] },
    startingWith: 'Your weekly digest',
  });
  const chat = (p: Person) => `a:chat-${p.id}`;

  let digests = await digestsIn('2026-11-15T00:00:00Z', '2026-11-17T00:00:00Z');
  // London's 08:00 is 08:00Z in November; New York's is 13:00Z. Practitioners get none.
  expect(digests.map((d) => [d.at, d.to]).sort()).toEqual(
    [
      ['2026-11-16T08:00:00.000Z', chat(chair1)],
      ['2026-11-16T08:00:00.000Z', chat(chair2)],
      ['2026-11-16T08:00:00.000Z', chat(lead)],
      ['2026-11-16T08:00:00.000Z', chat(named)],
      ['2026-11-16T13:00:00.000Z', chat(chairNY)],
    ].sort(),
  );
  expect(digests.find((d) => d.to === chat(lead))!.text).toEqual([
    'Your weekly digest, Monday 16 November 2026: 2 open reviews, the most urgent first.',
    `${late.reference} (Child A): Red`,
    'Decision stage: 4 days past the 42-day standard (day 46).',
    `${fresh.reference} (Child A): Green`,
    'Decision stage: day 3 of 42, 39 days left.',
    'Red: late, or at risk of missing a deadline. Amber: a deadline is close. Green: on track.',
  ]);

  // Down from Tuesday 17 November to Wednesday 2 December: two Mondays missed, one digest on return.
  digests = await digestsIn('2026-12-02T10:00:00Z', '2026-12-02T16:00:00Z');
  expect(digests.map((d) => [d.at, d.to]).sort()).toEqual(
    [
      ['2026-12-02T10:00:00.000Z', chat(chair1)],
      ['2026-12-02T10:00:00.000Z', chat(chair2)],
      ['2026-12-02T10:00:00.000Z', chat(lead)],
      ['2026-12-02T10:00:00.000Z', chat(named)],
      ['2026-12-02T10:00:00.000Z', chat(chairNY)],
    ].sort(),
  );
  // The rows are as things stand on the day it arrives.
  expect(digests.find((d) => d.to === chat(lead))!.text.slice(0, 3)).toEqual([
    'Your weekly digest, Monday 30 November 2026: 2 open reviews, the most urgent first.',
    `${late.reference} (Child A): Red`,
    'Decision stage: 20 days past the 42-day standard (day 62).',
  ]);
});

test('a digest still unsent a week on is recorded as replaced by the next, not sent late', async () => {
  const { store, connector, clock } = scene;
  const chair = await person(LONDON, 'chair1');
  await review(LONDON, '2026-11-13T10:00:00Z', []);
  const message = weeklyDigestMessage(LONDON, '2026-11-09', new Date('2026-11-09T08:00:00Z'), [
    { role: 'committee_chair', personId: chair.id },
  ]);
  await store.outbox.enqueueForCommittee(LONDON, message);
  clock.set('2026-11-16T08:00:00.000Z');
  const sender = await realSender(store, { limits: { perConversation: [], perTenant: [] }, now: clock.now });
  await expect(sender.drain()).resolves.toMatchObject({ superseded: 1, sent: 0 });
  expect((await store.outbox.get(LONDON, message.key))!.deliveries[0]).toMatchObject({
    status: 'superseded',
    lastError: 'digest-replaced',
  });
  expect(connector.received).toHaveLength(0);
});
