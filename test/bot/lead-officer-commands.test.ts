/**
 * A lead officer runs reviews from Teams: the commands and card actions, allowed and refused, in a
 * personal chat, a group chat and a team channel, through the real restify server. Replies are read
 * where Teams would receive them (the Bot Connector stand-in), card actions' answers from the HTTP
 * response, and what changed from the store. The clock is fixed: Tuesday 24 November 2026, 10:00.
 */
import { type Conversation, startConversation } from '../support/conversation-harness';
import {
  cardAction,
  cardText,
  inScope,
  LEAD_OFFICER,
  PRACTITIONER,
  TENANT_ID,
  type Where,
} from '../support/teams-activity';

const NOW = new Date('2026-11-24T10:00:00Z');
const SCOPES: Where[] = ['personal', 'groupChat', 'channel'];

let c: Conversation;

beforeEach(async () => {
  c = await startConversation({ now: NOW, scheduler: true });
});

afterEach(() => c.close());

const reviewsInStore = async () => (await c.service.store.reviews.listOpen(TENANT_ID)).map((r) => r.reference);
const refusedActions = () => c.service.logLines.filter((l) => l.msg === 'card action refused');

async function openReview(pseudonym = 'Child A', notified = '2026-10-20T09:30:00Z') {
  return c.service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: pseudonym,
    notifiedAt: new Date(notified),
  });
}

