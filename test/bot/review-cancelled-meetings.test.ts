/**
 * A lead officer cancels a whole review that still has meetings booked ahead: through the real
 * restify server, the real store and the real sender, its meetings ahead are cancelled with it, and
 * each invitee who had not declined finds, in their personal chat at the Bot Connector stand-in, the
 * same notice `cancel-meeting` sends. The lead officer's answer names the meetings and how many are
 * told; later sweeps (and reopening the review) bring nothing back. Closing a review is refused while
 * a meeting is still booked ahead. The clock starts on Tuesday 24 November 2026 at 10:00 (UTC = London).
 */
import { createLogger } from '../../src/logger';
import { sweepCommittee } from '../../src/scheduler/committee-sweeps';
import {
  type Conversation,
  personalChatOf,
  type Speaker,
  startConversation,
  at,
} from '../support/conversation-harness';
import { cardText, LEAD_OFFICER, PRACTITIONER, TENANT_ID } from '../support/teams-activity';

jest.setTimeout(60_000);

const JO = { id: '29:jo-bloggs', name: 'Jo Bloggs', aadObjectId: '7f3a2b1c-0000-4000-8000-00000000d001' };
const PAT = { id: '29:pat-declines', name: 'Pat Declines', aadObjectId: '8e4b3c2d-0000-4000-8000-00000000e001' };

let c: Conversation;

beforeEach(async () => {
  // No ticks and no sender loop: the test sweeps and sends when it moves the clock.
  c = await startConversation({ now: '2026-11-24T10:00:00Z', env: { PUBLIC_URL: 'http://127.0.0.1:1' } });
});

afterEach(() => c.close());

const load = () => c.service.store.reviews.loadByReference(TENANT_ID, 'LR-2026-001');
const personOf = async (who: Speaker & { aadObjectId: string }) =>
  (await c.service.store.people.findByAadObjectId(TENANT_ID, who.aadObjectId))!;
const messagesTo = (who: { id: string }) =>
  c.connector.received.filter((r) => r.conversationId === personalChatOf(who) && r.activity.type === 'message');
const textsTo = (who: { id: string }) => messagesTo(who).map((r) => cardText(r.activity.attachments![0].content));

const sweepAt = async (instant: string) => {
  c.clock.set(new Date(instant));
  const { store, engine } = c.service;
  const calendarFor = (tenantId: string) => c.service.calendarFor(tenantId);
  const sweep = await sweepCommittee(
    { store, engine, calendarFor, logger: createLogger('silent') },
    TENANT_ID,
    c.clock.now(),
  );
  await c.service.sender.drain();
  return sweep;
};

/** Everyone says hello (so the bot has a personal chat with each); a review with Ana Lead as its lead officer. */
async function openReview() {
  for (const who of [LEAD_OFFICER, PRACTITIONER, JO, PAT]) await c.say('help', 'personal', who);
  const review = await c.service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });
  const lead = await personOf(LEAD_OFFICER);
  await c.service.store.people.assignRole(TENANT_ID, lead.id, {
    reviewId: review.id,
    personId: lead.id,
    role: 'lead_officer',
  });
  return review;
}

async function book(line: string, people: Speaker[]) {
  const text = await c.say(`${line} with me, ${people.map(at).join(', ')}`, 'personal', LEAD_OFFICER, people);
  expect(text[0]).toMatch(/ booked$/);
}

const cancelNotice = (kind: string) => `The ${kind} for Learning Review LR-2026-001 (Child A) is cancelled.`;

