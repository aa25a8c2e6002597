/**
 * A lead officer undoes a close or a cancel from Teams with `reopen`: through the real restify
 * server and the real SQLite store, the answer says what status the review is back in, keeps the
 * reason with the review (never in the audit or a log line), and says what reopening does not bring
 * back: the meetings cancelled with the review, and what a retention period removed. The next sweep
 * treats the review as open again. Refusals change nothing. The clock starts on Tuesday 24 November
 * 2026 at 10:00 (UTC = London).
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createLogger } from '../../src/logger';
import { sweepCommittee } from '../../src/scheduler/committee-sweeps';
import { type Conversation, personalChatOf, startConversation } from '../support/conversation-harness';
import { cardText, LEAD_OFFICER, PRACTITIONER, TENANT_ID } from '../support/teams-activity';

jest.setTimeout(60_000);

const OTHER_TENANT = '0b0b0b0b-0000-4000-8000-00000000b002';

let c: Conversation;

beforeEach(async () => {
  // No ticks and no sender loop: a test sweeps and sends when it moves the clock.
  c = await startConversation({ now: '2026-11-24T10:00:00Z' });
});

afterEach(() => c.close());

const load = () => c.service.store.reviews.loadByReference(TENANT_ID, 'LR-2026-001');
const leadOfficer = async () => (await c.service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId))!;

async function openReview(pseudonym = 'Child A') {
  return c.service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: pseudonym,
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });
}

/** The reason for reopening as the store holds it (the aggregate does not carry free text it need not). */
function reopenReasonOf(reference: string): unknown {
  const database = new BetterSqlite3(path.join(c.service.dataDir, 'bot.sqlite'), { readonly: true });
  try {
    return database.prepare('select reopen_reason, close_reason from reviews where reference = ?').get(reference);
  } finally {
    database.close();
  }
}

/** Everything a refusal must leave as it was: the review and its audit trail. */
async function snapshot() {
  const review = await load();
  return { review, audit: await c.service.store.audit.list(TENANT_ID, { reviewId: review.id }) };
}