describe('new', () => {
  it.each(SCOPES)('opens a review from the exact line, in a %s, and says the 42-day date in words', async (where) => {
    const text = await c.say('new cp 20/10/2026 Child A', where);
    expect(text).toEqual(
      expect.arrayContaining([
        'Review opened',
        'LR-2026-001: Child A',
        'Kind: Child Protection',
        'Stage: Decision stage',
        'Notified: Tuesday 20 October 2026',
        'Decision due by: Tuesday 1 December 2026',
        'Days used: 35 days',
        'Days left: 7 days',
      ]),
    );
    const [review] = await c.service.store.reviews.listOpen(TENANT_ID);
    expect(review).toMatchObject({ reference: 'LR-2026-001', kind: 'CP', subjectPseudonym: 'Child A' });
    const person = await c.service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId);
    const [created] = (await c.service.store.audit.list(TENANT_ID, { reviewId: review.id })).filter(
      (e) => e.action === 'review.created',
    );
    expect(created.actor).toBe(person!.id);
    // Whoever opens the review leads it, so its 42-day alerts have someone to reach.
    const loaded = await c.service.store.reviews.loadByReference(TENANT_ID, 'LR-2026-001');
    expect(loaded.members).toEqual([expect.objectContaining({ personId: person!.id, role: 'lead_officer' })]);
  });

  it('refuses a name or initials as the pseudonym, saying why, and opens nothing', async () => {
    const name = await c.say('new cp 20/10/2026 Jane Smith');
    expect(name.join(' ')).toContain(
      '"Jane Smith" cannot be a pseudonym. A pseudonym is a word such as Child, Adult, Young Person or Family and one capital letter',
    );
    const initials = await c.say('new cp 20/10/2026 Child JS');
    expect(initials.join(' ')).toContain(
      '"Child JS" has more than one letter after "Child", which reads like initials.',
    );
    expect(await c.service.store.reviews.listOpen(TENANT_ID)).toEqual([]);
  });

  it('takes a leading slash and dates in words', async () => {
    expect(await c.say('/new asp yesterday Adult B')).toEqual(
      expect.arrayContaining([
        'LR-2026-001: Adult B',
        'Notified: Monday 23 November 2026',
        'Kind: Adult Support and Protection',
      ]),
    );
  });

  it('answers with the card form, pre-filled, when typed without everything it needs', async () => {
    expect(await c.say('new')).toContain('Open a Learning Review');
    const partial = c.lastCard();
    expect(JSON.stringify(partial)).toContain('"verb":"new-review"');

    expect(await c.say('new asp 20/10/2026')).toContain('Give the pseudonym the review will use, such as Child A.');
    const form = JSON.stringify(c.lastCard());
    expect(form).toContain(
      '"id":"notifiedOn","label":"Date the notification came in","isRequired":true,"errorMessage":"Give the date the notification came in.","value":"2026-10-20"',
    );
    expect(form).toContain('"value":"asp"');
    expect(await reviewsInStore()).toEqual([]);
  });

  it('opens the review from the submitted form', async () => {
    const card = await c.click('new-review', { kind: 'cp', notifiedOn: '2026-10-20', pseudonym: 'Child A' });
    expect(cardText(card)).toEqual(
      expect.arrayContaining(['Review opened', 'LR-2026-001: Child A', 'Decision due by: Tuesday 1 December 2026']),
    );
    expect(await reviewsInStore()).toEqual(['LR-2026-001']);
  });

  it('replaces the form for everyone in a group chat once the review is open, and only then', async () => {
    const submit = (from: typeof LEAD_OFFICER, pseudonym: string) =>
      c.post(
        c.activity({
          ...inScope('groupChat', '', from),
          text: undefined,
          replyToId: 'form-activity-1',
          ...cardAction('new-review', { kind: 'cp', notifiedOn: '2026-10-20', pseudonym }),
        }),
      );
    await submit(PRACTITIONER, 'Child A'); // refused: the form stays as it was for everyone else
    await submit(LEAD_OFFICER, ''); // asks for the pseudonym: only the clicker's card changes
    expect(c.connector.received).toHaveLength(0);
    await submit(LEAD_OFFICER, 'Child A');
    expect(c.connector.received).toHaveLength(1);
    const [update] = c.connector.received;
    expect(update).toMatchObject({
      method: 'PUT',
      conversationId: '19:group-chat-1@thread.v2',
      replyToId: 'form-activity-1',
    });
    expect(cardText(update.activity.attachments![0].content)).toContain('LR-2026-001: Child A');
  });

  it('asks again, on the form, for what the form left out', async () => {
    const card = await c.click('new-review', { kind: 'cp', notifiedOn: '31/02/2026', pseudonym: 'Child A' });
    expect(cardText(card)).toContain('"31/02/2026" is not a date: February 2026 has 28 days.');
    // What was typed is kept on the form.
    expect(JSON.stringify(card)).toContain('"id":"pseudonym"');
    expect(JSON.stringify(card)).toContain('"value":"Child A"');
    expect(await reviewsInStore()).toEqual([]);
  });

  it.each([
    ['new cp 31/02/2026 Child A', '"31/02/2026" is not a date: February 2026 has 28 days.'],
    ['new cp 3/13/2026 Child A', '"3/13/2026" is not a date: there is no month 13 (dates are day/month/year).'],
    ['new xx 20/10/2026 Child A', 'The kind of review is cp (Child Protection) or asp (Adult Support and Protection).'],
    [
      'new cp 1/12/2026 Child A',
      'The notification date cannot be in the future: Tuesday 1 December 2026 is after today.',
    ],
    ['new cp soon Child A', 'I could not read a date there. Write it as day/month/year, such as 20/10/2026.'],
    [
      'new cp 20/10/2026 Child A with a name far too long to be a pseudonym',
      'The pseudonym can be at most 40 characters; shorten it and try again.',
    ],
  ])('refuses %j in one sentence with the form to type, and writes nothing', async (typed, sentence) => {
    expect(await c.say(typed)).toEqual([sentence, 'Type it like this:', 'new cp 20/10/2026 Child A']);
    expect(await reviewsInStore()).toEqual([]);
  });

  it.each(SCOPES)('is refused to someone who is not a lead officer, in a %s, naming who to ask', async (where) => {
    await c.say('help', 'personal', LEAD_OFFICER); // the lead officer has talked to the bot, so has a name
    expect(await c.say('new cp 20/10/2026 Child A', where, PRACTITIONER)).toEqual([
      'This needs a Lead Officer.',
      'Lead Officers give people their roles: ask Ana Lead.',
    ]);
    expect(await c.say('new', where, PRACTITIONER)).toEqual([
      'This needs a Lead Officer.',
      'Lead Officers give people their roles: ask Ana Lead.',
    ]);
    expect(
      cardText(
        await c.click(
          'new-review',
          { kind: 'cp', notifiedOn: '2026-10-20', pseudonym: 'Child A' },
          where,
          PRACTITIONER,
        ),
      ),
    ).toEqual(['This needs a Lead Officer.', 'Lead Officers give people their roles: ask Ana Lead.']);
    expect(await reviewsInStore()).toEqual([]);
  });

  it('knows a lead officer named by e-mail, from the conversation roster', async () => {
    await c.restart({ LEAD_OFFICERS: 'ana.lead@council.gov.uk' });
    c.connector.addMember({
      id: LEAD_OFFICER.id,
      name: LEAD_OFFICER.name,
      aadObjectId: LEAD_OFFICER.aadObjectId,
      email: 'Ana.Lead@council.gov.uk',
    });
    expect(await c.say('new cp 20/10/2026 Child A')).toContain('Review opened');
    expect(await c.say('new cp 20/10/2026 Child B', 'personal', PRACTITIONER)).toEqual([
      'This needs a Lead Officer.',
      'Lead Officers give people their roles: ask Ana Lead.',
    ]);
  });
});

