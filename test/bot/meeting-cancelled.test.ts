/**
 * A lead officer cancels a meeting: through the real restify server and the real sender, each
 * invitee who had not declined finds a card in their personal chat at the Bot Connector stand-in
 * saying which meeting is cancelled, when it was to start and who cancelled it, with a calendar file
 * that takes it out of their calendar; the one who declined hears nothing; and what was still waiting
 * to go out about the meeting is never sent, now or when the clock passes it. The clock starts on
 * Tuesday 24 November 2026 at 10:00 (UTC = London); the meeting is on Friday 27 November at 10:00.
 */
import { createLogger } from '../../src/logger';
import { sweepCommittee } from '../../src/scheduler/committee-sweeps';
import { ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import {
  cardText,
  inScope,
  LEAD_OFFICER,
  post,
  PRACTITIONER,
  teamsActivity,
  TENANT_ID,
  type Where,
} from '../support/teams-activity';
import { startTestService, TestService } from '../support/test-service';

jest.setTimeout(60_000);

const JO = { id: '29:jo-bloggs', name: 'Jo Bloggs', aadObjectId: '7f3a2b1c-0000-4000-8000-00000000d001' };
const PAT = { id: '29:pat-declines', name: 'Pat Declines', aadObjectId: '8e4b3c2d-0000-4000-8000-00000000e001' };
type Speaker = typeof LEAD_OFFICER;

let now = new Date('2026-11-24T10:00:00Z');
let connector: ConnectorStandIn;
let service: TestService;

beforeEach(async () => {
  now = new Date('2026-11-24T10:00:00Z');
  connector = await startConnectorStandIn();
  // No ticks and no sender loop: the test sweeps and sends when it moves the clock.
  service = await startTestService(
    { LEAD_OFFICERS: LEAD_OFFICER.aadObjectId, PUBLIC_URL: 'http://127.0.0.1:1' },
    { now: () => new Date(now), scheduler: false },
  );
});

afterEach(async () => {
  await service.close();
  await connector.close();
});

const personal = (who: { id: string }) => `a:personal-${who.id}`;
const messagesTo = (who: { id: string }) =>
  connector.received.filter((r) => r.conversationId === personal(who) && r.activity.type === 'message');
const cardOf = (received: (typeof connector.received)[number]) => received.activity.attachments![0].content;

/** Types a line (with its @mentions) and returns the text of the card the bot answered with. */
async function say(text: string, from: Speaker = LEAD_OFFICER, mentions: Speaker[] = [], where: Where = 'personal') {
  const before = messagesTo(from).length;
  const scope = inScope(where, text, from);
  const entities = mentions.map((m) => ({
    type: 'mention',
    mentioned: { id: m.id, name: m.name },
    text: `<at>${m.name}</at>`,
  }));
  const response = await post(
    `${service.url}/api/messages`,
    teamsActivity({ serviceUrl: connector.url, ...scope, entities }),
  );
  expect(response.status).toBe(200);
  const answers = messagesTo(from);
  expect(answers).toHaveLength(before + 1);
  return cardText(cardOf(answers[answers.length - 1]));
}

const sweepAt = async (instant: string) => {
  now = new Date(instant);
  const { store, engine } = service;
  const calendarFor = (tenantId: string) => service.calendarFor(tenantId);
  return sweepCommittee({ store, engine, calendarFor, logger: createLogger('silent') }, TENANT_ID, now);
};

/** The calendar link on a card, fetched from the bot's own server. */
async function calendarFileOn(card: Record<string, unknown>): Promise<string> {
  const link = /"url":"(http:\/\/127\.0\.0\.1:1\/calendar\/[^"]+)"/.exec(JSON.stringify(card));
  expect(link).not.toBeNull();
  const response = await fetch(link![1].replace('http://127.0.0.1:1', service.url));
  expect(response.status).toBe(200);
  return (await response.text()).replace(/\r\n/g, '\n');
}

