/**
 * A closed or cancelled review takes no new work until it is reopened: through the real restify
 * server and the real SQLite store, every command that would book, move, ask, pause, restart or mark
 * something done is answered with one sentence that names the review, says it is closed or
 * cancelled and how to reopen it, and leaves the store exactly as it was (no row, no audit entry,
 * nothing queued to send). Buttons on cards sent before it ended get the same answer. What keeps the
 * record right still works. The clock starts on Friday 20 November 2026 at 10:00 (UTC = London).
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Conversation, startConversation } from '../support/conversation-harness';
import { cardText, LEAD_OFFICER, TENANT_ID } from '../support/teams-activity';

jest.setTimeout(120_000);

const JO = { id: '29:jo-bloggs', name: 'Jo Bloggs', aadObjectId: '5d2e1f0a-0000-4000-8000-00000000c001' };
const KIM = { id: '29:kim-lead', name: 'Kim Lead', aadObjectId: '5d2e1f0a-0000-4000-8000-00000000c002' };
const KIM_EMAIL = 'kim.lead@council.example';
const AUTHOR_EMAIL = 'alex.author@police.example';

let c: Conversation;

beforeEach(async () => {
  c = await startConversation({ now: '2026-11-20T10:00:00Z' });
});

afterEach(() => c.close());

const load = () => c.service.store.reviews.loadByReference(TENANT_ID, 'LR-2026-001');

/** The rows of every table that holds a review's work, its people, its audit trail and what is queued to send. */
const WORK_TABLES = [
  'reviews',
  'clock_pauses',
  'milestones',
  'agencies',
  'people',
  'review_members',
  'meetings',
  'invitations',
  'report_requests',
  'report_submissions',
  'improvement_actions',
  'audit_log',
  'outbox_reminders',
  'outbox_deliveries',
] as const;

function storeRows(): Record<string, unknown[]> {
  const database = new BetterSqlite3(path.join(c.service.dataDir, 'bot.sqlite'), { readonly: true });
  try {
    return Object.fromEntries(
      WORK_TABLES.map((table) => [table, database.prepare(`select * from ${table} order by rowid`).all()]),
    );
  } finally {
    database.close();
  }
}

/**
 * A review notified on 20 October with work under way, set up as a lead officer would in Teams: a
 * Consideration Meeting on Monday 23 November (past by the time the review ends, so still booked), a
 * report asked of Police Scotland with Ana Lead as its senior manager, the clock paused, and one
 * improvement action. The clock then moves to Tuesday 24 November, 10:00.
 */
async function reviewWithWorkUnderWay(): Promise<void> {
  await c.service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });
  await c.person({ id: '29:alex-author', name: 'Alex Author' }, { email: AUTHOR_EMAIL });
  expect((await c.say('meet LR-2026-001 consideration 23/11/2026 10:00 with me'))[0]).toBe(
    'Consideration Meeting booked',
  );
  expect((await c.say('request LR-2026-001 Police Scotland from me by 10/12/2026'))[0]).toBe('Report requested');
  expect((await c.say('pause LR-2026-001 criminal proceedings'))[0]).toBe('Clock paused');
  expect((await c.say('action LR-2026-001 add Refresh training on information sharing'))[0]).toBe(
    'Improvement action 1 added',
  );
  c.clock.set('2026-11-24T10:00:00Z');
}

const cancel = async () =>
  expect((await c.say('cancel LR-2026-001 duplicate notification'))[0]).toBe('Review cancelled');

async function close() {
  expect((await c.say('decide LR-2026-001 not-proceed on 23/11/2026'))[0]).toBe('Decision recorded');
  expect((await c.say('close LR-2026-001'))[0]).toBe('Review closed');
}

/** Each command that changes a review's work, and what it is refused with: the words after "so". */
const REFUSED: Array<[string, string]> = [
  ['meet LR-2026-001 consideration 3/12/2026 10:00 with me, <at>Jo Bloggs</at>', 'no meeting can be booked for it'],
  ['move LR-2026-001 consideration 4/12/2026 14:00', 'its meetings cannot be moved'],
  ['request LR-2026-001 Education from me by 10/12/2026', 'no agency can be asked for a report'],
  ['due LR-2026-001 Police Scotland 17/12/2026', "its reports' due dates cannot be changed"],
  ['pause LR-2026-001 fatal accident inquiry', 'its clock cannot be paused'],
  ['resume LR-2026-001', 'its clock cannot be restarted'],
  ['done LR-2026-001 reports-requested', 'its steps cannot be marked done or skipped'],
  ['skip LR-2026-001 recommendation-report', 'its steps cannot be marked done or skipped'],
  ['action LR-2026-001 add Review the chronology template', 'its improvement actions cannot be added or changed'],
  ['action LR-2026-001 done 1', 'its improvement actions cannot be added or changed'],
  ['action LR-2026-001 drop 1 no longer needed', 'its improvement actions cannot be added or changed'],
];