describe('reopening a cancelled or closed review', () => {
  it('brings a cancelled review back to the decision stage, keeping why, with one audit entry', async () => {
    await openReview();
    await c.say('cancel LR-2026-001 duplicate notification');
    c.clock.set('2026-11-25T11:15:00Z');

    expect(await c.say('reopen LR-2026-001 cancelled in error, the other notification was a different child')).toEqual([
      'Review reopened',
      'LR-2026-001: Child A',
      'Had been cancelled: Tuesday 24 November 2026',
      'Reopened: Wednesday 25 November 2026',
      'Why: cancelled in error, the other notification was a different child',
      'LR-2026-001 is open again, in the decision stage. Its reminders start again from now.',
    ]);

    const review = await load();
    expect(review).toMatchObject({
      status: 'decision_stage',
      closedAt: null,
      reopenedAt: new Date('2026-11-25T11:15:00Z'),
    });
    expect(reopenReasonOf('LR-2026-001')).toEqual({
      reopen_reason: 'cancelled in error, the other notification was a different child',
      close_reason: null,
    });
    expect((await c.service.store.reviews.listOpen(TENANT_ID)).map((r) => r.reference)).toEqual(['LR-2026-001']);

    const [entry] = await c.service.store.audit.list(TENANT_ID, { reviewId: review.id, limit: 1 });
    expect(entry).toMatchObject({
      action: 'review.reopened',
      actor: (await leadOfficer()).id,
      before: { status: 'cancelled' },
      after: { status: 'decision_stage', closedAt: null },
    });
    // The reason is kept with the review, never in the audit nor in a log line.
    expect(JSON.stringify(entry)).not.toContain('different child');
    expect(JSON.stringify(c.service.logLines)).not.toContain('different child');

    expect(await c.say('status LR-2026-001')).toEqual(
      expect.arrayContaining(['LR-2026-001: Child A', 'Stage: Decision stage']),
    );
    expect(await c.say('history LR-2026-001')).toEqual(
      expect.arrayContaining(['Ana Lead reopened the review, changing its status to decision stage.']),
    );
  });

  it('brings a review cancelled after a decision to proceed back into review', async () => {
    await openReview();
    await c.say('decide LR-2026-001 proceed tier-2-3 on 23/11/2026');
    await c.say('cancel LR-2026-001 duplicate notification');

    expect(await c.say('reopen LR-2026-001 cancelled in error')).toContain(
      'LR-2026-001 is open again, in review. Its reminders start again from now.',
    );
    expect((await load()).status).toBe('in_review');
    expect(await c.say('status LR-2026-001')).toContain('Stage: Learning Review under way');
  });

  it('brings a closed review back to improvement', async () => {
    c.clock.set('2026-12-02T10:00:00Z');
    await openReview();
    await c.say('decide LR-2026-001 not-proceed on 30/11/2026');
    await c.say('close LR-2026-001');
    c.clock.set('2026-12-03T09:00:00Z');

    expect(await c.say('reopen LR-2026-001 an improvement action is not finished')).toEqual([
      'Review reopened',
      'LR-2026-001: Child A',
      'Had closed: Wednesday 2 December 2026',
      'Reopened: Thursday 3 December 2026',
      'Why: an improvement action is not finished',
      'LR-2026-001 is open again, at the improvement stage. Its reminders start again from now.',
    ]);
    expect(await load()).toMatchObject({ status: 'improvement', closedAt: null });
    expect(await c.say('status LR-2026-001')).toContain('Stage: Improvement actions');
  });

  it('reopens now, keeping a date at the end of the line as part of the reason, and says so', async () => {
    await openReview();
    await c.say('cancel LR-2026-001 duplicate notification');

    const answer = await c.say('reopen LR-2026-001 agreed at the meeting on 20/11/2026');
    expect(answer).toEqual(
      expect.arrayContaining([
        'Reopened: Tuesday 24 November 2026',
        'Why: agreed at the meeting on 20/11/2026',
        'A review is reopened as of now: the date at the end of the line is kept as part of the reason.',
      ]),
    );
    expect((await load()).reopenedAt).toEqual(c.clock.now());
    expect(reopenReasonOf('LR-2026-001')).toMatchObject({ reopen_reason: 'agreed at the meeting on 20/11/2026' });
  });

  it('in a channel shows the reference, pseudonym, dates and status, never the reason', async () => {
    await openReview();
    await c.say('cancel LR-2026-001 duplicate notification');

    const answer = await c.say('reopen LR-2026-001 the family asked us to look again', 'channel');
    expect(answer).toEqual(
      expect.arrayContaining([
        'Review reopened',
        'LR-2026-001: Child A',
        'LR-2026-001 is open again, in the decision stage. Its reminders start again from now.',
      ]),
    );
    expect(JSON.stringify(c.lastCard())).not.toContain('family asked');
    expect((await load()).status).toBe('decision_stage');
  });

  it('answers reopen typed bare with its card form, and reopens from the form', async () => {
    await openReview();
    await c.say('cancel LR-2026-001 duplicate notification');
    expect(await c.say('reopen')).toEqual(
      expect.arrayContaining(['Reopen a closed or cancelled review', 'reopen LR-2026-001 cancelled in error']),
    );
    expect(JSON.stringify(c.lastCard())).toContain('"verb":"cmd.reopen"');
    const card = await c.click('cmd.reopen', { args: 'LR-2026-001 cancelled in error' });
    expect(cardText(card)).toContain('Review reopened');
    expect((await load()).status).toBe('decision_stage');
  });

  it('is on the help card', async () => {
    expect(await c.say('help')).toEqual(
      expect.arrayContaining([
        'reopen LR-2026-001 cancelled in error',
        'Reopens a closed or cancelled review, with the reason (such as cancelled in error); its reminders start again from now.',
      ]),
    );
  });
});