describe('list', () => {
  it('shows open reviews most urgent first, with the countdown, RAG in words and the next deadline', async () => {
    await openReview('Child G', '2026-11-20T10:00:00Z'); // decision due 1 January: on track
    await openReview('Child R', '2026-10-01T10:00:00Z'); // decision was due 12 November: overdue
    const amber = await openReview('Child A', '2026-10-22T10:00:00Z'); // decision due 3 December, meeting booked
    await c.service.store.meetings.schedule(TENANT_ID, 'system', amber.id, {
      kind: 'consideration_meeting',
      title: 'Consideration Meeting',
      startsAt: new Date('2026-12-01T10:00:00Z'),
    });
    const text = await c.say('list');
    const order = text.filter((line) => /^LR-/.test(line));
    expect(order).toEqual(['LR-2026-002: Child R', 'LR-2026-003: Child A', 'LR-2026-001: Child G']);
    expect(text).toEqual(
      expect.arrayContaining([
        'Red: overdue or at risk',
        'Amber: due soon',
        'Green: on track',
        '42 days: Day 54 of 42: 12 days over',
        '42 days: Day 4 of 42: 38 days left',
        'Stage: Decision stage',
      ]),
    );
    expect(text.some((line) => line.startsWith('Next deadline: '))).toBe(true);
    // Steps already past their date are counted, not shown as the next deadline.
    expect(text.some((line) => /^Steps late: \d+ \(see the timeline\)$/.test(line))).toBe(true);
  });

  it('pages, with a button for the next page', async () => {
    for (let i = 1; i <= 10; i += 1)
      await openReview(`Child ${String.fromCharCode(64 + i)}`, `2026-11-${String(10 + i).padStart(2, '0')}T10:00:00Z`);
    const first = await c.say('list');
    expect(first).toContain('Page 1 of 2');
    expect(first.filter((line) => /^LR-/.test(line))).toHaveLength(8);
    expect(JSON.stringify(c.lastCard())).toContain('"verb":"cmd.list","data":{"args":"2"}');
    const second = cardText(await c.click('cmd.list', { args: '2' }));
    expect(second).toContain('Page 2 of 2');
    expect(second.filter((line) => /^LR-/.test(line))).toHaveLength(2);
    expect(await c.say('list 3')).toEqual(['There are 2 pages of open reviews.', 'Type it like this:', 'list']);
  });

  it('says when there is nothing open', async () => {
    expect(await c.say('list')).toContain('There are no open reviews. Type new to open one.');
  });

  it('is for lead officers', async () => {
    expect((await c.say('list', 'groupChat', PRACTITIONER))[0]).toBe('This needs a role in the committee.');
  });
});