const field = (ics: string, name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(ics)?.[1];

it('tells each invitee who had not declined, one to one, and nothing more about the meeting goes out', async () => {
  // Everyone says hello, so the bot knows them and has a personal chat with each.
  for (const who of [LEAD_OFFICER, PRACTITIONER, JO, PAT]) await say('help', who);
  const review = await service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });
  const lead = (await service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId))!;
  await service.store.people.assignRole(TENANT_ID, lead.id, {
    reviewId: review.id,
    personId: lead.id,
    role: 'lead_officer',
  });
  const people = [PRACTITIONER, JO, PAT] as Speaker[];
  const booked = await say(
    `meet ${review.reference} consideration 27/11/2026 10:00 at Room 2, John Muir House with me, ${people.map((p) => `<at>${p.name}</at>`).join(', ')}`,
    LEAD_OFFICER,
    people,
  );
  expect(booked).toContain('Consideration Meeting booked');
  await service.sender.drain();
  const invitation = cardOf(messagesTo(PRACTITIONER).at(-1)!);
  expect(cardText(invitation)).toContain(
    'You are invited to the Consideration Meeting for Learning Review LR-2026-001 (Child A).',
  );
  const invitationFile = await calendarFileOn(invitation);
  const meetingId = (await service.store.reviews.load(TENANT_ID, review.id)).meetings[0].id;
  const pat = (await service.store.people.findByAadObjectId(TENANT_ID, PAT.aadObjectId))!;
  await service.store.meetings.respond(TENANT_ID, pat.id, meetingId, pat.id, 'not_attending');

  // Wednesday's sweep queues the attendance list; before it goes out, the meeting is cancelled.
  const wednesday = await sweepAt('2026-11-25T09:00:00Z');
  expect(wednesday.due.map((intent) => intent.rule)).toContain('meeting.attendance-list');
  now = new Date('2026-11-25T09:30:00Z');
  const before = connector.received.length;
  const answer = await say(`cancel-meeting ${review.reference} consideration`);
  expect(answer).toEqual(
    expect.arrayContaining([
      'Consideration Meeting cancelled',
      'Was to start: Friday 27 November 2026 at 10:00',
      'Telling 3 of the 4 invited, one to one; 1 had said they would not come. Each gets a file that takes it out of their calendar.',
    ]),
  );
  const summary = await service.sender.drain();
  expect(summary).toMatchObject({ sent: 3, superseded: 3 });

  // Each is told in their personal chat, and nobody else hears anything.
  const sent = connector.received.slice(before + 1).filter((r) => r.activity.type === 'message');
  expect(sent.map((r) => r.conversationId).sort()).toEqual(
    [personal(LEAD_OFFICER), personal(PRACTITIONER), personal(JO)].sort(),
  );
  const toSam = cardText(cardOf(messagesTo(PRACTITIONER).at(-1)!));
  expect(toSam).toEqual([
    'The Consideration Meeting for Learning Review LR-2026-001 (Child A) is cancelled.',
    'What: Consideration Meeting',
    'Was to start: Friday 27 November 2026 at 10:00 to 11:00',
    'Cancelled by: Ana Lead',
    'It will not take place, so there is no need to go, and nothing is needed from you.',
    'If you added it to your calendar, **Remove from my calendar** takes it out again. Any questions: Ana Lead, the lead officer.',
  ]);
  expect(cardText(cardOf(messagesTo(JO).at(-1)!))).toContain('Cancelled by: Ana Lead');
  expect(cardText(cardOf(messagesTo(LEAD_OFFICER).at(-1)!))).toContain('Cancelled by: you');
  // Pat, who had declined, hears nothing of it (the help card Pat was greeted with earlier mentions
  // cancelled reviews, so only what came after the cancellation counts).
  expect(connector.received.slice(before).filter((r) => r.conversationId === personal(PAT))).toEqual([]);

  // Its calendar file takes the event out: the same event, cancelled, in a later version.
  const cancellation = await calendarFileOn(cardOf(messagesTo(PRACTITIONER).at(-1)!));
  expect(field(cancellation, 'METHOD')).toBe('CANCEL');
  expect(field(cancellation, 'STATUS')).toBe('CANCELLED');
  expect(field(invitationFile, 'METHOD')).toBe('PUBLISH');
  expect(field(cancellation, 'UID')).toBe(field(invitationFile, 'UID'));
  expect(Number(field(cancellation, 'SEQUENCE'))).toBeGreaterThan(Number(field(invitationFile, 'SEQUENCE')));

  // The store: the meeting cancelled; one notice per invitee told, sent; the attendance list not sent.
  expect((await service.store.meetings.get(TENANT_ID, meetingId)).status).toBe('cancelled');
  const outbox = await service.store.outbox.listForReview(TENANT_ID, review.id);
  const notices = outbox.filter((r) => r.rule === 'meeting.cancelled');
  expect(notices).toHaveLength(3);
  expect(notices.map((r) => r.facts.cancelledByPersonId)).toEqual([lead.id, lead.id, lead.id]);
  expect(notices.flatMap((r) => r.deliveries.map((d) => d.status))).toEqual(['sent', 'sent', 'sent']);
  expect(notices.flatMap((r) => r.deliveries.map((d) => d.recipient.personId))).not.toContain(pat.id);
  // The attendance list was for the lead officer, and the chair and administrators (nobody holds those here).
  const list = outbox.find((r) => r.rule === 'meeting.attendance-list')!;
  expect(list.deliveries.map((d) => d.recipient.personId)).toContain(lead.id);
  expect(new Set(list.deliveries.map((d) => `${d.status}: ${d.lastError}`))).toEqual(
    new Set(['superseded: meeting-cancelled']),
  );

  // The lead officer's list of deliveries names them for what they are.
  const deliveries = await say(`deliveries ${review.reference}`);
  expect(
    deliveries.filter((line) => line === 'Meeting cancelled, due Wednesday 25 November 2026 at 09:30'),
  ).toHaveLength(3);

  // Typed again, nothing is cancelled or told twice; later sweeps queue nothing more about the meeting.
  expect((await say(`cancel-meeting ${review.reference} consideration`))[0]).toBe(
    'LR-2026-001 has no Consideration Meeting booked. Book one with meet.',
  );
  const quiet = connector.received.length;
  for (const instant of ['2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z']) {
    const sweep = await sweepAt(instant);
    expect(sweep.due.filter((i) => i.rule.startsWith('meeting.') && i.rule !== 'meeting.cancelled')).toEqual([]);
    await service.sender.drain();
  }
  const aboutTheMeeting = (await service.store.outbox.listForReview(TENANT_ID, review.id))
    .filter((r) => r.rule.startsWith('meeting.'))
    .map((r) => r.rule);
  expect(aboutTheMeeting.sort()).toEqual([
    'meeting.attendance-list',
    'meeting.cancelled',
    'meeting.cancelled',
    'meeting.cancelled',
    'meeting.invitation',
    'meeting.invitation',
    'meeting.invitation',
    'meeting.invitation',
  ]);
  // The invitees hear nothing more (the lead officer still gets the review's 42-day alerts).
  const invitees = new Set([PRACTITIONER, JO, PAT].map(personal));
  expect(connector.received.slice(quiet).filter((r) => invitees.has(r.conversationId))).toEqual([]);
});