it('cancels its meetings ahead with it and tells each invitee who had not declined, once', async () => {
  const review = await openReview();
  await book('meet LR-2026-001 consideration 27/11/2026 10:00 at Room 2', [PRACTITIONER, JO, PAT]);
  await book('meet LR-2026-001 briefing 2/12/2026 14:00', [JO]);
  await c.service.sender.drain();
  const [lead, sam, jo, pat] = await Promise.all([LEAD_OFFICER, PRACTITIONER, JO, PAT].map(personOf));
  const consideration = (await load()).meetings.find((m) => m.kind === 'consideration_meeting')!;
  await c.service.store.meetings.respond(TENANT_ID, pat.id, consideration.id, pat.id, 'not_attending');
  const heard = new Map([LEAD_OFFICER, PRACTITIONER, JO, PAT].map((who) => [who.id, messagesTo(who).length]));

  c.clock.set(new Date('2026-11-25T09:30:00Z'));
  expect(await c.say('cancel LR-2026-001 duplicate notification')).toEqual([
    'Review cancelled',
    'LR-2026-001: Child A',
    'Cancelled: Wednesday 25 November 2026',
    'Why: duplicate notification',
    'Meeting cancelled: Consideration Meeting, Friday 27 November 2026 at 10:00 (3 of 4 invited told)',
    'Meeting cancelled: Briefing for attendees, Wednesday 2 December 2026 at 14:00 (2 of 2 invited told)',
    'Telling 3 people, one to one, that they will not take place; each gets a file that takes it out of their calendar.',
    'Reopening the review does not bring its meetings back: book them again with meet.',
  ]);
  expect(await c.service.sender.drain()).toMatchObject({ sent: 5 });

  // Each is told in their own chat, with who cancelled it; Pat, who had declined, hears nothing.
  const since = (who: { id: string }) => textsTo(who).slice(heard.get(who.id));
  expect(since(PRACTITIONER)).toEqual([
    [
      cancelNotice('Consideration Meeting'),
      'What: Consideration Meeting',
      'Was to start: Friday 27 November 2026 at 10:00 to 11:00',
      'Cancelled by: Ana Lead',
      'It will not take place, so there is no need to go, and nothing is needed from you.',
      'If you added it to your calendar, **Remove from my calendar** takes it out again. Any questions: Ana Lead, the lead officer.',
    ],
  ]);
  expect(
    since(JO)
      .map((text) => text[0])
      .sort(),
  ).toEqual([cancelNotice('Briefing for attendees'), cancelNotice('Consideration Meeting')].sort());
  // The lead officer, invited to both, is told too (after the answer to cancel).
  const toLead = since(LEAD_OFFICER).filter((text) => text[0].endsWith(' is cancelled.'));
  expect(toLead.map((text) => text.find((line) => line.startsWith('Cancelled by')))).toEqual([
    'Cancelled by: you',
    'Cancelled by: you',
  ]);
  expect(since(PAT)).toEqual([]);
  // Nothing about the meetings reaches a channel or a group chat.
  const oneToOne = new Set([LEAD_OFFICER, PRACTITIONER, JO, PAT].map(personalChatOf));
  expect(c.connector.received.filter((r) => !oneToOne.has(r.conversationId))).toEqual([]);

  // The store: the review and both meetings cancelled, each change in the audit.
  const stored = await load();
  expect(stored.status).toBe('cancelled');
  expect(stored.meetings.map((m) => [m.kind, m.status])).toEqual([
    ['consideration_meeting', 'cancelled'],
    ['briefing', 'cancelled'],
  ]);
  const audit = await c.service.store.audit.list(TENANT_ID, { reviewId: review.id });
  const cancelledMeetings = audit.filter(
    (e) => e.action === 'meeting.status_changed' && (e.after as { status?: string }).status === 'cancelled',
  );
  expect(cancelledMeetings.map((e) => e.entityId).sort()).toEqual(stored.meetings.map((m) => m.id).sort());
  expect(cancelledMeetings.map((e) => e.actor)).toEqual([lead.id, lead.id]);
  expect(audit.filter((e) => e.action === 'review.status_changed')).toHaveLength(1);
  const notices = (await c.service.store.outbox.listForReview(TENANT_ID, review.id)).filter(
    (r) => r.rule === 'meeting.cancelled',
  );
  expect(notices.flatMap((r) => r.deliveries.map((d) => `${d.recipient.personId} ${d.status}`)).sort()).toEqual(
    [lead.id, lead.id, sam.id, jo.id, jo.id].map((id) => `${id} sent`).sort(),
  );

  // Later sweeps, and reopening the review, send nothing more to anyone invited; the meetings stay cancelled.
  const quiet = c.connector.received.length;
  await sweepAt('2026-11-26T09:00:00Z');
  await c.service.store.reviews.reopen(TENANT_ID, lead.id, review.id, { reason: 'not a duplicate after all' });
  await sweepAt('2026-11-27T09:00:00Z');
  await sweepAt('2026-12-02T09:00:00Z');
  const invitees = new Set([PRACTITIONER, JO, PAT].map(personalChatOf));
  expect(c.connector.received.slice(quiet).filter((r) => invitees.has(r.conversationId))).toEqual([]);
  expect((await load()).meetings.map((m) => m.status)).toEqual(['cancelled', 'cancelled']);
  expect(
    (await c.service.store.outbox.listForReview(TENANT_ID, review.id)).filter((r) => r.rule === 'meeting.cancelled'),
  ).toHaveLength(5);
});

