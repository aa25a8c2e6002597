/**
 * Data protection from Teams, through the real restify server: a lead officer erases a person
 * (`forget`, a confirmation card, a reason), the erased person stays erased when they write again
 * and is asked before their name is used, and anyone can ask `my data`, answered one to one. Each
 * is refused to people without the role. The clock is fixed: Tuesday 24 November 2026, 10:00. The
 * whole suite runs twice: the service on a SQLite file, then on a PostgreSQL database.
 */
import { type Conversation, type LineExtra, personalChatOf, startConversation } from '../support/conversation-harness';
import { cardText, LEAD_OFFICER, PRACTITIONER, TENANT_ID, type Where } from '../support/teams-activity';
import { forEachEngine, SERVER_TIMEOUT_MS } from '../store/engines';

jest.setTimeout(SERVER_TIMEOUT_MS);

const NOW = new Date('2026-11-24T10:00:00Z');
const SCOPES: Where[] = ['personal', 'groupChat', 'channel'];
const JO = { id: '29:jo-bloggs', name: 'Jo Bloggs', aadObjectId: '7a3b2c1d-0000-4000-8000-00000000d001' };
const JO_EMAIL = 'jo.bloggs@nhs.scot';
const STALE = 'That card is out of date or was changed, so I did nothing. Type help to start again.';

