/**
 * A lead officer runs a review's operations from Teams: report requests, meetings and their
 * invitations, the decision, pauses, steps, improvement actions, corrections, closing,
 * cancelling and reopening. Through the real restify server; replies read where Teams would
 * receive them (the Bot Connector stand-in), what changed read from the store. The clock is
 * injected: Tuesday 24 November 2026, 10:00, unless a test moves it.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Conversation, startConversation } from '../support/conversation-harness';
import { cardText, inScope, LEAD_OFFICER, PRACTITIONER, TENANT_ID, type Where } from '../support/teams-activity';

const NOW = new Date('2026-11-24T10:00:00Z');
const SCOPES: Where[] = ['personal', 'groupChat', 'channel'];
const JO = { id: '29:jo-bloggs', name: 'Jo Bloggs', aadObjectId: '7f3a2b1c-0000-4000-8000-00000000d001' };

let c: Conversation;

beforeEach(async () => {
  // No ticks and no sender loop: the tests drive the sender when they want invitations delivered.
  c = await startConversation({ now: NOW });
});

afterEach(() => c.close());

async function openReview(pseudonym = 'Child A', notified = '2026-10-20T09:30:00Z') {
  return c.service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: pseudonym,
    notifiedAt: new Date(notified),
  });
}

const load = () => c.service.store.reviews.loadByReference(TENANT_ID, 'LR-2026-001');
const auditActions = async () =>
  (await c.service.store.audit.list(TENANT_ID, { reviewId: (await load()).id })).map((e) => e.action);
const knownPerson = (who: typeof JO) => c.person(who, { email: who === JO ? 'jo.bloggs@nhs.scot' : null });

describe('request, due and reports', () => {
  it('asks an agency for its report from the exact line, adding the agency, and says the date in words', async () => {
    await openReview();
    const text = await c.say('request LR-2026-001 Police Scotland from me by 10/11/2026');
    expect(text).toEqual(
      expect.arrayContaining([
        'Report requested',
        'LR-2026-001: Child A',
        'Due: Tuesday 10 November 2026',
        'Agency: Police Scotland',
        'Senior manager: you',
        "Police Scotland is new to the committee: it was added to the committee's agencies.",
        'That date has passed, so the report shows as not yet received.',
      ]),
    );
    const [request] = (await load()).reportRequests;
    const me = await c.service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId);
    expect(request).toMatchObject({ agencyName: 'Police Scotland', dueOn: '2026-11-10', status: 'requested' });
    expect(request.seniorManagerPersonId).toBe(me!.id);
    expect((await c.service.store.agencies.list(TENANT_ID)).map((a) => a.name)).toEqual(['Police Scotland']);

    // Named a second time, the agency is the same one, and nothing says it was added.
    await c.say('request LR-2026-002 police scotland by 1/12/2026').catch(() => undefined);
    expect((await c.service.store.agencies.list(TENANT_ID)).map((a) => a.name)).toEqual(['Police Scotland']);
  });

  it('names a senior manager by e-mail through the roster, and one it cannot reach as such', async () => {
    await openReview();
    c.connector.addMember({ id: JO.id, name: JO.name, aadObjectId: JO.aadObjectId, email: 'Jo.Bloggs@nhs.scot' });
    const found = await c.say('request LR-2026-001 NHS Lothian from jo.bloggs@nhs.scot by 1/12/2026');
    expect(found).toContain(
      'Senior manager: Jo Bloggs (jo.bloggs@nhs.scot) (no personal chat with the bot yet: it will open one)',
    );
    const jo = await c.service.store.people.findByAadObjectId(TENANT_ID, JO.aadObjectId);
    expect((await load()).reportRequests[0].seniorManagerPersonId).toBe(jo!.id);

    const missing = await c.say('request LR-2026-001 Edinburgh Council from pat.nobody@council.gov.uk by 1/12/2026');
    expect(missing).toEqual(
      expect.arrayContaining([
        'Senior manager: not named yet (the lead officer is reminded instead).',
        'I do not know pat.nobody@council.gov.uk yet, and they are not in this conversation. @mention them in a chat or channel they are in, or ask them to say hello to the bot first.',
      ]),
    );
    const council = (await load()).reportRequests.find((r) => r.agencyName === 'Edinburgh Council');
    expect(council?.seniorManagerPersonId).toBeNull();
    // Nothing identifying goes into a log line, not even the address that was looked up.
    expect(JSON.stringify(c.service.logLines)).not.toContain('pat.nobody');
  });

  it('takes a senior manager by @mention, with the id the mention carries', async () => {
    await openReview();
    const mention = `<at>${JO.name}</at>`;
    const text = await c.say(
      `request LR-2026-001 NHS Lothian from ${mention} by 1/12/2026`,
      'groupChat',
      LEAD_OFFICER,
      {
        entities: [
          { type: 'mention', mentioned: { id: JO.id, name: JO.name, aadObjectId: JO.aadObjectId }, text: mention },
        ],
      },
    );
    expect(text[0]).toBe('Report requested');
    const jo = await c.service.store.people.findByAadObjectId(TENANT_ID, JO.aadObjectId);
    expect(jo).toMatchObject({ teamsUserId: JO.id, displayName: 'Jo Bloggs' });
    expect((await load()).reportRequests[0].seniorManagerPersonId).toBe(jo!.id);
  });

  it('changes the due date from the exact line, and lists what is in, due and not yet received', async () => {
    await openReview();
    await c.say('request LR-2026-001 Police Scotland from me by 10/11/2026');
    await c.say('request LR-2026-001 NHS Lothian from me by 1/12/2026');
    await c.say('request LR-2026-001 Edinburgh Council by 20/11/2026');
    const lothian = (await load()).reportRequests.find((r) => r.agencyName === 'NHS Lothian')!;
    await c.service.store.reportRequests.submit(TENANT_ID, 'system', lothian.id, {
      submittedByPersonId: (await knownPerson(JO)).id,
      text: 'The report',
    });

    expect(await c.say('due LR-2026-001 Police Scotland 17/11/2026')).toEqual(
      expect.arrayContaining([
        'Due date changed',
        'Due: Tuesday 17 November 2026',
        'Was due: Tuesday 10 November 2026',
        'Agency: Police Scotland',
      ]),
    );
    expect((await load()).reportRequests.find((r) => r.agencyName === 'Police Scotland')?.dueOn).toBe('2026-11-17');

    const reports = await c.say('reports LR-2026-001');
    expect(reports).toEqual(
      expect.arrayContaining([
        '3 requested: 1 in, 0 due, 2 not yet received',
        'Police Scotland: not yet received, was due Tuesday 17 November 2026',
        'Edinburgh Council: not yet received, was due Friday 20 November 2026',
        'NHS Lothian: in, Tuesday 24 November 2026',
      ]),
    );
    expect(reports.join(' ')).not.toMatch(/overdue/i);
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['report.requested', 'report.due_date_changed', 'report.submitted']),
    );
    const history = await c.say('history LR-2026-001');
    expect(history).toEqual(expect.arrayContaining(["Ana Lead changed a report's due date."]));
  });

  it('in a channel shows the reference, pseudonym and dates, never the agencies or people', async () => {
    await openReview();
    const text = await c.say('request LR-2026-001 Police Scotland from me by 1/12/2026', 'channel');
    expect(text).toEqual(
      expect.arrayContaining(['Report requested', 'LR-2026-001: Child A', 'Due: Tuesday 1 December 2026']),
    );
    expect(JSON.stringify(c.lastCard())).not.toContain('Police Scotland');
    expect(JSON.stringify(c.lastCard())).not.toContain('Ana Lead');
    expect(text).toContain('(details one to one)');
  });

  it.each([
    ['request LR-2026-001 Police Scotland from me', 'Say which agency, from whom and by when, as in the example.'],
    ['request LR-2026-001 Police Scotland by 31/02/2026', '"31/02/2026" is not a date: February 2026 has 28 days.'],
    [
      'request LR-2026-001 Police Scotland from Jo by 1/12/2026',
      'Name a person by @mention, by e-mail address, or as "me": "Jo" is none of these.',
    ],
  ])('refuses %j in one sentence with the form to type, and writes nothing', async (typed, sentence) => {
    await openReview();
    expect(await c.say(typed)).toEqual([
      sentence,
      'Type it like this:',
      'request LR-2026-001 Police Scotland from me by 10/11/2026',
    ]);
    expect((await load()).reportRequests).toEqual([]);
    expect(await c.service.store.agencies.list(TENANT_ID)).toEqual([]);
  });

  it('refuses a second request to the same agency, and a due date for an agency not asked', async () => {
    await openReview();
    await c.say('request LR-2026-001 Police Scotland from me by 1/12/2026');
    expect((await c.say('request LR-2026-001 Police Scotland from me by 3/12/2026'))[0]).toBe(
      'Police Scotland was already asked for its report for LR-2026-001 (due Tuesday 1 December 2026). To change the date, type due LR-2026-001 Police Scotland and the new date.',
    );
    expect((await c.say('due LR-2026-001 NHS Lothian 3/12/2026'))[0]).toBe(
      'That agency has not been asked for a report for LR-2026-001. Asked: Police Scotland.',
    );
    expect((await load()).reportRequests).toHaveLength(1);
  });

  it('answers request typed bare with its card form, and runs it from the form', async () => {
    await openReview();
    expect(await c.say('request')).toEqual(
      expect.arrayContaining([
        'Ask an agency for its report',
        'request LR-2026-001 Police Scotland from me by 10/11/2026',
      ]),
    );
    expect(JSON.stringify(c.lastCard())).toContain('"verb":"cmd.request"');
    const card = await c.click('cmd.request', { args: 'LR-2026-001 Police Scotland from me by 1/12/2026' });
    expect(cardText(card)).toContain('Report requested');
    expect((await load()).reportRequests).toHaveLength(1);
  });
});

describe('meet, move and cancel-meeting', () => {
  const MEET = 'meet LR-2026-001 consideration 27/11/2026 10:00 at Room 2, John Muir House with me, jo.bloggs@nhs.scot';

  it('books a meeting from the exact line, invites people, links its calendar file and queues the invitations', async () => {
    await openReview();
    const jo = await knownPerson(JO);
    const text = await c.say(MEET);
    expect(text).toEqual(
      expect.arrayContaining([
        'Consideration Meeting booked',
        'LR-2026-001: Child A',
        'Starts: Friday 27 November 2026 at 10:00',
        'Ends: Friday 27 November 2026 at 11:00',
        'Where: Room 2, John Muir House',
        'Invited: you; Jo Bloggs (jo.bloggs@nhs.scot) (no personal chat with the bot yet: it will open one)',
      ]),
    );
    const [meeting] = (await load()).meetings;
    expect(meeting).toMatchObject({
      kind: 'consideration_meeting',
      stepId: 'consideration-meeting',
      venue: 'Room 2, John Muir House',
      startsAt: new Date('2026-11-27T10:00:00Z'),
      endsAt: new Date('2026-11-27T11:00:00Z'),
    });
    expect(meeting.invitations).toHaveLength(2);

    // The answer links the meeting's signed calendar file, which serves the meeting.
    const link = JSON.stringify(c.lastCard()).match(/"url":"([^"]+\.ics[^"]*)"/)?.[1];
    expect(link).toBeDefined();
    const ics = await fetch(link!.replace(/^https?:\/\/[^/]+/, c.service.url));
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain('DTSTART:20261127T100000Z');

    // Each invitee's invitation is queued at once, with everything an invitation card needs.
    const invitations = (await c.service.store.outbox.listForReview(TENANT_ID, (await load()).id))
      .filter((r) => r.rule === 'meeting.invitation')
      .map((r) => ({ to: r.deliveries.map((d) => d.recipient.personId), facts: r.facts }));
    expect(invitations).toHaveLength(2);
    expect(invitations.flatMap((i) => i.to).sort()).toEqual(
      [jo.id, (await c.service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId))!.id].sort(),
    );
    expect(invitations[0].facts).toMatchObject({
      meetingKind: 'consideration_meeting',
      meetingStartsAt: '2026-11-27T10:00:00.000Z',
      meetingEndsAt: '2026-11-27T11:00:00.000Z',
      hasVenue: true,
      hasOnlineLink: false,
    });
    expect(JSON.stringify(invitations)).not.toContain('John Muir');

    // The sender delivers them as meeting invitations, one to one.
    const before = c.connector.received.length;
    await c.service.sender.drain();
    const sent = c.connector.received.slice(before);
    expect(sent.map((s) => s.conversationId).sort()).toEqual(
      [`a:personal-${JO.id}`, `a:personal-${LEAD_OFFICER.id}`].sort(),
    );
  });

  it('takes an online link, a length, and invites nobody it cannot reach, saying so', async () => {
    await openReview();
    const text = await c.say(
      'meet LR-2026-001 screening 26/11/2026 14:00 for 90 minutes at https://teams.microsoft.com/l/meetup-join/abc with pat.nobody@council.gov.uk',
    );
    expect(text).toEqual(
      expect.arrayContaining([
        'Screening meeting booked',
        'Ends: Thursday 26 November 2026 at 15:30',
        'Join online: https://teams.microsoft.com/l/meetup-join/abc',
        'Invited: nobody yet (add people with "with")',
      ]),
    );
    expect(text.join('\n')).toContain('Not invited: I do not know pat.nobody@council.gov.uk yet');
    expect((await load()).meetings[0]).toMatchObject({ onlineLink: 'https://teams.microsoft.com/l/meetup-join/abc' });
  });

  it('warns gently when a Practitioner Event list is outside 15 to 20 (seed 004)', async () => {
    await openReview();
    const text = await c.say('meet LR-2026-001 practitioner-event 2/12/2026 09:30 until 12:30 at Room 5 with me');
    expect(text).toContain(
      'A Practitioner Event usually has 15 to 20 people, and 1 person is invited so far: you may want to invite more voices.',
    );
  });

  it('moves and cancels the meeting from the exact lines, re-announcing the move', async () => {
    await openReview();
    await knownPerson(JO);
    await c.say(MEET);
    const moved = await c.say('move LR-2026-001 consideration 1/12/2026 14:00');
    expect(moved).toEqual(
      expect.arrayContaining([
        'Consideration Meeting moved',
        'Starts: Tuesday 1 December 2026 at 14:00',
        'Ends: Tuesday 1 December 2026 at 15:00',
        'Was: Friday 27 November 2026 at 10:00',
      ]),
    );
    const review = await load();
    expect(review.meetings[0].startsAt).toEqual(new Date('2026-12-01T14:00:00Z'));
    const announced = (await c.service.store.outbox.listForReview(TENANT_ID, review.id)).filter(
      (r) => r.rule === 'meeting.invitation',
    );
    // Two invitees, announced for the first date and again for the new one.
    expect(announced).toHaveLength(4);

    const cancelled = await c.say('cancel-meeting LR-2026-001 consideration');
    expect(cancelled).toEqual(
      expect.arrayContaining(['Consideration Meeting cancelled', 'Was to start: Tuesday 1 December 2026 at 14:00']),
    );
    expect((await load()).meetings[0].status).toBe('cancelled');
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['meeting.scheduled', 'meeting.invited', 'meeting.rescheduled', 'meeting.status_changed']),
    );
    expect((await c.say('move LR-2026-001 consideration 2/12/2026 14:00'))[0]).toBe(
      'LR-2026-001 has no Consideration Meeting booked. Book one with meet.',
    );
  });

  it.each([
    [
      'meet LR-2026-001 party 27/11/2026 10:00',
      'The kind of meeting is one of: consideration, screening, review-team, briefing, practitioner-event, strategic-managers-event, workshop or other.',
    ],
    ['meet LR-2026-001 consideration 27/11/2026', 'Give the time it starts too, such as 27/11/2026 10:00.'],
    [
      'meet LR-2026-001 consideration 23/11/2026 10:00',
      'A meeting is booked ahead: Monday 23 November 2026 at 10:00 has passed.',
    ],
    [
      'meet LR-2026-001 consideration 27/11/2026 10:00 until 09:00',
      'A meeting cannot end before it starts: give the time it ends, such as until 12:00.',
    ],
  ])('refuses %j with what was wrong, and books nothing', async (typed, sentence) => {
    await openReview();
    expect((await c.say(typed))[0]).toBe(sentence);
    expect((await load()).meetings).toEqual([]);
  });

  it('lets the administrator schedule, and nobody else without a role', async () => {
    await openReview();
    expect((await c.say('meet LR-2026-001 consideration 27/11/2026 10:00', 'personal', PRACTITIONER))[0]).toBe(
      'This needs a Lead Officer or a Senior Business Support Administrator, or the Lead Officer of LR-2026-001.',
    );
    expect((await load()).meetings).toEqual([]);
  });
});

describe('decide', () => {
  it('records a decision to proceed from the exact line, with the 42 days in words', async () => {
    c.clock.set('2026-12-02T10:00:00Z');
    await openReview();
    const text = await c.say('decide LR-2026-001 proceed tier-2-3 on 30/11/2026');
    expect(text).toEqual(
      expect.arrayContaining([
        'Decision recorded',
        'Decided: Monday 30 November 2026',
        'The 42-day standard: met, 41 days from the notification.',
      ]),
    );
    expect(text.some((line) => line.startsWith('Decision: proceed, with '))).toBe(true);
    const review = await load();
    expect(review).toMatchObject({ status: 'in_review', reviewTemplateId: 'tier-2-3' });
    expect(review.decision?.decidedAt).toEqual(new Date('2026-11-30T00:00:00Z'));
    expect(review.milestones).toEqual([
      expect.objectContaining({ stepId: 'consideration-meeting', completedAt: new Date('2026-11-30T00:00:00Z') }),
    ]);
    expect(await c.say('history LR-2026-001')).toContain('Ana Lead recorded the decision to proceed.');
  });

  it('records a decision not to proceed, today when no date is given', async () => {
    await openReview();
    expect(await c.say('decide LR-2026-001 not-proceed')).toEqual(
      expect.arrayContaining(['Decision recorded', 'Decided: Tuesday 24 November 2026', 'Decision: not to proceed']),
    );
    expect((await load()).decision?.outcome).toBe('not_proceed');
  });

  it.each([
    [
      'decide LR-2026-001 proceed tier-2-3 on 30/11/2026',
      'The decision date cannot be in the future: Monday 30 November 2026 is after today.',
    ],
    ['decide LR-2026-001 proceed', 'Say which review follows: one of '],
    ['decide LR-2026-001 maybe', 'The decision is proceed (with the review template chosen) or not-proceed.'],
    ['decide LR-2026-001 not-proceed tier-1', 'A decision not to proceed starts no review, so it takes no template.'],
  ])('refuses %j and records nothing', async (typed, sentence) => {
    await openReview();
    expect((await c.say(typed))[0]).toContain(sentence);
    expect((await load()).decision).toBeNull();
  });
});

describe('pause and resume', () => {
  it('pauses the clock from the exact line with its category, and resumes it', async () => {
    await openReview();
    expect(await c.say('pause LR-2026-001 criminal proceedings on 2/11/2026')).toEqual(
      expect.arrayContaining(['Clock paused', 'Paused from: Monday 2 November 2026', 'Why: criminal proceedings']),
    );
    expect((await load()).pauses).toEqual([
      expect.objectContaining({ category: 'criminal_proceedings', note: null, endedAt: null }),
    ]);
    expect(await c.say('resume LR-2026-001')).toEqual(
      expect.arrayContaining([
        'Clock restarted',
        'Paused from: Monday 2 November 2026',
        'Restarted: Tuesday 24 November 2026',
      ]),
    );
    expect((await load()).pauses[0].endedAt).toEqual(NOW);
    expect(await auditActions()).toEqual(expect.arrayContaining(['clock.paused', 'clock.resumed']));
  });

  it('keeps a note for one to one, and shows only the category in a channel', async () => {
    await openReview();
    const text = await c.say('pause LR-2026-001 fatal accident inquiry: the sheriff set a date', 'channel');
    expect(text).toContain('Paused from: Tuesday 24 November 2026');
    expect(JSON.stringify(c.lastCard())).not.toContain('sheriff');
    expect((await load()).pauses[0]).toMatchObject({
      category: 'fatal_accident_inquiry',
      note: 'the sheriff set a date',
    });
  });

  it('keeps a note that says "on Monday" whole and pauses from today; a date before the colon dates it', async () => {
    await openReview();
    const text = await c.say('pause LR-2026-001 other: the family court sits on Monday');
    expect(text).toEqual(
      expect.arrayContaining([
        'Paused from: Tuesday 24 November 2026',
        'Why: another reason: the family court sits on Monday',
        'The note is kept as written, so the clock is paused from today. To pause it from another day, put on and the date before the colon.',
      ]),
    );
    expect((await load()).pauses).toEqual([
      expect.objectContaining({ category: 'other', note: 'the family court sits on Monday', startedAt: NOW }),
    ]);

    await openReview('Child B');
    const dated = await c.say('pause LR-2026-002 other on 20/11/2026 9:30: the court sits on Monday at 10:00');
    expect(dated).toEqual(
      expect.arrayContaining([
        'Paused from: Friday 20 November 2026',
        'Why: another reason: the court sits on Monday at 10:00',
      ]),
    );
    expect(dated.some((line) => line.startsWith('The note is kept as written'))).toBe(false);
    expect((await c.service.store.reviews.loadByReference(TENANT_ID, 'LR-2026-002')).pauses).toEqual([
      expect.objectContaining({
        note: 'the court sits on Monday at 10:00',
        startedAt: new Date('2026-11-20T09:30:00Z'),
      }),
    ]);
  });

  it('refuses an unknown reason, a second pause and a resume with nothing paused', async () => {
    await openReview();
    expect((await c.say('pause LR-2026-001 holidays'))[0]).toBe(
      'Say why the clock stops: criminal proceedings, fatal accident inquiry, other statutory review, or other (a note may follow a colon).',
    );
    expect((await c.say('resume LR-2026-001'))[1]).toBe('Type it like this:');
    await c.say('pause LR-2026-001 other');
    expect((await c.say('pause LR-2026-001 other'))[1]).toBe('Type it like this:');
    expect((await load()).pauses).toHaveLength(1);
  });

  it('is refused to someone without a role', async () => {
    await openReview();
    expect((await c.say('pause LR-2026-001 other', 'personal', PRACTITIONER))[0]).toBe(
      'This needs a Lead Officer or the Committee Chair, or the Lead Officer of LR-2026-001.',
    );
  });
});

describe('done and skip', () => {
  it('marks a step done and skips one, from the exact lines', async () => {
    c.clock.set('2026-12-02T10:00:00Z');
    await openReview();
    expect(await c.say('done LR-2026-001 recommendation-report on 27/11/2026')).toEqual(
      expect.arrayContaining(['Done: Recommendation report prepared', 'Done: Friday 27 November 2026']),
    );
    await c.say('decide LR-2026-001 proceed tier-2-3 on 30/11/2026');
    expect(await c.say('skip LR-2026-001 review-team-meeting-4')).toEqual(
      expect.arrayContaining(['Skipped: Wednesday 2 December 2026']),
    );
    const milestones = (await load()).milestones;
    expect(milestones).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stepId: 'recommendation-report', skipped: false }),
        expect.objectContaining({ stepId: 'review-team-meeting-4', skipped: true }),
      ]),
    );
    const timeline = await c.say('timeline LR-2026-001');
    expect(timeline).toContain('Skipped');
  });

  it('refuses a step the review does not have, and a future date', async () => {
    await openReview();
    expect((await c.say('done LR-2026-001 review-team-meeting-4'))[0]).toContain(
      '"review-team-meeting-4" is not a step of LR-2026-001.',
    );
    expect((await c.say('done LR-2026-001 recommendation-report on 1/12/2026'))[0]).toBe(
      'The date it was done cannot be in the future: Tuesday 1 December 2026 is after today.',
    );
    expect((await load()).milestones).toEqual([]);
  });
});

describe('action', () => {
  it('adds improvement actions and marks one done by its number, from the exact lines', async () => {
    await openReview();
    expect(await c.say('action LR-2026-001 add Review the multi-agency chronology template')).toEqual(
      expect.arrayContaining([
        'Improvement action 1 added',
        '1. Review the multi-agency chronology template',
        'Mark it done with: action LR-2026-001 done 1',
      ]),
    );
    c.clock.set('2026-11-24T11:00:00Z');
    await c.say('action LR-2026-001 add Share the learning summary');
    expect(await c.say('action LR-2026-001 done 1')).toEqual(
      expect.arrayContaining(['Improvement action 1 done', '1. Review the multi-agency chronology template']),
    );
    const actions = (await load()).improvementActions;
    expect(actions.map((a) => [a.description, a.status])).toEqual([
      ['Review the multi-agency chronology template', 'done'],
      ['Share the learning summary', 'open'],
    ]);
    expect((await c.say('action LR-2026-001 done 1'))[0]).toBe('Action 1 is already done.');
    expect((await c.say('action LR-2026-001 done 3'))[0]).toBe("Give the action's number, from 1 to 2.");
    expect((await c.say('action LR-2026-001 drop 2'))[0]).toBe(
      'An action is dropped only with a reason, for the Sub-group: say why.',
    );
    expect(await c.say('action LR-2026-001 drop 2 covered by the national briefing')).toContain(
      'Improvement action 2 dropped',
    );
  });

  it('never shows the action in a channel', async () => {
    await openReview();
    await c.say('action LR-2026-001 add Review the multi-agency chronology template', 'channel');
    expect(JSON.stringify(c.lastCard())).not.toContain('chronology');
  });
});

describe('correct', () => {
  it('corrects the notification date from the exact line, and says the new 42-day date', async () => {
    await openReview();
    expect(await c.say('correct LR-2026-001 notified 19/10/2026')).toEqual(
      expect.arrayContaining([
        'Notification date corrected',
        'Notified: Monday 19 October 2026',
        'Was: Tuesday 20 October 2026',
        'Decision due by: Monday 30 November 2026',
      ]),
    );
    // The start of 19 October in the committee's zone (British Summer Time).
    expect((await load()).notifiedAt).toEqual(new Date('2026-10-18T23:00:00Z'));
    expect(await c.say('history LR-2026-001')).toContain('Ana Lead corrected the notification date.');
  });

  it('takes the date with "on" before it, and a day and month without a year as the last one', async () => {
    await openReview();
    expect(await c.say('correct LR-2026-001 notified on 19/10/2026')).toContain('Notified: Monday 19 October 2026');
    // On 24 November, 12 May is nearer next year, but a notification has come in already.
    expect(await c.say('correct LR-2026-001 notified 12 May')).toContain('Notified: Tuesday 12 May 2026');
  });

  it('refuses a date after a pause began, in the future, or a field it cannot correct', async () => {
    await openReview();
    await c.say('pause LR-2026-001 other on 2/11/2026');
    expect((await c.say('correct LR-2026-001 notified 3/11/2026'))[0]).toBe(
      'The notification cannot come after the start of the clock’s first pause (2026-11-02).',
    );
    expect((await c.say('correct LR-2026-001 notified 25/11/2026'))[0]).toBe(
      'The notification date cannot be in the future: Wednesday 25 November 2026 is after today.',
    );
    expect((await c.say('correct LR-2026-001 decided 3/11/2026'))[0]).toBe(
      'I can correct the notification date: type notified and the date it came in.',
    );
    expect((await load()).notifiedAt).toEqual(new Date('2026-10-20T09:30:00Z'));
  });
});

describe('close and cancel', () => {
  it('cancels a review from the exact line, keeping why', async () => {
    await openReview();
    expect(await c.say('cancel LR-2026-001 duplicate notification')).toEqual(
      expect.arrayContaining([
        'Review cancelled',
        'Cancelled: Tuesday 24 November 2026',
        'Why: duplicate notification',
      ]),
    );
    expect((await load()).status).toBe('cancelled');
    expect(await c.service.store.reviews.listOpen(TENANT_ID)).toEqual([]);
    const [entry] = (await c.service.store.audit.list(TENANT_ID, { reviewId: (await load()).id })).filter(
      (e) => e.action === 'review.status_changed',
    );
    expect(JSON.stringify(entry)).not.toContain('duplicate');
  });

  it('keeps a reason with "on" in it whole, and takes the date only from the end of the line', async () => {
    await openReview();
    await openReview('Child B');
    const reasonOf = (reference: string) => {
      const database = new BetterSqlite3(path.join(c.service.dataDir, 'bot.sqlite'), { readonly: true });
      try {
        return database.prepare('select close_reason from reviews where reference = ?').get(reference);
      } finally {
        database.close();
      }
    };

    expect(await c.say('cancel LR-2026-001 opened on the wrong committee')).toEqual(
      expect.arrayContaining(['Cancelled: Tuesday 24 November 2026', 'Why: opened on the wrong committee']),
    );
    expect(reasonOf('LR-2026-001')).toEqual({ close_reason: 'opened on the wrong committee' });
    expect((await load()).closedAt).toEqual(NOW);

    expect(await c.say('cancel LR-2026-002 duplicate notification on hold on 20/11/2026')).toEqual(
      expect.arrayContaining(['Cancelled: Friday 20 November 2026', 'Why: duplicate notification on hold']),
    );
    expect(reasonOf('LR-2026-002')).toEqual({ close_reason: 'duplicate notification on hold' });
  });

  it('refuses a cancel whose date after "on" is not one, and cancels nothing', async () => {
    await openReview();
    expect((await c.say('cancel LR-2026-001 duplicate notification on 31/11/2026'))[0]).toBe(
      '"31/11/2026" is not a date: November 2026 has 30 days. If "on" and what follows belong to the reason, end the line with on today.',
    );
    expect((await load()).status).toBe('decision_stage');
  });

  it('closes a review once it is in improvement, from the exact line', async () => {
    c.clock.set('2026-12-02T10:00:00Z');
    await openReview();
    await c.say('decide LR-2026-001 not-proceed on 30/11/2026');
    expect(await c.say('close LR-2026-001')).toEqual(
      expect.arrayContaining(['Review closed', 'Closed: Wednesday 2 December 2026']),
    );
    expect((await load()).status).toBe('closed');
  });

  it('refuses to close a review still in its decision stage, saying what can be done', async () => {
    await openReview();
    const text = await c.say('close LR-2026-001');
    expect(text[1]).toBe('Type it like this:');
    expect((await load()).status).toBe('decision_stage');
    expect((await c.say('cancel LR-2026-001'))[0]).toBe(
      'Say why the review is cancelled, such as duplicate notification.',
    );
  });
});

describe('every operation, allowed and refused, in every scope', () => {
  const nothing = () => Promise.resolve();
  /** Each command's exact line, what the lead officer sees first, and what the store needs first. */
  const OPERATIONS: Array<[string, string, (reviewId: string) => Promise<unknown>]> = [
    ['request LR-2026-001 Police Scotland from me by 1/12/2026', 'Report requested', nothing],
    [
      'due LR-2026-001 Police Scotland 3/12/2026',
      'Due date changed',
      async (reviewId) => {
        const agency = await c.service.store.agencies.add(TENANT_ID, 'system', 'Police Scotland');
        await c.service.store.reportRequests.request(TENANT_ID, 'system', reviewId, {
          agencyId: agency.id,
          dueOn: '2026-12-01',
        });
      },
    ],
    ['reports LR-2026-001', 'No reports have been requested yet.', nothing],
    ['meet LR-2026-001 consideration 27/11/2026 10:00 at Room 2', 'Consideration Meeting booked', nothing],
    [
      'move LR-2026-001 consideration 1/12/2026 14:00',
      'Consideration Meeting moved',
      (reviewId) =>
        c.service.store.meetings.schedule(TENANT_ID, 'system', reviewId, {
          kind: 'consideration_meeting',
          title: 'Consideration Meeting',
          startsAt: new Date('2026-11-27T10:00:00Z'),
        }),
    ],
    [
      'cancel-meeting LR-2026-001 consideration',
      'Consideration Meeting cancelled',
      (reviewId) =>
        c.service.store.meetings.schedule(TENANT_ID, 'system', reviewId, {
          kind: 'consideration_meeting',
          title: 'Consideration Meeting',
          startsAt: new Date('2026-11-27T10:00:00Z'),
        }),
    ],
    ['decide LR-2026-001 proceed tier-2-3 on 23/11/2026', 'Decision recorded', nothing],
    ['pause LR-2026-001 criminal proceedings', 'Clock paused', nothing],
    [
      'resume LR-2026-001',
      'Clock restarted',
      (reviewId) =>
        c.service.store.reviews.pauseClock(TENANT_ID, 'system', reviewId, {
          category: 'other',
          startedAt: new Date('2026-11-02T10:00:00Z'),
        }),
    ],
    ['done LR-2026-001 recommendation-report', 'Done: Recommendation report prepared', nothing],
    ['skip LR-2026-001 recommendation-report', 'Skipped: Recommendation report prepared', nothing],
    ['action LR-2026-001 add Share the learning', 'Improvement action 1 added', nothing],
    [
      'action LR-2026-001 done 1',
      'Improvement action 1 done',
      (reviewId) =>
        c.service.store.improvementActions.add(TENANT_ID, 'system', reviewId, {
          description: 'Share the learning',
          agreedAt: new Date('2026-11-20T10:00:00Z'),
        }),
    ],
    ['correct LR-2026-001 notified 19/10/2026', 'Notification date corrected', nothing],
    [
      'close LR-2026-001',
      'Review closed',
      (reviewId) =>
        c.service.store.reviews.recordDecision(TENANT_ID, 'system', reviewId, {
          outcome: 'not_proceed',
          decidedAt: new Date('2026-11-20T10:00:00Z'),
        }),
    ],
    ['cancel LR-2026-001 duplicate notification', 'Review cancelled', nothing],
    [
      'reopen LR-2026-001 cancelled in error',
      'Review reopened',
      (reviewId) =>
        c.service.store.reviews.changeStatus(TENANT_ID, 'system', reviewId, { status: 'cancelled', at: NOW }),
    ],
  ];

  describe.each(SCOPES)('in a %s', (where) => {
    it.each(OPERATIONS)('%s', async (typed, allowed, prepare) => {
      const review = await openReview();
      await prepare(review.id);
      const refused = await c.say(typed, where, PRACTITIONER);
      expect(refused[0]).toMatch(
        /^This needs a Lead Officer.*, or the Lead Officer( or Review Team Chair)? of LR-2026-001\.$/,
      );
      expect((await c.say(typed, where))[0]).toBe(allowed);
    });
  });

  it.each(OPERATIONS.map(([typed]) => typed.split(' ')[0]).filter((c, i, all) => all.indexOf(c) === i))(
    'answers %s typed bare with its card form',
    async (command) => {
      await openReview();
      const text = await c.say(command);
      expect(text).toContain('Type it like this:');
      expect(JSON.stringify(c.lastCard())).toContain(`"verb":"cmd.${command}"`);
    },
  );
});

