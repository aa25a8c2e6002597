/**
 * `digest`: every open review at a glance, most urgent first, for the committee Chair, lead officers
 * and the Sub-group, through the real restify server. One to one it is the weekly digest's own card,
 * rendered from the same rows by the same function; in a group chat or channel only the counts and
 * references, with a button that sends the rest one to one. The clock is fixed: Tuesday 24 November
 * 2026, 10:00.
 */
import { renderDeliveryCard } from '../../src/bot/reminder-cards';
import { committeeEngine, WEEKLY_DIGEST_RULE, weeklyDigest } from '../../src/domain';
import type { DeliveryMessage } from '../../src/scheduler/reminder-sender';
import { type Conversation, personalChatOf, startConversation } from '../support/conversation-harness';
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
const MEMBER = { id: '29:member-1', name: 'Mo Member', aadObjectId: '7a3f2e1b-0000-4000-8000-00000000d004' };
type Who = typeof LEAD_OFFICER;

let c: Conversation;

beforeEach(async () => {
  c = await startConversation({ now: NOW });
  await c.person(COMMITTEE_CHAIR, { committeeRole: 'committee_chair' });
  await c.person(SUBGROUP_MEMBER, { committeeRole: 'subgroup_member' });
});

afterEach(() => c.close());

/** Three open reviews: day 35 of 42 (amber or red), day 3 (green), day 46 (red, past the standard). */
async function openReviews() {
  const { store } = c.service;
  const open = (subjectPseudonym: string, notifiedAt: string) =>
    store.reviews.create(TENANT_ID, 'system', { kind: 'CP', subjectPseudonym, notifiedAt: new Date(notifiedAt) });
  const first = await open('Child A', '2026-10-20T09:30:00Z');
  await open('Child B', '2026-11-21T09:30:00Z');
  await open('Adult C', '2026-10-09T09:30:00Z');
  const member = await c.person(MEMBER);
  await store.people.assignRole(TENANT_ID, 'system', {
    reviewId: first.id,
    personId: member.id,
    role: 'review_team_member',
  });
}

/** Types a line; returns the one card the bot answered with. */
async function say(text: string, where: Where = 'personal', from: Who = LEAD_OFFICER) {
  await c.say(text, where, from);
  return c.lastCard();
}

const FULL = [
  'Open reviews as of Tuesday 24 November 2026: 3 open reviews, the most urgent first.',
  'LR-2026-003 (Adult C): Red',
  'Decision stage: 4 days past the 42-day standard (day 46).',
  'LR-2026-001 (Child A): Red',
  'Decision stage: day 35 of 42, 7 days left.',
  'LR-2026-002 (Child B): Green',
  'Decision stage: day 3 of 42, 39 days left.',
  'Red: late, or at risk of missing a deadline. Amber: a deadline is close. Green: on track.',
];

it.each<[string, Who]>([
  ['a lead officer', LEAD_OFFICER],
  ['the Committee Chair', COMMITTEE_CHAIR],
  ['a Sub-group member', SUBGROUP_MEMBER],
])('shows %s every open review, most urgent first, one to one', async (_who, from) => {
  await openReviews();
  expect(cardText(await say('digest', 'personal', from))).toEqual(FULL);
});

it("is the weekly digest's own rendering: the same rows, the same card, only the first line differs", async () => {
  await openReviews();
  const typed = await say('digest');
  const { store } = c.service;
  const committee = await store.committees.get(TENANT_ID);
  const engine = committeeEngine(c.service.engine, await c.service.calendarFor(TENANT_ID), committee?.reminderTime);
  const rows = weeklyDigest(await store.reviews.listForSweep(TENANT_ID, { limit: 50 }), engine, NOW).rows;
  const weekly: DeliveryMessage = {
    tenantId: TENANT_ID,
    timeZone: 'Europe/London',
    rule: WEEKLY_DIGEST_RULE,
    severity: 'info',
    subject: { type: 'committee', id: TENANT_ID },
    facts: { weekOf: '2026-11-23' },
    dueAt: new Date('2026-11-23T08:00:00Z'),
    recipient: { role: 'lead_officer', displayName: 'Ana Lead' },
    meetingTitle: null,
    pauseNote: null,
    unreachablePersonName: null,
    digest: rows,
    oversight: null,
  };
  const sent = renderDeliveryCard(weekly) as { body: unknown[] };
  expect(cardText(sent)[0]).toBe('Your weekly digest, Monday 23 November 2026: 3 open reviews, the most urgent first.');
  expect((typed as { body: unknown[] }).body.slice(1)).toEqual(sent.body.slice(1));
});

it.each<Where>(['groupChat', 'channel'])(
  'shows only counts and references in a %s, and sends the full digest one to one on request',
  async (where) => {
    await openReviews();
    const card = await say('digest', where);
    expect(cardText(card)).toEqual([
      'Open reviews, Tuesday 24 November 2026: 3 open reviews, 2 red, 0 amber and 1 green.',
      'Most urgent first: LR-2026-003, LR-2026-001, LR-2026-002.',
      'Only counts and references are shown here, because others can read this conversation.',
    ]);
    expect(JSON.stringify(card)).not.toMatch(/Child|Adult/);
    expect(JSON.stringify(card.actions)).toContain('"verb":"send-details","data":{"command":"digest"}');

    // The button: the roles are checked again, and the full digest goes to the personal chat.
    const before = c.connector.received.length;
    const answer = await c.click('send-details', { command: 'digest' }, where, LEAD_OFFICER);
    expect(cardText(answer)).toEqual(["I've sent the details to your chat with me."]);
    expect(c.connector.received).toHaveLength(before + 1);
    const delivered = c.connector.received[before];
    expect(delivered.conversationId).toBe(personalChatOf(LEAD_OFFICER));
    expect(cardText(delivered.activity.attachments![0].content)).toEqual(FULL);
  },
);

it.each<[string, Who]>([
  ['a practitioner', PRACTITIONER],
  ["a review's team member, who is not on the committee", MEMBER],
])('refuses %s, in every scope, without a count', async (_who, from) => {
  await openReviews();
  for (const where of ['personal', 'groupChat', 'channel'] as const) {
    expect(cardText(await say('digest', where, from))[0]).toBe(
      'This needs the Committee Chair, a Lead Officer or a Learning Review Sub-group member.',
    );
  }
  // The same by its card action, or by asking for it one to one from a shared chat.
  const viaButton = await c.click('send-details', { command: 'digest' }, 'groupChat', from);
  expect(cardText(viaButton)[0]).toBe(
    'This needs the Committee Chair, a Lead Officer or a Learning Review Sub-group member.',
  );
});

it('says so when nothing is open', async () => {
  expect(cardText(await say('digest'))).toEqual([
    'Open reviews as of Tuesday 24 November 2026: none.',
    'Red: late, or at risk of missing a deadline. Amber: a deadline is close. Green: on track.',
  ]);
});