const refusal = (status: string, what: string) =>
  `LR-2026-001 is ${status}, so ${what}. From here you can reopen it, giving a reason. Type reopen LR-2026-001 and the reason.`;

describe.each([
  ['cancelled', cancel],
  ['closed', close],
])('a %s review', (status, end) => {
  beforeEach(async () => {
    await reviewWithWorkUnderWay();
    await end();
  });

  it('refuses every change to its work with words, and the store holds exactly what it held', async () => {
    const before = storeRows();
    // Jo Bloggs is new to the bot: had the meeting been booked, they would have been added to its people.
    for (const [line, what] of REFUSED) {
      const answer = await c.say(line, 'personal', LEAD_OFFICER, line.includes('<at>') ? [JO] : []);
      expect([line, answer]).toEqual([line, [refusal(status, what)]]);
    }
    expect(storeRows()).toEqual(before);
    // Nothing was queued, so nothing is sent.
    const sent = c.connector.received.length;
    await c.service.sender.drain();
    expect(c.connector.received.length).toBe(sent);
  });

  it('refuses the buttons and forms of cards sent before it ended, changing nothing', async () => {
    const before = storeRows();
    // The command forms ("Run done", "Run action", "Run meet").
    expect(cardText(await c.click('cmd.done', { args: 'LR-2026-001 reports-requested' }))).toEqual([
      refusal(status, 'its steps cannot be marked done or skipped'),
    ]);
    expect(cardText(await c.click('cmd.action', { args: 'LR-2026-001 done 1' }))).toEqual([
      refusal(status, 'its improvement actions cannot be added or changed'),
    ]);
    expect(cardText(await c.click('cmd.meet', { args: 'LR-2026-001 consideration 3/12/2026 10:00' }))).toEqual([
      refusal(status, 'no meeting can be booked for it'),
    ]);
    // The report request card's "Name the author", clicked by its senior manager.
    const [request] = (await load()).reportRequests;
    expect(cardText(await c.click('report.name-author', { requestId: request.id, authorEmail: AUTHOR_EMAIL }))).toEqual(
      [refusal(status, 'no author can be named for its reports')],
    );
    // A deadline alert's "Book the Consideration Meeting".
    expect(cardText(await c.click('deadline.book-meeting', { reference: 'LR-2026-001' }))).toEqual([
      refusal(status, 'no meeting can be booked for it'),
    ]);
    expect(storeRows()).toEqual(before);
  });

  it('still takes what keeps its record right: a date typed wrong, a handover, a meeting called off, a report', async () => {
    await c.person(KIM, { email: KIM_EMAIL, committeeRole: 'lead_officer' });
    expect((await c.say('correct LR-2026-001 notified 19/10/2026'))[0]).toBe('Notification date corrected');
    expect(await c.say(`handover LR-2026-001 to ${KIM_EMAIL}`)).toContain('Kim Lead now leads LR-2026-001.');
    expect((await c.say('cancel-meeting LR-2026-001 consideration'))[0]).toBe('Consideration Meeting cancelled');
    expect(await c.say('report LR-2026-001 Our involvement began with a referral in March.')).toEqual(
      expect.arrayContaining([expect.stringMatching(/was received on Tuesday 24 November 2026 at 10:00/)]),
    );
    const review = await load();
    expect(review).toMatchObject({
      status,
      // The start of Monday 19 October in London (British Summer Time).
      notifiedAt: new Date('2026-10-18T23:00:00Z'),
      meetings: [{ kind: 'consideration_meeting', status: 'cancelled' }],
      reportRequests: [{ agencyName: 'Police Scotland', status: 'submitted' }],
    });
    expect(review.members.filter((m) => m.role === 'lead_officer').map((m) => m.personId)).toEqual([
      (await c.service.store.people.findByAadObjectId(TENANT_ID, KIM.aadObjectId))!.id,
    ]);
  });

  it('takes the same meeting once reopened, and invites to it', async () => {
    const line = 'meet LR-2026-001 consideration 3/12/2026 10:00 with me';
    expect(await c.say(line)).toEqual([refusal(status, 'no meeting can be booked for it')]);
    expect((await c.say('reopen LR-2026-001 reopened in error'))[0]).toBe('Review reopened');
    expect((await c.say(line))[0]).toBe('Consideration Meeting booked');
    const booked = (await load()).meetings.filter((m) => m.status === 'scheduled' && m.startsAt > c.clock.now());
    expect(booked).toEqual([
      expect.objectContaining({ kind: 'consideration_meeting', startsAt: new Date('2026-12-03T10:00:00Z') }),
    ]);
    const queued = await c.service.store.outbox.listForReview(TENANT_ID, (await load()).id);
    expect(
      queued.filter((r) => r.rule === 'meeting.invitation' && r.subject.id.startsWith(`${booked[0].id}/`)),
    ).toHaveLength(1);
  });
});