describe('what reopening does not bring back', () => {
  it('says the meetings cancelled with the review stay cancelled, naming them, and leaves them so', async () => {
    const review = await openReview();
    const schedule = (kind: 'consideration_meeting' | 'briefing' | 'other', title: string, startsAt: string) =>
      c.service.store.meetings.schedule(TENANT_ID, 'system', review.id, { kind, title, startsAt: new Date(startsAt) });
    await schedule('consideration_meeting', 'Consideration Meeting', '2026-11-27T10:00:00Z');
    await schedule('briefing', 'Briefing', '2026-12-02T14:00:00Z');
    // Called off on its own before the review was cancelled: not one the cancellation took with it.
    const calledOff = await schedule('other', 'Chronology check', '2026-12-04T10:00:00Z');
    await c.service.store.meetings.setStatus(TENANT_ID, 'system', calledOff.id, 'cancelled');
    c.clock.set('2026-11-24T11:00:00Z');
    expect(await c.say('cancel LR-2026-001 duplicate notification')).toContain(
      'Reopening the review does not bring its meetings back: book them again with meet.',
    );

    c.clock.set('2026-11-25T10:00:00Z');
    expect(await c.say('reopen LR-2026-001 cancelled in error')).toEqual([
      'Review reopened',
      'LR-2026-001: Child A',
      'Had been cancelled: Tuesday 24 November 2026',
      'Reopened: Wednesday 25 November 2026',
      'Why: cancelled in error',
      'Still cancelled: Consideration Meeting, Friday 27 November 2026 at 10:00',
      'Still cancelled: Briefing for attendees, Wednesday 2 December 2026 at 14:00',
      'LR-2026-001 is open again, in the decision stage. Its reminders start again from now.',
      'The meetings cancelled with the review stay cancelled: book them again with meet.',
    ]);
    expect((await load()).meetings.map((m) => m.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('says one meeting cancelled with the review stays cancelled', async () => {
    const review = await openReview();
    await c.service.store.meetings.schedule(TENANT_ID, 'system', review.id, {
      kind: 'consideration_meeting',
      title: 'Consideration Meeting',
      startsAt: new Date('2026-11-27T10:00:00Z'),
    });
    await c.say('cancel LR-2026-001 duplicate notification');
    expect(await c.say('reopen LR-2026-001 cancelled in error')).toEqual(
      expect.arrayContaining([
        'Still cancelled: Consideration Meeting, Friday 27 November 2026 at 10:00',
        'The meeting cancelled with the review stays cancelled: book it again with meet.',
      ]),
    );
  });

  it('says the earlier notes and reports are no longer held when a retention period emptied the review', async () => {
    const review = await openReview();
    const lead = await c.person(LEAD_OFFICER);
    await c.service.store.people.assignRole(TENANT_ID, 'system', {
      reviewId: review.id,
      personId: lead.id,
      role: 'lead_officer',
    });
    await c.say('cancel LR-2026-001 duplicate notification');
    await c.service.store.retention.setPeriod(TENANT_ID, 'system', 30);
    c.clock.set('2027-01-05T10:00:00Z');
    const { token } = await c.service.store.retention.dryRun(TENANT_ID);
    expect((await c.service.store.retention.confirm(token)).applied.map((a) => a.reference)).toEqual(['LR-2026-001']);
    expect((await load()).members).toEqual([]);

    c.clock.set('2027-01-06T10:00:00Z');
    expect(await c.say('reopen LR-2026-001 the family came forward')).toEqual([
      'Review reopened',
      'LR-2026-001: Child A',
      'Had been cancelled: Tuesday 24 November 2026',
      'Reopened: Wednesday 6 January 2027',
      'Why: the family came forward',
      'LR-2026-001 is open again, in the decision stage. Its reminders start again from now.',
      "Its earlier reports, notes, answers to invitations and who took part were removed on Tuesday 5 January 2027 under the committee's retention period: they are no longer held. Add its people again with add.",
    ]);
    expect((await load()).status).toBe('decision_stage');
    expect(await c.say('history LR-2026-001')).toEqual(
      expect.arrayContaining([
        "The bot emptied the review under the committee's retention period.",
        'Ana Lead reopened the review, changing its status to decision stage.',
      ]),
    );
  });
});

describe('refusals, which change nothing', () => {
  it('refuses a review that is open, naming its status in words', async () => {
    await openReview();
    const before = await snapshot();
    expect(await c.say('reopen LR-2026-001 cancelled in error')).toEqual([
      'LR-2026-001 is open (in the decision stage): there is nothing to reopen. From here you can record a decision to proceed (it then moves into review); record a decision not to proceed (it then moves to improvement); or cancel it.',
      'Type it like this:',
      'reopen LR-2026-001 cancelled in error',
    ]);
    expect(await snapshot()).toEqual(before);
    await c.say('decide LR-2026-001 proceed tier-2-3 on 23/11/2026');
    const decided = await snapshot();
    expect((await c.say('reopen LR-2026-001'))[0]).toMatch(
      /^LR-2026-001 is open \(in review\): there is nothing to reopen\./,
    );
    expect(await snapshot()).toEqual(decided);
  });

  it('refuses without a reason, or with one too long to keep', async () => {
    await openReview();
    await c.say('cancel LR-2026-001 duplicate notification');
    const before = await snapshot();
    expect(await c.say('reopen LR-2026-001')).toEqual([
      'Say why the review is reopened, such as cancelled in error.',
      'Type it like this:',
      'reopen LR-2026-001 cancelled in error',
    ]);
    expect(cardText(await c.click('cmd.reopen', { args: 'LR-2026-001   ' }))[0]).toBe(
      'Say why the review is reopened, such as cancelled in error.',
    );
    expect((await c.say(`reopen LR-2026-001 ${'cancelled in error '.repeat(30)}`))[0]).toBe(
      'The reason for reopening can be at most 500 characters; shorten it and try again.',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a practitioner, typed or from a card, in every scope', async () => {
    await openReview();
    await c.say('cancel LR-2026-001 duplicate notification');
    const before = await snapshot();
    const needed = 'This needs a Lead Officer, or the Lead Officer of LR-2026-001.';
    for (const where of ['personal', 'groupChat', 'channel'] as const) {
      expect((await c.say('reopen LR-2026-001 cancelled in error', where, PRACTITIONER))[0]).toBe(needed);
    }
    const card = await c.click('cmd.reopen', { args: 'LR-2026-001 cancelled in error' }, 'personal', PRACTITIONER);
    expect(cardText(card)[0]).toBe(needed);
    expect(await snapshot()).toEqual(before);
  });

  it("answers another committee's reference as an unknown one, typed or from a forged card", async () => {
    const theirs = await c.service.store.reviews.create(OTHER_TENANT, 'system', {
      kind: 'CP',
      subjectPseudonym: 'Child Z',
      notifiedAt: new Date('2026-10-20T10:00:00Z'),
      reference: 'LR-2026-077',
    });
    await c.service.store.reviews.changeStatus(OTHER_TENANT, 'system', theirs.id, {
      status: 'cancelled',
      at: new Date('2026-11-20T10:00:00Z'),
    });
    await openReview();
    await c.say('cancel LR-2026-001 duplicate notification');
    const before = await snapshot();

    const unknown = (reference: string) =>
      `No review "${reference}" was found in this committee. Check the reference and try again.`;
    expect((await c.say('reopen LR-2026-077 cancelled in error'))[0]).toBe(unknown('LR-2026-077'));
    expect((await c.say('reopen LR-2026-078 cancelled in error'))[0]).toBe(unknown('LR-2026-078'));
    expect(cardText(await c.click('cmd.reopen', { args: 'LR-2026-077 cancelled in error' }))[0]).toBe(
      unknown('LR-2026-077'),
    );
    expect(c.service.logLines.filter((l) => l.msg === 'card action refused').map((l) => l.refusal)).toEqual([
      'unknown_review',
    ]);
    // Someone with no committee role learns nothing about which references exist.
    expect((await c.say('reopen LR-2026-078 cancelled in error', 'personal', PRACTITIONER))[0]).toBe(
      'This needs a Lead Officer, or the Lead Officer of LR-2026-078.',
    );

    expect(await snapshot()).toEqual(before);
    const stillTheirs = await c.service.store.reviews.loadByReference(OTHER_TENANT, 'LR-2026-077');
    expect(stillTheirs).toMatchObject({ status: 'cancelled', reopenedAt: null });
  });
});

describe('reminders after reopening', () => {
  const sweepAt = async (instant: string) => {
    c.clock.set(new Date(instant));
    const { store, engine } = c.service;
    const sweep = await sweepCommittee(
      { store, engine, calendarFor: (tenantId) => c.service.calendarFor(tenantId), logger: createLogger('silent') },
      TENANT_ID,
      c.clock.now(),
    );
    await c.service.sender.drain();
    return sweep;
  };
  const toLead = () =>
    c.connector.received
      .filter((r) => r.conversationId === personalChatOf(LEAD_OFFICER) && r.activity.type === 'message')
      .map((r) => cardText(r.activity.attachments![0].content));

  it('the next sweep treats the review as open again, from the reopening', async () => {
    await c.say('help');
    const review = await openReview();
    await c.service.store.people.assignRole(TENANT_ID, 'system', {
      reviewId: review.id,
      personId: (await leadOfficer()).id,
      role: 'lead_officer',
    });
    await c.say('cancel LR-2026-001 duplicate notification');

    // Cancelled: the morning's sweep has nothing for it.
    const heard = toLead().length;
    expect((await sweepAt('2026-11-25T09:00:00Z')).due).toEqual([]);
    expect(toLead()).toHaveLength(heard);

    c.clock.set('2026-11-25T10:30:00Z');
    await c.say('reopen LR-2026-001 cancelled in error');
    const reopenedAt = c.clock.now();
    const answered = toLead().length;

    // Reopened: the next sweep reminds of it again. The alert about the Consideration Meeting stood while
    // it was cancelled; it is dated from the reopening, and goes to the review's lead officer.
    const sweep = await sweepAt('2026-11-26T09:00:00Z');
    expect(sweep.due.filter((intent) => intent.reviewId === review.id).map((i) => [i.rule, i.dueAt])).toEqual([
      ['deadline42.no-meeting', reopenedAt],
    ]);
    // Sent on the 26th, it counts the days as they stand on the 26th.
    expect(toLead().slice(answered)[0]).toEqual([
      'No Consideration Meeting is booked, and the decision is due in 5 days, by Tuesday 1 December 2026.',
      'Review: LR-2026-001 (Child A)',
      '42-day standard: day 37 on the calendar, 5 days left.',
      'Nothing else is outstanding that I know of.',
    ]);
  });
});