it('is told by the next sweep when the cancellation was stored but not queued, without saying who cancelled it', async () => {
  for (const who of [LEAD_OFFICER, PRACTITIONER]) await say('help', who);
  const lead = (await service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId))!;
  const sam = (await service.store.people.findByAadObjectId(TENANT_ID, PRACTITIONER.aadObjectId))!;
  const review = await service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });
  const meeting = await service.store.meetings.schedule(TENANT_ID, lead.id, review.id, {
    kind: 'review_team_meeting',
    title: 'Review Team Meeting',
    startsAt: new Date('2026-12-02T14:00:00Z'),
  });
  await service.store.meetings.invite(TENANT_ID, lead.id, meeting.id, [sam.id]);
  // As if the bot stopped between storing the cancellation and queueing the notices.
  await service.store.meetings.setStatus(TENANT_ID, lead.id, meeting.id, 'cancelled');
  const before = messagesTo(PRACTITIONER).length;

  const sweep = await sweepAt('2026-11-25T09:00:00Z');
  expect(sweep.due.filter((i) => i.rule.startsWith('meeting.')).map((i) => i.rule)).toEqual(['meeting.cancelled']);
  await service.sender.drain();
  const received = messagesTo(PRACTITIONER).slice(before);
  expect(received).toHaveLength(1);
  const text = cardText(cardOf(received[0]));
  expect(text).toContain('The Review Team Meeting for Learning Review LR-2026-001 (Child A) is cancelled.');
  expect(text).toContain('Was to start: Wednesday 2 December 2026 at 14:00');
  expect(text.join('\n')).not.toContain('Cancelled by');
});