describe('status', () => {
  beforeEach(async () => {
    const review = await openReview();
    await c.service.store.reviews.pauseClock(TENANT_ID, 'system', review.id, {
      category: 'criminal_proceedings',
      note: 'Criminal proceedings against a relative',
      startedAt: new Date('2026-11-02T10:00:00Z'),
    });
  });

  it('shows the review card in a personal chat, pause note included', async () => {
    const text = await c.say('status LR-2026-001');
    expect(text).toEqual(
      expect.arrayContaining([
        'LR-2026-001: Child A',
        'Clock paused since: Monday 2 November 2026',
        'Why: Criminal proceedings against a relative',
        'Before the pause: Tuesday 1 December 2026',
      ]),
    );
  });

  it.each<Where>(['groupChat', 'channel'])(
    'in a %s, withholds the pause note and offers it one to one',
    async (where) => {
      await c.say('help'); // the lead officer's personal chat with the bot, where the details go
      const text = await c.say('status lr-2026-001', where);
      expect(text).toContain('LR-2026-001: Child A');
      expect(text).toContain('Clock paused since: Monday 2 November 2026');
      expect(text).toContain('Why: (details one to one)');
      expect(JSON.stringify(c.lastCard())).not.toContain('Criminal proceedings');
      expect(text).toContain('Some details are shown only one to one, because others can read this conversation.');

      // "Send me the details": the card in the shared chat says so; the details arrive one to one.
      const before = c.connector.received.length;
      const replaced = await c.click('send-details', { command: 'status LR-2026-001' }, where);
      expect(cardText(replaced)).toEqual(["I've sent the details to your chat with me."]);
      const sent = c.connector.received.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0].conversationId).toBe(`a:personal-${LEAD_OFFICER.id}`);
      expect(cardText(sent[0].activity.attachments![0].content)).toContain(
        'Why: Criminal proceedings against a relative',
      );
    },
  );

  it('opens a personal chat to send the details when there is none yet', async () => {
    const text = await c.say('status LR-2026-001', 'groupChat');
    expect(text).toContain('Why: (details one to one)');
    // The lead officer has only ever written in the group chat.
    const replaced = await c.click('send-details', { command: 'status LR-2026-001' }, 'groupChat');
    expect(cardText(replaced)).toEqual(["I've sent the details to your chat with me."]);
    expect(c.connector.created).toEqual([
      { conversationId: `a:personal-${LEAD_OFFICER.id}`, userId: LEAD_OFFICER.id, tenantId: TENANT_ID },
    ]);
    const last = c.connector.received[c.connector.received.length - 1];
    expect(last.conversationId).toBe(`a:personal-${LEAD_OFFICER.id}`);
  });

  it('answers a bare status with a form, and runs it from the form', async () => {
    expect(await c.say('status')).toContain('Which review?');
    expect(cardText(await c.click('cmd.status', { args: 'LR-2026-001' }))).toContain('LR-2026-001: Child A');
  });

  it('lets a member of the review team read it, and no one else', async () => {
    const [review] = await c.service.store.reviews.listOpen(TENANT_ID);
    const practitioner = await c.service.store.people.upsert(TENANT_ID, 'system', {
      teamsUserId: PRACTITIONER.id,
      aadObjectId: PRACTITIONER.aadObjectId,
      displayName: PRACTITIONER.name,
    });
    expect((await c.say('status LR-2026-001', 'personal', PRACTITIONER))[0]).toBe(
      'This needs a role in the committee, or the Lead Officer, Review Team Chair, Reviewer or Review Team member of LR-2026-001.',
    );
    await c.service.store.people.assignRole(TENANT_ID, 'system', {
      reviewId: review.id,
      personId: practitioner.id,
      role: 'reviewer',
    });
    expect(await c.say('status LR-2026-001', 'personal', PRACTITIONER)).toContain('LR-2026-001: Child A');
  });

  it.each([
    ['status LR-2026-009', 'No review "LR-2026-009" was found in this committee. Check the reference and try again.'],
    ['status 2026-001', 'That is not a review reference: a reference looks like LR-2026-007.'],
  ])('answers %j with what was wrong and the form to type', async (typed, sentence) => {
    expect(await c.say(typed)).toEqual([sentence, 'Type it like this:', 'status LR-2026-001']);
  });

  it('tells someone without a role nothing about which references exist', async () => {
    const exists = await c.say('status LR-2026-001', 'personal', PRACTITIONER);
    const missing = await c.say('status LR-2026-009', 'personal', PRACTITIONER);
    expect(missing[1]).toBe(exists[1]);
    expect(missing[0]).toContain('This needs a role in the committee');
  });
});