describe('forged card payloads and repeated deliveries', () => {
  const refusedActions = () => c.service.logLines.filter((l) => l.msg === 'card action refused');

  it("refuses a change to another committee's review, or one the person has no role in, and logs it", async () => {
    await c.service.store.reviews.create('0b0b0b0b-0000-4000-8000-00000000b002', 'system', {
      kind: 'CP',
      subjectPseudonym: 'Child Z',
      notifiedAt: new Date('2026-10-20T10:00:00Z'),
      reference: 'LR-2026-077',
    });
    await openReview();
    expect(cardText(await c.click('cmd.decide', { args: 'LR-2026-077 not-proceed' }))[0]).toBe(
      'No review "LR-2026-077" was found in this committee. Check the reference and try again.',
    );
    expect(cardText(await c.click('cmd.pause', { args: 'LR-2026-001 other' }, 'personal', PRACTITIONER))[0]).toBe(
      'This needs a Lead Officer or the Committee Chair, or the Lead Officer of LR-2026-001.',
    );
    expect(refusedActions().map((l) => [l.verb, l.refusal])).toEqual([
      ['cmd.decide', 'unknown_review'],
      ['cmd.pause', 'not_allowed'],
    ]);
    expect((await load()).pauses).toEqual([]);
    expect(
      (await c.service.store.reviews.loadByReference('0b0b0b0b-0000-4000-8000-00000000b002', 'LR-2026-077')).decision,
    ).toBeNull();
  });

  it('handles a request Teams delivers twice only once', async () => {
    await openReview();
    const activity = c.activity({ ...inScope('personal', 'meet LR-2026-001 consideration 27/11/2026 10:00 with me') });
    expect((await c.post(activity)).status).toBe(200);
    expect((await c.post(activity)).status).toBe(200);
    expect(c.answers()).toHaveLength(1);
    const review = await load();
    expect(review.meetings).toHaveLength(1);
    expect(
      (await c.service.store.outbox.listForReview(TENANT_ID, review.id)).filter((r) => r.rule === 'meeting.invitation'),
    ).toHaveLength(1);
  });
});