forEachEngine((harness) => {
  let c: Conversation;

  beforeEach(async () => {
    const { databaseUrl } = (await harness.fresh()).options;
    // No tick in the middle of a test: the one at start finds no committee yet.
    c = await startConversation({
      now: NOW,
      env: { TICK_CRON: '0 0 1 1 *', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
      scheduler: true,
    });
    expect(c.service.store.engine).toBe(harness.engine);
  });

  afterEach(() => c.close());

  /** Types a line; returns every card the bot sent in answer, with where each went. */
  async function type(text: string, where: Where = 'personal', from = LEAD_OFFICER, extra: LineExtra = {}) {
    return (await c.send(text, where, from, extra)).map((r) => ({
      conversationId: r.conversationId,
      card: r.activity.attachments![0].content,
      text: cardText(r.activity.attachments![0].content),
    }));
  }

  /** A review with Jo Bloggs in it, known to the bot by name and e-mail address. */
  async function reviewWithJo() {
    await c.say('new cp 20/10/2026 Child A');
    await c.say('help', 'personal', JO);
    const jo = await c.person(JO, { email: JO_EMAIL });
    const lead = (await c.service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId))!;
    const [review] = await c.service.store.reviews.listOpen(TENANT_ID);
    await c.service.store.people.assignRole(TENANT_ID, lead.id, {
      reviewId: review.id,
      personId: lead.id,
      role: 'lead_officer',
    });
    await c.service.store.people.assignRole(TENANT_ID, lead.id, {
      reviewId: review.id,
      personId: jo.id,
      role: 'review_team_member',
    });
    return { jo, lead, review };
  }

  describe('forget', () => {
    it('erases a person named by e-mail once the lead officer confirms with a reason; the history then says "Former member 1"', async () => {
      const { jo, lead } = await reviewWithJo();
      const auditBefore = await c.service.store.audit.list(TENANT_ID, { limit: 1_000 });

      const confirm = await c.say(`forget ${JO_EMAIL}`);
      expect(confirm).toEqual(
        expect.arrayContaining([
          'Erase Jo Bloggs?',
          `E-mail address: ${JO_EMAIL}`,
          expect.stringContaining('the roles they held (in 1 review)'),
        ]),
      );
      const card = JSON.stringify(c.connector.received.at(-1)!.activity.attachments![0].content);
      expect(card).toContain(`"verb":"forget-person","style":"destructive","data":{"personId":"${jo.id}"}`);
      expect(card).toContain('"value":"asked"');

      // Pressed without a reason: asked again, nothing done.
      expect(cardText(await c.click('forget-person', { personId: jo.id }))).toContain(
        'Choose why they are being erased, then press Erase them.',
      );
      expect((await c.service.store.people.get(TENANT_ID, jo.id)).displayName).toBe('Jo Bloggs');

      expect(cardText(await c.click('forget-person', { personId: jo.id, reason: 'asked' }))).toEqual([
        'Erased: they are now Former member 1.',
        'I removed 1 chats with them, stopped 0 reminders waiting for them, and replaced their name in 0 titles, notes or actions.',
        expect.stringContaining('The audit trail records that they were erased, why and by whom.'),
      ]);
      expect(await c.service.store.people.get(TENANT_ID, jo.id)).toEqual({
        id: jo.id,
        displayName: 'Former member 1',
        email: null,
        teamsUserId: null,
        aadObjectId: null,
      });
      expect(await c.service.store.conversationReferences.listForPerson(TENANT_ID, jo.id)).toEqual([]);
      const auditAfter = await c.service.store.audit.list(TENANT_ID, { limit: 1_000 });
      expect(auditAfter.slice(1)).toEqual(auditBefore);
      expect(auditAfter[0]).toMatchObject({
        action: 'person.erased',
        actor: lead.id,
        entityId: jo.id,
        after: { reason: 'asked', ordinal: 1 },
      });

      const history = await c.say('history LR-2026-001');
      expect(history).toContain('Ana Lead gave Former member 1 the role of Review Team member.');
      expect(JSON.stringify(c.connector.received.at(-1)!.activity)).not.toMatch(/Jo Bloggs|jo\.bloggs/i);
    });

    it('finds the person by @mention in a channel, and sends the confirmation one to one', async () => {
      const { jo } = await reviewWithJo();
      const mention = `<at>${JO.name}</at>`;
      // In a channel the bot is @mentioned too, as Teams requires.
      const answers = await type(`forget ${mention}`, 'channel', LEAD_OFFICER, [JO]);
      expect(answers.map((a) => a.conversationId)).toEqual([
        personalChatOf(LEAD_OFFICER),
        expect.stringContaining('19:reviews-channel'),
      ]);
      expect(answers[0].text).toContain('Erase Jo Bloggs?');
      expect(answers[1].text).toEqual([
        "I've answered in your personal chat with me, because others can read this conversation.",
      ]);
      expect(JSON.stringify(answers[1].card)).not.toContain('Jo Bloggs');
      expect(JSON.stringify(answers[0].card)).toContain(jo.id);
    });

    it.each([
      ['forget', 'Name the person to erase by their e-mail address, or @mention them.'],
      ['forget nobody@nhs.scot', expect.stringContaining('I know no one in this committee by that e-mail address')],
      ['forget Jo Bloggs', 'Name the person to erase by their e-mail address, or @mention them.'],
    ])('answers %j with what is wrong and the form to type', async (typed, sentence) => {
      await reviewWithJo();
      expect(await c.say(typed)).toEqual([sentence, 'Type it like this:', 'forget jo.bloggs@nhs.scot']);
    });

    it('will not let a lead officer erase themselves, nor erase someone twice', async () => {
      const { jo } = await reviewWithJo();
      await c.service.store.people.upsert(TENANT_ID, 'system', {
        aadObjectId: LEAD_OFFICER.aadObjectId,
        teamsUserId: LEAD_OFFICER.id,
        displayName: LEAD_OFFICER.name,
        email: 'ana.lead@council.gov.uk',
      });
      expect((await c.say('forget ana.lead@council.gov.uk'))[0]).toBe(
        'You cannot erase yourself: ask another lead officer to do it.',
      );
      await c.click('forget-person', { personId: jo.id, reason: 'left' });
      expect(cardText(await c.click('forget-person', { personId: jo.id, reason: 'left' }))).toEqual([
        'Former member 1 was already erased, on 2026-11-24.',
      ]);
      const mentioned = await type(`forget <at>${JO.name}</at>`, 'personal', LEAD_OFFICER, [JO]);
      expect(mentioned[0].text[0]).toBe('They were erased already: I know them only as Former member 1.');
    });

    it.each(SCOPES)('is refused to someone who is not a lead officer, typed or clicked, in a %s', async (where) => {
      const { jo } = await reviewWithJo();
      expect((await c.say(`forget ${JO_EMAIL}`, where, PRACTITIONER))[0]).toBe('This needs a Lead Officer.');
      expect(
        cardText(await c.click('forget-person', { personId: jo.id, reason: 'asked' }, where, PRACTITIONER))[0],
      ).toBe('This needs a Lead Officer.');
      expect(cardText(await c.click('forget-cancel', {}, where, PRACTITIONER))[0]).toBe('This needs a Lead Officer.');
      expect((await c.service.store.people.get(TENANT_ID, jo.id)).displayName).toBe('Jo Bloggs');
      expect(c.service.logLines.filter((l) => l.msg === 'card action refused').map((l) => [l.verb, l.refusal])).toEqual(
        [
          ['forget-person', 'not_allowed'],
          ['forget-cancel', 'not_allowed'],
        ],
      );
    });

    it('refuses a forged card: an unknown reason, another committee’s person, or a click from a shared chat', async () => {
      const { jo } = await reviewWithJo();
      const theirs = await c.service.store.people.upsert('0b0b0b0b-0000-4000-8000-00000000b002', 'system', {
        teamsUserId: '29:theirs',
        displayName: 'Someone Elsewhere',
      });
      expect(cardText(await c.click('forget-person', { personId: jo.id, reason: 'whim' }))[0]).toBe(STALE);
      expect(cardText(await c.click('forget-person', { personId: theirs.id, reason: 'asked' }))[0]).toBe(
        `No person "${theirs.id}" was found in this committee. Check the reference and try again.`,
      );
      expect(cardText(await c.click('forget-person', { personId: jo.id, reason: 'asked' }, 'groupChat'))[0]).toBe(
        STALE,
      );
      expect(cardText(await c.click('forget-cancel', {}))).toEqual(['Nothing was erased.']);
      expect((await c.service.store.people.get(TENANT_ID, jo.id)).displayName).toBe('Jo Bloggs');
      expect((await c.service.store.people.get('0b0b0b0b-0000-4000-8000-00000000b002', theirs.id)).displayName).toBe(
        'Someone Elsewhere',
      );
    });

    it("tells the review's lead officer once that reminders can no longer reach the erased person", async () => {
      const { jo, review, lead } = await reviewWithJo();
      await c.click('forget-person', { personId: jo.id, reason: 'left' });
      const before = c.connector.received.length;
      await c.service.queueReminder({
        key: 'test:erased-recipient',
        tenantId: TENANT_ID,
        reviewId: review.id,
        rule: 'deadline42.days-left',
        subject: { type: 'decision_deadline', id: review.id },
        occasion: 'left-7',
        dueAt: NOW,
        audience: [{ role: 'review_team_member', personId: jo.id }],
        severity: 'warning',
        facts: { reference: review.reference, subjectPseudonym: 'Child A', reviewKind: 'CP', daysLeft: 7 },
      });
      const [notice] = await c.connector.waitFor(before + 1, 20_000).then((all) => all.slice(before));
      expect(notice.conversationId).toBe(personalChatOf(LEAD_OFFICER));
      expect(cardText(notice.activity.attachments![0].content)).toEqual([
        'I could not reach Former member 1 (review team member) for LR-2026-001 (Child A).',
        "They were erased from my records at a lead officer's request, so I no longer write to them. Please give their role to someone else.",
        'I will not tell you again about them for this review.',
      ]);
      const [delivery] = (await c.service.store.outbox.get(TENANT_ID, 'test:erased-recipient'))!.deliveries;
      expect(delivery).toMatchObject({ status: 'unreachable', lastError: 'erased' });
      expect(c.connector.created).toEqual([]);
      void lead;
    });
  });

  describe('an erased person who writes again', () => {
    async function erasedJo() {
      const fixture = await reviewWithJo();
      await c.click('forget-person', { personId: fixture.jo.id, reason: 'asked' });
      return fixture;
    }

    it('is told, one to one, that their name is forgotten and asked before it is used again; nothing is undone', async () => {
      const { jo } = await erasedJo();
      const auditBefore = await c.service.store.audit.list(TENANT_ID, { limit: 1_000 });
      const people = async () =>
        (await c.service.store.audit.list(TENANT_ID, { limit: 1_000 })).filter((e) => e.entityType === 'person');

      expect(await c.say('new cp 20/10/2026 Child B', 'personal', JO)).toEqual([
        'A lead officer asked me to forget your name on Tuesday 24 November 2026, so I know you only as Former member 1.',
        'I have not taken your name from Teams again, and I did not act on your message.',
        'Shall I use your name again? If you say yes, I will know you as Jo Bloggs, the name Teams gives me, in the reviews you took part in, and I can write to you again.',
      ]);
      // A card's button does nothing for them either; in a shared chat they are only asked to write one to one.
      expect(cardText(await c.click('cmd.my-data', {}, 'personal', JO))[0]).toContain('forget your name');
      const shared = await c.say('help', 'groupChat', JO);
      expect(shared).toEqual(['Please write to me in your personal chat with me: I can only answer you there.']);

      expect(await c.service.store.people.get(TENANT_ID, jo.id)).toMatchObject({
        displayName: 'Former member 1',
        email: null,
      });
      expect(await c.service.store.people.findByAadObjectId(TENANT_ID, JO.aadObjectId)).toBeNull();
      expect(await c.service.store.conversationReferences.listForPerson(TENANT_ID, jo.id)).toEqual([]);
      expect(await c.service.store.audit.list(TENANT_ID, { limit: 1_000 })).toEqual(auditBefore);
      expect(await people()).toEqual(auditBefore.filter((e) => e.entityType === 'person'));
      expect((await c.service.store.reviews.listOpen(TENANT_ID)).map((r) => r.reference)).toEqual(['LR-2026-001']);

      expect(cardText(await c.click('erased.keep-forgotten', {}, 'personal', JO))[0]).toBe(
        'I will go on knowing you only as Former member 1. While your name is forgotten I cannot act on your messages; write to me again if you change your mind.',
      );
      expect((await c.service.store.people.get(TENANT_ID, jo.id)).displayName).toBe('Former member 1');
      expect((await c.say('history LR-2026-001')).join('\n')).toContain('gave Former member 1 the role');
    });

    it('gets their name back only by their own choice, from their own account', async () => {
      const { jo } = await erasedJo();
      // Someone else pressing the button (a forwarded card) changes nothing.
      expect(cardText(await c.click('erased.restore-name', {}, 'personal', PRACTITIONER))[0]).toBe(STALE);
      expect(cardText(await c.click('erased.restore-name', {}, 'groupChat', JO))[0]).toBe(
        'Please write to me in your personal chat with me: I can only answer you there.',
      );
      expect((await c.service.store.people.get(TENANT_ID, jo.id)).displayName).toBe('Former member 1');

      expect(cardText(await c.click('erased.restore-name', {}, 'personal', JO))).toEqual([
        'Welcome back, Jo Bloggs. I know you by your name again. Type help to see what I do.',
      ]);
      expect(await c.service.store.people.get(TENANT_ID, jo.id)).toMatchObject({
        displayName: 'Jo Bloggs',
        email: null,
      });
      expect((await c.service.store.audit.list(TENANT_ID, { limit: 1 }))[0]).toMatchObject({
        action: 'person.restored',
        actor: jo.id,
      });
      expect((await c.say('help', 'personal', JO))[0]).toBe('Learning Review bot');
      expect((await c.say('history LR-2026-001')).join('\n')).toContain('gave Jo Bloggs the role');
    });
  });

  describe('my data', () => {
    it('lists what the bot keeps about the person, one to one, without report content or titles', async () => {
      const { jo, lead, review } = await reviewWithJo();
      const agency = await c.service.store.agencies.add(TENANT_ID, lead.id, 'NHS Lothian');
      await c.service.store.people.assignRole(TENANT_ID, lead.id, {
        reviewId: review.id,
        personId: jo.id,
        role: 'practitioner',
        agencyId: agency.id,
      });
      const meeting = await c.service.store.meetings.schedule(TENANT_ID, lead.id, review.id, {
        kind: 'consideration_meeting',
        title: 'Consideration Meeting about the Quill household',
        startsAt: new Date('2026-12-01T10:00:00Z'),
      });
      await c.service.store.meetings.invite(TENANT_ID, lead.id, meeting.id, [jo.id]);
      await c.service.store.meetings.respond(TENANT_ID, jo.id, meeting.id, jo.id, 'attending');
      await c.service.store.committeeRoles.assign(TENANT_ID, lead.id, { personId: jo.id, role: 'subgroup_member' });
      const request = await c.service.store.reportRequests.request(TENANT_ID, lead.id, review.id, {
        agencyId: agency.id,
        authorPersonId: jo.id,
        dueOn: '2026-11-30',
      });
      await c.service.store.reportRequests.submit(TENANT_ID, jo.id, request.id, {
        submittedByPersonId: jo.id,
        text: 'The Quill household was known to us from 2024.',
      });
      const before = c.connector.received.length;
      await c.service.queueReminder({
        key: 'test:jo-reminder',
        tenantId: TENANT_ID,
        reviewId: review.id,
        rule: 'deadline42.days-left',
        subject: { type: 'decision_deadline', id: review.id },
        occasion: 'left-7',
        dueAt: NOW,
        audience: [{ role: 'practitioner', personId: jo.id }],
        severity: 'warning',
        facts: {
          reference: review.reference,
          subjectPseudonym: 'Child A',
          reviewKind: 'CP',
          daysLeft: 7,
          deadline: '2026-12-01',
        },
      });
      await c.connector.waitFor(before + 1, 20_000);
      // Teams has the message; the sender records it as sent once Teams' answer is back.
      const recorded = Date.now() + 20_000;
      while ((await c.service.store.outbox.get(TENANT_ID, 'test:jo-reminder'))?.deliveries[0]?.status !== 'sent') {
        if (Date.now() > recorded) throw new Error('the reminder to Jo was never recorded as sent');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      const text = await c.say('my data', 'personal', JO);
      expect(text).toEqual([
        'What I keep about you',
        'Name: Jo Bloggs',
        `E-mail: ${JO_EMAIL}`,
        'Teams account: your Teams and Microsoft Entra ids, to know you and write to you',
        'Chats I can write to you in: 1',
        'Your roles',
        '- The committee: Learning Review Sub-group member',
        '- LR-2026-001 (Child A): Review Team member',
        '- LR-2026-001 (Child A): practitioner, NHS Lothian',
        '- LR-2026-001 (Child A): report author, NHS Lothian',
        'Invitations and your answers',
        '- Consideration Meeting on Tuesday 1 December 2026 at 10:00 (LR-2026-001): you said you will attend',
        'Reports',
        '- LR-2026-001, NHS Lothian: asked of you as its author, due Monday 30 November 2026, sent',
        '- LR-2026-001, NHS Lothian: you sent a report on Tuesday 24 November 2026 at 10:00',
        'Reminders sent to you',
        '- LR-2026-001: 1 reminder sent, the last on Tuesday 24 November 2026',
        'Also',
        '- Meetings you chair: 0; improvement actions you own: 0.',
        expect.stringMatching(
          /^- Changes the audit trail records you made, or that concern you: \d+\. It refers to you by an id, never by your name\.$/,
        ),
        "The content of a report is not listed here: it belongs to the review. For a full copy of your record, ask your committee's Data Protection Officer.",
      ]);
      expect(JSON.stringify(c.connector.received.at(-1)!.activity)).not.toContain('Quill');
    });

    it.each<Where>(['groupChat', 'channel'])(
      'asked in a %s, answers in the personal chat and says so',
      async (where) => {
        await reviewWithJo();
        const answers = await type('my data', where, JO);
        expect(answers.map((a) => a.conversationId)).toEqual([
          personalChatOf(JO),
          expect.not.stringContaining('personal'),
        ]);
        expect(answers[0].text[0]).toBe('What I keep about you');
        expect(answers[1].text).toEqual([
          "I've answered in your personal chat with me, because others can read this conversation.",
        ]);
        expect(JSON.stringify(answers[1].card)).not.toMatch(/Jo Bloggs|jo\.bloggs|Child A/);
      },
    );

    it('answers anyone, with or without a role, typed or from the menu', async () => {
      expect(await c.say('my data', 'personal', PRACTITIONER)).toEqual(
        expect.arrayContaining(['Name: Sam Practitioner', 'E-mail: not known to me', 'Your roles', 'None.']),
      );
      expect((await c.say('MY DATA', 'personal', PRACTITIONER))[0]).toBe('What I keep about you');
      expect(cardText(await c.click('cmd.my-data', {}, 'personal', PRACTITIONER))[0]).toBe('What I keep about you');
    });
  });
});