describe('timeline', () => {
  it.each(SCOPES)('lists every step with its planned and actual dates and status in words, in a %s', async (where) => {
    await openReview();
    const text = await c.say('timeline LR-2026-001', where);
    expect(text[0]).toBe('Timeline of LR-2026-001: Child A');
    expect(text).toEqual(
      expect.arrayContaining([
        'Notification received by the Lead Officer',
        'Consideration Meeting held',
        'Planned: Tuesday 1 December 2026',
        'Done: Tuesday 20 October 2026',
      ]),
    );
    expect(text.some((line) => ['Done', 'Late', 'Due soon', 'Upcoming'].includes(line))).toBe(true);
  });

  it('shows the original date beside the adjusted one when a pause moved a step', async () => {
    const review = await openReview();
    await c.service.store.reviews.pauseClock(TENANT_ID, 'system', review.id, {
      category: 'criminal_proceedings',
      note: 'Criminal proceedings',
      startedAt: new Date('2026-11-02T10:00:00Z'),
    });
    await c.service.store.reviews.resumeClock(TENANT_ID, 'system', review.id, new Date('2026-11-09T10:00:00Z'));
    const text = await c.say('timeline LR-2026-001');
    const meeting = text.indexOf('Consideration Meeting held');
    // Seven days paused: planned a week later than the template's date.
    expect(text.slice(meeting, meeting + 4)).toEqual([
      'Consideration Meeting held',
      'Upcoming',
      'Planned: Tuesday 8 December 2026',
      'Before the pause: Tuesday 1 December 2026',
    ]);
  });
});

describe('history', () => {
  it('tells the audit trail in words, one to one', async () => {
    await c.say('new cp 20/10/2026 Child A');
    const [review] = await c.service.store.reviews.listOpen(TENANT_ID);
    await c.service.store.reviews.pauseClock(TENANT_ID, 'system', review.id, {
      category: 'fatal_accident_inquiry',
      note: 'Fatal Accident Inquiry',
      startedAt: new Date('2026-11-02T10:00:00Z'),
    });
    const text = await c.say('history LR-2026-001');
    expect(text[0]).toBe('History of LR-2026-001: Child A');
    expect(text).toEqual(
      expect.arrayContaining([
        'Tuesday 24 November 2026 at 10:00',
        'Ana Lead opened the review.',
        'The bot paused the clock.',
      ]),
    );
    expect(JSON.stringify(c.lastCard())).not.toContain('Fatal Accident');
  });

  it.each<Where>(['groupChat', 'channel'])('is only offered one to one in a %s', async (where) => {
    await openReview();
    expect(await c.say('history LR-2026-001', where)).toEqual([
      'This is shown only one to one, because others can read this conversation.',
    ]);
  });

  it('is refused to a Review Team member, who is not the lead officer or chair of the review', async () => {
    const review = await openReview();
    const practitioner = await c.service.store.people.upsert(TENANT_ID, 'system', {
      teamsUserId: PRACTITIONER.id,
      aadObjectId: PRACTITIONER.aadObjectId,
      displayName: PRACTITIONER.name,
    });
    await c.service.store.people.assignRole(TENANT_ID, 'system', {
      reviewId: review.id,
      personId: practitioner.id,
      role: 'review_team_member',
    });
    expect((await c.say('history LR-2026-001', 'personal', PRACTITIONER))[0]).toBe(
      'This needs a Lead Officer, a Senior Business Support Administrator or the Committee Chair, or the Lead Officer or Review Team Chair of LR-2026-001.',
    );
  });
});

describe('every command and card action, allowed and refused, in every scope', () => {
  // What the first line of the answer says, for a lead officer and for someone with no role.
  const COMMANDS: Array<[string, string, string]> = [
    ['help', 'Learning Review bot', 'Learning Review bot'],
    ['new cp 20/10/2026 Child B', 'Review opened', 'This needs a Lead Officer.'],
    ['list', 'Open reviews, most urgent first', 'This needs a role in the committee.'],
    [
      'status LR-2026-001',
      'LR-2026-001: Child A',
      'This needs a role in the committee, or the Lead Officer, Review Team Chair, Reviewer or Review Team member of LR-2026-001.',
    ],
    [
      'timeline LR-2026-001',
      'Timeline of LR-2026-001: Child A',
      'This needs a role in the committee, or the Lead Officer, Review Team Chair, Reviewer or Review Team member of LR-2026-001.',
    ],
    [
      'history LR-2026-001',
      'History of LR-2026-001: Child A',
      'This needs a Lead Officer, a Senior Business Support Administrator or the Committee Chair, or the Lead Officer or Review Team Chair of LR-2026-001.',
    ],
  ];
  const ONE_TO_ONE = 'This is shown only one to one, because others can read this conversation.';

  describe.each(SCOPES)('in a %s', (where) => {
    it.each(COMMANDS)('%s', async (typed, allowed, refused) => {
      await openReview();
      const expected = where !== 'personal' && typed.startsWith('history') ? ONE_TO_ONE : allowed;
      expect((await c.say(typed, where))[0]).toBe(expected);
      expect((await c.say(typed, where, PRACTITIONER))[0]).toBe(refused);
    });

    it.each([
      [
        'new-review',
        { kind: 'asp', notifiedOn: '2026-11-02', pseudonym: 'Adult C' },
        'Review opened',
        'This needs a Lead Officer.',
      ],
      ['cmd.list', { args: '1' }, 'Open reviews, most urgent first', 'This needs a role in the committee.'],
      [
        'cmd.status',
        { args: 'LR-2026-001' },
        'LR-2026-001: Child A',
        'This needs a role in the committee, or the Lead Officer, Review Team Chair, Reviewer or Review Team member of LR-2026-001.',
      ],
      [
        'cmd.timeline',
        { args: 'LR-2026-001' },
        'Timeline of LR-2026-001: Child A',
        'This needs a role in the committee, or the Lead Officer, Review Team Chair, Reviewer or Review Team member of LR-2026-001.',
      ],
      [
        'send-details',
        { command: 'timeline LR-2026-001' },
        "I've sent the details to your chat with me.",
        'This needs a role in the committee, or the Lead Officer, Review Team Chair, Reviewer or Review Team member of LR-2026-001.',
      ],
    ])('the %s action', async (verb, data, allowed, refused) => {
      await openReview();
      expect(cardText(await c.click(verb, data, where))[0]).toBe(allowed);
      expect(cardText(await c.click(verb, data, where, PRACTITIONER))[0]).toBe(refused);
    });
  });
});

