/**
 * The buttons on a deadline alert, clicked as Teams posts a click, through the real restify server,
 * with the sender driven by the test (no ticks). "Remind the senior managers now" queues one
 * reminder per report not yet received, to its Senior Manager, once a day however often it is
 * clicked, and the card says what was sent; the senior managers' cards arrive one to one. Each click
 * is re-authorised: the committee Chair, a lead officer and the review's Review Team Chair may; a
 * practitioner, a Sub-group member and another review's chair may not; a forged payload is refused.
 * The clock is fixed: Tuesday 24 November 2026, 10:00.
 */
import type { Person } from '../../src/store';
import { type Conversation, startConversation } from '../support/conversation-harness';
import {
  cardText,
  COMMITTEE_CHAIR,
  LEAD_OFFICER,
  PRACTITIONER,
  SUBGROUP_MEMBER,
  TENANT_ID,
  type Where,
} from '../support/teams-activity';

const NOW = new Date('2026-11-24T10:00:00Z');
const TEAM_CHAIR = { id: '29:rtc-1', name: 'Ray Teamchair', aadObjectId: '7a3f2e1b-0000-4000-8000-00000000d003' };
type Who = typeof LEAD_OFFICER;

let c: Conversation;
let reviewId: string;
let managers: { police: Person; nhs: Person };

beforeEach(async () => {
  c = await startConversation({ now: NOW });
  await c.person(COMMITTEE_CHAIR, { committeeRole: 'committee_chair' });
  await c.person(SUBGROUP_MEMBER, { committeeRole: 'subgroup_member' });
  const { store } = c.service;
  // Notified Tuesday 20 October: day 42 is Tuesday 1 December.
  const review = await store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });
  reviewId = review.id;
  const other = await store.reviews.create(TENANT_ID, 'system', {
    kind: 'ASP',
    subjectPseudonym: 'Adult B',
    notifiedAt: new Date('2026-10-27T09:30:00Z'),
  });
  const teamChair = await c.person(TEAM_CHAIR);
  await store.people.assignRole(TENANT_ID, 'system', {
    reviewId: other.id,
    personId: teamChair.id,
    role: 'review_team_chair',
  });
  managers = {
    police: await store.people.upsert(TENANT_ID, 'system', { teamsUserId: '29:sm-police', displayName: 'Pat Police' }),
    nhs: await store.people.upsert(TENANT_ID, 'system', { teamsUserId: '29:sm-nhs', displayName: 'Nia Health' }),
  };
  const ask = async (agency: string, seniorManagerPersonId: string | null, dueOn: string) => {
    const { id } = await store.agencies.add(TENANT_ID, 'system', agency);
    return store.reportRequests.request(TENANT_ID, 'system', review.id, { agencyId: id, seniorManagerPersonId, dueOn });
  };
  await ask('Police Scotland', managers.police.id, '2026-11-10');
  await ask('NHS Lothian', managers.nhs.id, '2026-11-27');
  await ask('Education', null, '2026-11-27');
  const received = await ask('Social Work', managers.nhs.id, '2026-11-13');
  await store.reportRequests.submit(TENANT_ID, 'system', received.id, {
    submittedByPersonId: managers.nhs.id,
    text: 'Our involvement began in 2024.',
  });
});

afterEach(() => c.close());

/** Clicks an Action.Execute button; returns the text of the card that replaces the clicked one. */
async function click(verb: string, data: unknown, from: Who = COMMITTEE_CHAIR, where: Where = 'personal') {
  return cardText(await c.click(verb, data, where, from));
}

const remind = (from: Who = COMMITTEE_CHAIR, data: unknown = { reference: 'LR-2026-001' }, where: Where = 'personal') =>
  click('deadline.remind-senior-managers', data, from, where);

const askedReminders = async () =>
  (await c.service.store.outbox.listForReview(TENANT_ID, reviewId)).filter((r) => r.rule === 'report.asked-now');

const refusals = () => c.service.logLines.filter((l) => l.msg === 'card action refused');

it('reminds each senior manager once, says what was sent, and the reminders arrive one to one', async () => {
  expect(await remind()).toEqual([
    'LR-2026-001: Child A',
    "I've reminded the senior managers, one to one, of the reports not yet received:",
    '- Police Scotland, due Tuesday 10 November 2026',
    '- NHS Lothian, due Friday 27 November 2026',
    'No senior manager is named yet for Education, so nobody could be reminded there.',
  ]);
  const queued = await askedReminders();
  expect(queued.map((r) => r.deliveries.map((d) => d.recipient.personId)).sort()).toEqual(
    [[managers.nhs.id], [managers.police.id]].sort(),
  );

  // Two clicks send once: the reminders are keyed by the report and the day.
  expect(await remind()).toEqual([
    'LR-2026-001: Child A',
    'Already reminded today, so not sent again: Police Scotland, NHS Lothian.',
    'No senior manager is named yet for Education, so nobody could be reminded there.',
  ]);
  expect(await askedReminders()).toHaveLength(2);

  await expect(c.service.sender.drain()).resolves.toMatchObject({ sent: 2 });
  const cards = Object.fromEntries(
    c.connector.received.map((r) => [r.conversationId, cardText(r.activity.attachments![0].content)]),
  );
  expect(Object.keys(cards)).toHaveLength(2);
  const [toPolice] = Object.values(cards).filter((lines) => lines.join(' ').includes('Police Scotland'));
  expect(toPolice).toEqual([
    'A reminder from the Committee Chair: the single-agency report from Police Scotland was due on Tuesday 10 November 2026 and has not yet been received. If it is on its way, no need to reply.',
    'Review: LR-2026-001 (Child A)',
  ]);
  const [toNhs] = Object.values(cards).filter((lines) => lines.join(' ').includes('NHS Lothian'));
  expect(toNhs[0]).toBe(
    'A reminder from the Committee Chair: the single-agency report from NHS Lothian is due in 3 days, on Friday 27 November 2026.',
  );
});