it('says so when the review had no meeting booked ahead, or nobody to tell', async () => {
  await openReview();
  const answer = await c.say('cancel LR-2026-001 duplicate notification');
  expect(answer).toContain('No meetings were booked ahead.');
  expect(answer.join('\n')).not.toMatch(/Telling|Reopening/);

  const other = await c.service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child B',
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });
  await c.service.store.meetings.schedule(TENANT_ID, 'system', other.id, {
    kind: 'review_team_meeting',
    title: 'Review Team Meeting',
    startsAt: new Date('2026-12-02T14:00:00Z'),
  });
  expect(await c.say(`cancel ${other.reference} duplicate notification`)).toEqual(
    expect.arrayContaining([
      'Meeting cancelled: Review Team Meeting, Wednesday 2 December 2026 at 14:00 (nobody invited)',
      'Nobody is told: nobody who had not declined was invited.',
    ]),
  );
});

it('refuses to close a review while a meeting is still booked ahead, and closes it once it is cancelled', async () => {
  const review = await openReview();
  await c.service.store.reviews.recordDecision(TENANT_ID, 'system', review.id, {
    outcome: 'not_proceed',
    decidedAt: new Date('2026-11-20T10:00:00Z'),
  });
  await book('meet LR-2026-001 workshop 3/12/2026 10:00', [JO]);
  await c.service.sender.drain();

  expect((await c.say('close LR-2026-001'))[0]).toBe(
    'LR-2026-001 still has the Learning workshop on Thursday 3 December 2026 at 10:00 booked ahead. Cancel it with cancel-meeting (its invitees are told) or move it, then close the review.',
  );
  const refused = await load();
  expect(refused.status).toBe('improvement');
  expect(refused.meetings.map((m) => m.status)).toEqual(['scheduled']);

  await c.say('cancel-meeting LR-2026-001 workshop');
  expect(await c.say('close LR-2026-001')).toContain('Review closed');
  expect((await load()).status).toBe('closed');
});

it('is told by the next sweep when the review was cancelled but the notices not queued, and only once', async () => {
  const review = await openReview();
  const [lead, sam] = await Promise.all([LEAD_OFFICER, PRACTITIONER].map(personOf));
  const meeting = await c.service.store.meetings.schedule(TENANT_ID, lead.id, review.id, {
    kind: 'review_team_meeting',
    title: 'Review Team Meeting',
    startsAt: new Date('2026-12-02T14:00:00Z'),
  });
  await c.service.store.meetings.invite(TENANT_ID, lead.id, meeting.id, [sam.id]);
  await c.service.sender.drain();
  // As if the bot stopped between storing the review's cancellation and queueing the notices.
  await c.service.store.reviews.changeStatus(TENANT_ID, lead.id, review.id, {
    status: 'cancelled',
    at: c.clock.now(),
  });
  const before = messagesTo(PRACTITIONER).length;

  const sweep = await sweepAt('2026-11-25T09:00:00Z');
  expect(sweep.due.map((i) => i.rule)).toEqual(['meeting.cancelled']);
  const received = textsTo(PRACTITIONER).slice(before);
  expect(received).toHaveLength(1);
  expect(received[0]).toContain(cancelNotice('Review Team Meeting'));
  expect(received[0]).toContain('Was to start: Wednesday 2 December 2026 at 14:00');
  expect(received[0].join('\n')).not.toContain('Cancelled by');

  const quiet = c.connector.received.length;
  expect((await sweepAt('2026-11-26T09:00:00Z')).queued).toBe(0);
  expect(c.connector.received.slice(quiet)).toEqual([]);
});