describe('forged card payloads', () => {
  it("refuses another tenant's review and logs it", async () => {
    const theirs = await c.service.store.reviews.create('0b0b0b0b-0000-4000-8000-00000000b002', 'system', {
      kind: 'CP',
      subjectPseudonym: 'Child Z',
      notifiedAt: new Date('2026-10-20T10:00:00Z'),
      reference: 'LR-2026-077',
    });
    const byReference = cardText(await c.click('cmd.status', { args: 'LR-2026-077' }));
    expect(byReference[0]).toBe(
      'No review "LR-2026-077" was found in this committee. Check the reference and try again.',
    );
    const byId = cardText(await c.click('cmd.timeline', { args: theirs.id }));
    expect(byId[0]).toBe('A review reference looks like LR-2026-007.');
    expect(refusedActions()).toEqual([
      expect.objectContaining({ verb: 'cmd.status', refusal: 'unknown_review', tenantId: TENANT_ID }),
      expect.objectContaining({ verb: 'cmd.timeline', refusal: 'unknown_review', tenantId: TENANT_ID }),
    ]);
    expect(JSON.stringify(c.service.logLines)).not.toContain('Child Z');
  });

  it('refuses a review the person has no role in, and logs it', async () => {
    await openReview();
    const card = cardText(await c.click('cmd.status', { args: 'LR-2026-001' }, 'personal', PRACTITIONER));
    expect(card[0]).toContain('This needs a role in the committee');
    expect(refusedActions()).toEqual([expect.objectContaining({ verb: 'cmd.status', refusal: 'not_allowed' })]);
  });

  it('refuses a tampered verb and a tampered payload, and logs them', async () => {
    await openReview();
    const stale = 'That card is out of date or was changed, so I did nothing. Type help to start again.';
    expect(cardText(await c.click('cmd.destroy', { args: 'LR-2026-001' }))[0]).toBe(stale);
    expect(cardText(await c.click('new-review', { kind: 'cp', notifiedOn: 20261020, pseudonym: ['Child A'] }))[0]).toBe(
      stale,
    );
    expect(cardText(await c.click('send-details', { command: 'new cp 20/10/2026 Child B' }))[0]).toBe(stale);
    expect(cardText(await c.click('Smith family case', { args: 'LR-2026-001' }))[0]).toBe(stale);
    expect(refusedActions().map((l) => [l.verb, l.refusal])).toEqual([
      ['cmd.destroy', 'unknown_verb'],
      ['new-review', 'bad_payload'],
      ['send-details', 'bad_payload'],
      ['[not a verb]', 'unknown_verb'],
    ]);
    expect(JSON.stringify(c.service.logLines)).not.toContain('Smith');
    expect(await reviewsInStore()).toEqual(['LR-2026-001']);
  });
});