it.each<[string, Who]>([
  ['a lead officer', LEAD_OFFICER],
  ['the Committee Chair', COMMITTEE_CHAIR],
])('lets %s remind them', async (_who, from) => {
  expect((await remind(from))[1]).toBe(
    "I've reminded the senior managers, one to one, of the reports not yet received:",
  );
  expect(await askedReminders()).toHaveLength(2);
});

it("lets the review's own Review Team Chair remind them, and names that role", async () => {
  const teamChair = (await c.service.store.people.findByAadObjectId(TENANT_ID, TEAM_CHAIR.aadObjectId))!;
  await c.service.store.people.assignRole(TENANT_ID, 'system', {
    reviewId,
    personId: teamChair.id,
    role: 'review_team_chair',
  });
  expect((await remind(TEAM_CHAIR))[1]).toBe(
    "I've reminded the senior managers, one to one, of the reports not yet received:",
  );
  const [first] = await askedReminders();
  expect(first.facts.askedByRole).toBe('review_team_chair');
});

it.each<[string, Who]>([
  ['a practitioner', PRACTITIONER],
  ['a Sub-group member, who oversees rather than acts', SUBGROUP_MEMBER],
  ["another review's Review Team Chair", TEAM_CHAIR],
])('refuses %s, and queues nothing', async (_who, from) => {
  const text = await remind(from);
  expect(text.join(' ')).toContain(
    'This needs the Committee Chair or a Lead Officer, or the Lead Officer or Review Team Chair of LR-2026-001',
  );
  expect(await askedReminders()).toEqual([]);
  expect(refusals()).toEqual([
    expect.objectContaining({ verb: 'deadline.remind-senior-managers', refusal: 'not_allowed' }),
  ]);
});

it('refuses forged payloads: another committee, a malformed reference, a missing one, and a shared chat', async () => {
  // Another committee's third review: LR-2026-003 there, and none here.
  const elsewhere = '0b0b0b0b-0000-4000-8000-00000000e001';
  for (const pseudonym of ['Child X', 'Child Y', 'Child Z'])
    await c.service.store.reviews.create(elsewhere, 'system', {
      kind: 'CP',
      subjectPseudonym: pseudonym,
      notifiedAt: new Date('2026-10-20T09:30:00Z'),
    });
  expect((await remind(COMMITTEE_CHAIR, { reference: 'LR-2026-003' })).join(' ')).toMatch(/LR-2026-003/);
  // Someone without the role is not told whether it exists.
  expect((await remind(PRACTITIONER, { reference: 'LR-2026-003' })).join(' ')).toContain('Committee Chair');
  expect(await remind(COMMITTEE_CHAIR, { reference: 42 })).toEqual([
    'That card is out of date or was changed, so I did nothing. Type help to start again.',
  ]);
  expect(await remind(COMMITTEE_CHAIR, {})).toEqual([
    'That card is out of date or was changed, so I did nothing. Type help to start again.',
  ]);
  expect((await remind(COMMITTEE_CHAIR, { reference: 'LR-2026-001' }, 'groupChat')).join(' ')).toContain(
    'That button works in your personal chat with me, where the alert came. Nothing was sent.',
  );
  expect(await askedReminders()).toEqual([]);
  expect(refusals().map((l) => l.refusal)).toEqual(['unknown_review', 'unknown_review', 'bad_payload', 'bad_payload']);
});

it('sends nothing while the clock is paused, or once every report is in', async () => {
  await c.service.store.reviews.pauseClock(TENANT_ID, 'system', reviewId, {
    category: 'criminal_proceedings',
    startedAt: new Date('2026-11-23T09:00:00Z'),
  });
  expect((await remind()).join(' ')).toContain(
    "LR-2026-001's clock is paused, so report reminders are held back until it resumes. Nothing was sent.",
  );
  expect(await askedReminders()).toEqual([]);

  expect(await remind(LEAD_OFFICER, { reference: 'LR-2026-002' })).toEqual([
    'LR-2026-002: Adult B',
    'Every single-agency report asked for is in, so there was nobody to remind.',
  ]);
});

it('answers the "book the Consideration Meeting" button with the meet form, for those who may', async () => {
  expect((await click('deadline.book-meeting', { reference: 'LR-2026-001' }, LEAD_OFFICER)).join(' ')).toContain(
    'Book a meeting',
  );
  expect((await click('deadline.book-meeting', { reference: 'LR-2026-001' }, PRACTITIONER)).join(' ')).toContain(
    'This needs the Committee Chair or a Lead Officer',
  );
});
