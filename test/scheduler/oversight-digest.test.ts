/**
 * The Learning Review Sub-group's quarterly oversight (seed 001 §9: "Oversight of the progress of
 * the plan will be undertaken by the Learning Review Sub-group on a quarterly basis"), walked on a
 * fake clock with the real ticks, the real sender and the real card against the stand-in Bot
 * Connector: one digest a quarter to each Sub-group member, on the committee's quarter dates at its
 * reminder time, over every open review and improvement action; nothing per action, nothing to
 * anyone else, nothing twice.
 */
import { createCalendar } from '../../src/domain';
import type { Person } from '../../src/store';
import { givePersonalChat, type SenderScene, silentLogger, startSenderScene } from './sender-fixtures';

jest.setTimeout(120_000);

const T = 'tenant-oversight';
const calendar = createCalendar({ timeZone: 'Europe/London', region: 'scotland' });
let scene: SenderScene;

beforeEach(async () => {
  scene = await startSenderScene('2027-01-04T12:00:00.000Z');
});

afterEach(() => scene.close());

async function person(name: string): Promise<Person> {
  const p = await scene.store.people.upsert(T, 'system', { teamsUserId: `29:${name}`, displayName: name });
  await givePersonalChat(scene.store, T, p, scene.connector.url);
  return p;
}

test('each Sub-group member gets one digest a quarter, on the quarter date, over every open review and action', async () => {
  const { store } = scene;
  await store.committees.configure(T, 'system', { name: 'Committee', timeZone: 'Europe/London' });
  const member1 = await person('member1');
  const member2 = await person('member2');
  const lead = await person('lead');
  await store.committeeRoles.assign(T, 'system', { personId: member1.id, role: 'subgroup_member' });
  await store.committeeRoles.assign(T, 'system', { personId: member2.id, role: 'subgroup_member' });
  // Decided not to proceed on 2 December 2026, with two improvement actions (001 §5, §9).
  const review = await store.reviews.create(T, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T10:00:00Z'),
    leadOfficerPersonId: lead.id,
  });
  await store.reviews.recordDecision(T, 'system', review.id, {
    outcome: 'not_proceed',
    decidedAt: new Date('2026-12-02T15:00:00Z'),
  });
  await store.improvementActions.add(T, 'system', review.id, {
    description: 'Joint training on information sharing',
    agreedAt: new Date('2026-12-02T15:00:00Z'),
    dueOn: '2026-12-31',
  });
  await store.improvementActions.add(T, 'system', review.id, {
    description: 'Revise the escalation protocol',
    agreedAt: new Date('2026-12-02T15:00:00Z'),
  });

  const digestsIn = await scene.walker({
    everyMinutes: 60,
    ticks: 2, // twice, as a stalled node-cron might
    calendarFor: () => Promise.resolve(calendar),
    logger: silentLogger(),
    startingWith: "The Learning Review Sub-group's quarterly digest",
  });
  const chat = (p: Person) => `a:chat-${p.id}`;

  // The first tick only notes where the committee starts; its first digest is on its next quarter
  // date, 15 January, at 09:00 (GMT).
  let digests = await digestsIn('2027-01-04T12:00:00Z', '2027-01-16T00:00:00Z');
  expect(digests.map((d) => [d.at, d.to]).sort()).toEqual(
    [
      ['2027-01-15T09:00:00.000Z', chat(member1)],
      ['2027-01-15T09:00:00.000Z', chat(member2)],
    ].sort(),
  );
  expect(digests[0].text).toEqual([
    "The Learning Review Sub-group's quarterly digest, Friday 15 January 2027: 1 open review and 2 open improvement actions.",
    'Reviews, the most urgent first',
    `${review.reference} (Child A): Red`,
    'Improvement plan: 1 month since the decision.',
    'Improvement actions, those past their date first',
    `${review.reference} (Child A): Joint training on information sharing`,
    'Agreed Wednesday 2 December 2026, target Thursday 31 December 2026: past its target date.',
    `${review.reference} (Child A): Revise the escalation protocol`,
    'Agreed Wednesday 2 December 2026, no target date.',
    'An action is dropped only with a reason; the Lead Officer can tell you why any was.',
  ]);
  // No reminder per action on the anniversary of its agreement: the Lead Officer hears only of the
  // duties the decision left (telling the Care Inspectorate, the summary report to the committee).
  const rules = (await store.outbox.listForReview(T, review.id)).map((reminder) => reminder.rule);
  expect(rules.filter((rule) => rule.startsWith('action.'))).toEqual([]);
  expect(digests.some((d) => d.to === chat(lead))).toBe(false);

  // The committee sets its own quarter dates: the next digest follows them, once.
  await store.committees.configure(T, 'system', { oversightDates: ['03-01', '06-01', '09-01', '12-01'] });
  digests = await digestsIn('2027-02-27T00:00:00Z', '2027-03-02T12:00:00Z');
  // 1 March 2027 is a Monday.
  expect(digests.map((d) => [d.at, d.to]).sort()).toEqual(
    [
      ['2027-03-01T09:00:00.000Z', chat(member1)],
      ['2027-03-01T09:00:00.000Z', chat(member2)],
    ].sort(),
  );
});