describe('the inbound gate', () => {
  const refusals = () => c.service.logLines.filter((l) => l.msg === 'activity refused').map((l) => l.refusal);

  it('handles an activity Teams delivers twice only once', async () => {
    const activity = c.activity({ ...inScope('personal', 'new cp 20/10/2026 Child A') });
    expect((await c.post(activity)).status).toBe(200);
    expect((await c.post(activity)).status).toBe(200);
    expect(c.connector.received).toHaveLength(1);
    expect(await reviewsInStore()).toEqual(['LR-2026-001']);
    expect(c.service.logLines.filter((l) => l.msg === 'repeat delivery ignored')).toHaveLength(1);
  });

  it('answers a repeated card action without doing it twice', async () => {
    const click = c.activity({
      ...inScope('personal', ''),
      ...cardAction('new-review', { kind: 'cp', notifiedOn: '2026-10-20', pseudonym: 'Child A' }),
    });
    await c.post(click);
    const again = await c.post(click);
    expect(JSON.parse(again.text)).toMatchObject({ statusCode: 200, value: 'That was already done.' });
    expect(await reviewsInStore()).toEqual(['LR-2026-001']);
  });

  it('refuses, without a reply and without content in the log, activities from elsewhere', async () => {
    await c.restart({ ALLOWED_TENANTS: TENANT_ID });
    const base = inScope('personal', 'new cp 20/10/2026 Child Secret');
    const other = '0b0b0b0b-0000-4000-8000-00000000b002';
    for (const activity of [
      c.activity({ ...base, channelId: 'webchat' }),
      c.activity({ ...base, conversation: { id: 'a:1', conversationType: 'personal' }, channelData: {} }),
      c.activity({
        ...base,
        conversation: { id: 'a:1', conversationType: 'personal', tenantId: other },
        channelData: { tenant: { id: other } },
      }),
    ]) {
      expect((await c.post(activity)).status).toBe(200);
    }
    expect(c.connector.received).toHaveLength(0);
    expect(refusals()).toEqual(['not_teams', 'no_tenant', 'tenant_not_allowed']);
    expect(JSON.stringify(c.service.logLines)).not.toContain('Child Secret');
    expect(await c.service.store.committees.list()).toEqual([]);
  });

  it.each([
    ['not JSON at all', 'this is not json', 'text/plain'],
    ['an array', '[]', 'application/json'],
    [
      'an activity without a conversation',
      JSON.stringify({ type: 'message', id: '1', channelId: 'msteams', text: 'help' }),
      'application/json',
    ],
  ])('answers %s with 400, never 500', async (_label, body, type) => {
    const response = await fetch(`${c.service.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });
    expect(response.status).toBe(400);
    expect(c.connector.received).toHaveLength(0);
  });

  it('reads a tenant id in capitals as the same tenant', async () => {
    const upper = TENANT_ID.toUpperCase();
    const activity = c.activity({
      ...inScope('personal', 'new cp 20/10/2026 Child A'),
      conversation: { id: `a:personal-${LEAD_OFFICER.id}`, conversationType: 'personal', tenantId: upper },
      channelData: { tenant: { id: upper } },
    });
    expect((await c.post(activity)).status).toBe(200);
    expect(cardText(c.lastCard())).toContain('Review opened');
    expect(await reviewsInStore()).toEqual(['LR-2026-001']);
  });

  it('adds a person on first sight and keeps their display name up to date', async () => {
    await c.say('help');
    await c.say('help', 'personal', { ...LEAD_OFFICER, name: 'Ana Lead-Smith' });
    const person = await c.service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId);
    expect(person).toMatchObject({ displayName: 'Ana Lead-Smith', teamsUserId: LEAD_OFFICER.id });
    const changes = (await c.service.store.audit.list(TENANT_ID)).filter((e) => e.action.startsWith('person.'));
    expect(changes.map((e) => e.action)).toEqual(['person.updated', 'person.added']);
  });

  it('saves the conversation reference on every turn, for reminders', async () => {
    await c.say('help', 'groupChat');
    await c.say('help', 'personal');
    const person = await c.service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId);
    const refs = await c.service.store.conversationReferences.listForPerson(TENANT_ID, person!.id);
    expect(refs.map((r) => r.conversation.conversationType).sort()).toEqual(['groupChat', 'personal']);
    expect(refs[0]).toMatchObject({ serviceUrl: c.connector.url, channelId: 'msteams', user: { id: LEAD_OFFICER.id } });
  });
});
