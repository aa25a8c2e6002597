/**
 * Roles from the store, and who is who in a review: `people`, `add`, `remove` and `handover`, typed and
 * by card form, allowed and refused, in a personal chat, a group chat and a channel, through the real
 * server. People are named by @mention, e-mail (found in the conversation's roster) or "me", the same
 * way in every command that names someone: add, committee, meet and request.
 */
import { at, type Conversation, startConversation } from '../support/conversation-harness';
import { cardText, LEAD_OFFICER, PRACTITIONER, TENANT_ID, type Where } from '../support/teams-activity';

const NOW = new Date('2026-11-24T10:00:00Z');
const JO = { id: '29:jo-bloggs', name: 'Jo Bloggs', aadObjectId: '7a1b2c3d-0000-4000-8000-00000000d001' };
const SAM = { id: '29:sam-chair', name: 'Sam Chair', aadObjectId: '7a1b2c3d-0000-4000-8000-00000000d002' };

let c: Conversation;

beforeEach(async () => {
  c = await startConversation({ now: NOW });
  // The lead officer has written to the bot in their own chat.
  await c.say('help');
});

afterEach(() => c.close());

const openReview = () =>
  c.service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });

const personFor = (speaker: typeof JO) => c.person(speaker, { email: null });

const rolesIn = async (reference = 'LR-2026-001') =>
  (await c.service.store.reviews.loadByReference(TENANT_ID, reference)).members.map((m) => m.role).sort();

describe('roles from the store', () => {
  it('lets a committee role held in the store do what it allows, and nothing more', async () => {
    await openReview();
    const member = await personFor(PRACTITIONER);
    await c.service.store.committeeRoles.assign(TENANT_ID, 'system', { personId: member.id, role: 'subgroup_member' });
    expect((await c.say('list', 'personal', PRACTITIONER))[0]).toBe('Open reviews, most urgent first');
    expect(await c.say('status LR-2026-001', 'personal', PRACTITIONER)).toContain('LR-2026-001: Child A');
    expect(await c.say('new cp 20/10/2026 Child B', 'personal', PRACTITIONER)).toEqual([
      'This needs a Lead Officer.',
      'Lead Officers give people their roles: ask Ana Lead.',
    ]);
    expect((await c.say('history LR-2026-001', 'personal', PRACTITIONER))[0]).toBe(
      'This needs a Lead Officer, a Senior Business Support Administrator or the Committee Chair, or the Lead Officer or Review Team Chair of LR-2026-001.',
    );
  });

  it('takes lead officers from the store as well as LEAD_OFFICERS, and names both as the ones to ask', async () => {
    const jo = await personFor(JO);
    await c.service.store.committeeRoles.assign(TENANT_ID, 'system', { personId: jo.id, role: 'lead_officer' });
    expect(await c.say('new cp 20/10/2026 Child A', 'personal', JO)).toContain('Review opened');
    expect((await c.say('list', 'personal', PRACTITIONER))[1]).toBe(
      'Lead Officers give people their roles: ask Jo Bloggs, Ana Lead.',
    );
  });

  it('an administrator in the store reads the history but cannot open a review', async () => {
    await openReview();
    const jo = await personFor(JO);
    await c.service.store.committeeRoles.assign(TENANT_ID, 'system', { personId: jo.id, role: 'administrator' });
    expect((await c.say('history LR-2026-001', 'personal', JO))[0]).toBe('History of LR-2026-001: Child A');
    expect((await c.say('new cp 20/10/2026 Child B', 'personal', JO))[0]).toBe('This needs a Lead Officer.');
  });
});

describe('add, people and remove', () => {
  beforeEach(async () => {
    await openReview();
  });

  it('adds a person by e-mail from the roster, with a new agency, and says so', async () => {
    c.connector.addMember({ ...JO, email: 'Jo.Bloggs@nhs.scot' });
    const text = await c.say('add LR-2026-001 reviewer jo.bloggs@nhs.scot for NHS Lothian');
    expect(text.slice(0, 3)).toEqual([
      'Jo Bloggs is now Reviewer in LR-2026-001.',
      'NHS Lothian was new to the committee, so I added it.',
      'People in LR-2026-001: Child A',
    ]);
    expect(text).toEqual(expect.arrayContaining(['Reviewer: Jo Bloggs', 'NHS Lothian']));
    const jo = await c.service.store.people.findByAadObjectId(TENANT_ID, JO.aadObjectId);
    expect(jo).toMatchObject({ displayName: 'Jo Bloggs', email: 'Jo.Bloggs@nhs.scot', teamsUserId: JO.id });
    expect(await rolesIn()).toEqual(['reviewer']);
    expect((await c.service.store.agencies.list(TENANT_ID)).map((a) => a.name)).toEqual(['NHS Lothian']);
  });

  it('shows who cannot be reached yet, with what to do, until they write to the bot', async () => {
    c.connector.addMember({ ...JO, email: 'jo.bloggs@nhs.scot' });
    const text = await c.say('add LR-2026-001 reviewer jo.bloggs@nhs.scot');
    const unreachable = text.find((line) => line.startsWith('Cannot be reached yet'));
    expect(unreachable).toContain('Ask your IT team to install the Learning Review app for them');
    await c.say('help', 'personal', JO);
    const after = await c.say('people LR-2026-001');
    expect(after).toContain('Reviewer: Jo Bloggs');
    expect(after.some((line) => line.startsWith('Cannot be reached yet'))).toBe(false);
  });

  it('adds a person by @mention in a group chat, and "me"', async () => {
    await c.say(`add LR-2026-001 review-team-chair ${at(SAM)}`, 'groupChat', LEAD_OFFICER, [SAM]);
    await c.say('add LR-2026-001 review-team-member me');
    const sam = await c.service.store.people.findByTeamsUserId(TENANT_ID, SAM.id);
    expect(sam?.displayName).toBe('Sam Chair');
    expect(await rolesIn()).toEqual(['review_team_chair', 'review_team_member']);
    expect(await c.say('people LR-2026-001')).toEqual(
      expect.arrayContaining(['Review Team Chair: Sam Chair', 'Review Team member: Ana Lead']),
    );
  });

  it('links a practitioner to their Review Team member', async () => {
    c.connector.addMember({ ...JO, email: 'jo.bloggs@police.scot' });
    c.connector.addMember({ ...SAM, email: 'sam@police.scot' });
    await c.say('add LR-2026-001 review-team-member sam@police.scot for Police Scotland');
    const text = await c.say(
      'add LR-2026-001 practitioner jo.bloggs@police.scot for Police Scotland supported by sam@police.scot',
    );
    expect(text).toContain("Supported by Sam Chair, their agency's Review Team member");
    expect(await c.say('history LR-2026-001')).toEqual(
      expect.arrayContaining([
        'Ana Lead gave Jo Bloggs the role of practitioner.',
        'Ana Lead linked Jo Bloggs to Sam Chair, their Review Team member.',
      ]),
    );
  });

  it.each([
    [
      'add LR-2026-001 reviewer nobody@nhs.scot',
      'I do not know nobody@nhs.scot yet, and they are not in this conversation. @mention them in a chat or channel they are in, or ask them to say hello to the bot first.',
    ],
    [
      'add LR-2026-001 chief jo.bloggs@nhs.scot',
      '"chief" is not a role in a review. The roles are review-team-chair, reviewer, review-team-member, senior-manager, report-author, practitioner.',
    ],
    [
      'add LR-2026-001 committee-chair me',
      'The Committee Chair is a role for the whole committee: give it with the committee command.',
    ],
    [
      'add LR-2026-001 lead-officer me',
      'A review has one Lead Officer: pass it on with handover LR-2026-001 to jo.bloggs@nhs.scot.',
    ],
    ['add LR-2026-001 reviewer Jo', 'Name a person by @mention, by e-mail address, or as "me": "Jo" is none of these.'],
    ['remove LR-2026-001 reviewer me', 'Ana Lead is not Reviewer in LR-2026-001.'],
    [
      'add LR-2026-001 practitioner me for Police Scotland supported by me',
      'Ana Lead is not a Review Team member of LR-2026-001: add them as one first.',
    ],
    [
      'add LR-2026-009 reviewer me',
      'No review "LR-2026-009" was found in this committee. Check the reference and try again.',
    ],
  ])('refuses %j in one sentence and writes nothing', async (typed, sentence) => {
    const audited = (await c.service.store.audit.list(TENANT_ID, {})).length;
    const text = await c.say(typed);
    expect(text[0]).toBe(sentence);
    expect(text[1]).toBe('Type it like this:');
    expect(await rolesIn()).toEqual([]);
    expect(await c.service.store.audit.list(TENANT_ID, {})).toHaveLength(audited);
  });

  it('removes a role, and history tells both', async () => {
    await c.say('add LR-2026-001 reviewer me');
    expect((await c.say('remove LR-2026-001 reviewer me'))[0]).toBe('Ana Lead is no longer Reviewer in LR-2026-001.');
    expect(await rolesIn()).toEqual([]);
    expect(await c.say('history LR-2026-001')).toEqual(
      expect.arrayContaining([
        'Ana Lead gave Ana Lead the role of Reviewer.',
        'Ana Lead took the role of Reviewer from Ana Lead.',
      ]),
    );
  });

  it('answers add without arguments with its form, and adds from the form', async () => {
    expect((await c.say('add'))[0]).toBe('Give someone a role in a review');
    expect(JSON.stringify(c.lastCard())).toContain('"verb":"person-role"');
    const card = await c.click('person-role', {
      command: 'add',
      reference: 'LR-2026-001',
      role: 'reviewer',
      person: 'me',
      agency: 'Police Scotland',
    });
    expect(cardText(card)[0]).toBe('Ana Lead is now Reviewer in LR-2026-001.');
    expect(await rolesIn()).toEqual(['reviewer']);
  });

  it("refuses a forged form: another tenant's review, or someone with no role", async () => {
    const other = await c.service.store.reviews.create('other-tenant-0000-4000-8000-000000000001', 'system', {
      kind: 'CP',
      subjectPseudonym: 'Child Z',
      notifiedAt: new Date('2026-10-20T09:30:00Z'),
    });
    const form = { command: 'add', reference: other.reference, role: 'reviewer', person: 'me', agency: '' };
    expect(cardText(await c.click('person-role', { ...form, reference: 'LR-2026-009' }))[0]).toBe(
      'No review "LR-2026-009" was found in this committee. Check the reference and try again.',
    );
    expect(
      cardText(await c.click('person-role', { ...form, reference: 'LR-2026-001' }, 'personal', PRACTITIONER))[0],
    ).toBe(
      'This needs a Lead Officer or a Senior Business Support Administrator, or the Lead Officer or Review Team Chair of LR-2026-001.',
    );
    expect(await rolesIn()).toEqual([]);
    expect(c.service.logLines.filter((l) => l.msg === 'card action refused').map((l) => l.refusal)).toEqual([
      'unknown_review',
      'not_allowed',
    ]);
  });

  describe.each<Where>(['personal', 'groupChat', 'channel'])('in a %s', (where) => {
    it('people is shown one to one only, and refused to someone without a role', async () => {
      const text = await c.say('people LR-2026-001', where);
      if (where === 'personal') expect(text[0]).toBe('People in LR-2026-001: Child A');
      else expect(text.join(' ')).not.toContain('Ana Lead');
      expect((await c.say('people LR-2026-001', where, PRACTITIONER))[0]).toBe(
        'This needs a Lead Officer or a Senior Business Support Administrator, or the Lead Officer or Review Team Chair of LR-2026-001.',
      );
    });

    it('add and remove are refused to someone without a role, and write nothing', async () => {
      expect((await c.say('add LR-2026-001 reviewer me', where, PRACTITIONER))[0]).toContain(
        'This needs a Lead Officer',
      );
      expect((await c.say('remove LR-2026-001 reviewer me', where, PRACTITIONER))[0]).toContain('This needs');
      expect(await rolesIn()).toEqual([]);
    });
  });
});

describe('handover', () => {
  beforeEach(async () => {
    await c.say('new cp 20/10/2026 Child A');
  });

  it('passes the review to another lead officer, and history says so', async () => {
    const jo = await personFor(JO);
    await c.service.store.committeeRoles.assign(TENANT_ID, 'system', { personId: jo.id, role: 'lead_officer' });
    const text = await c.say(`handover LR-2026-001 to ${at(JO)}`, 'personal', LEAD_OFFICER, [JO]);
    expect(text[0]).toBe('Jo Bloggs now leads LR-2026-001.');
    const review = await c.service.store.reviews.loadByReference(TENANT_ID, 'LR-2026-001');
    expect(review.members).toEqual([expect.objectContaining({ personId: jo.id, role: 'lead_officer' })]);
    expect(await c.say('history LR-2026-001')).toContain('Ana Lead handed the review over to Jo Bloggs.');
  });

  it('refuses someone who is not a lead officer of the committee, and changes nothing', async () => {
    await personFor(JO);
    const text = await c.say(`handover LR-2026-001 to ${at(JO)}`, 'personal', LEAD_OFFICER, [JO]);
    expect(text[0]).toBe(
      'Jo Bloggs is not a Lead Officer of the committee: a Lead Officer can make them one first, with committee lead-officer and their e-mail address.',
    );
    expect(await rolesIn()).toEqual(['lead_officer']);
  });

  it('is refused to a Review Team Chair, and answers a bare handover with its form', async () => {
    const jo = await personFor(JO);
    const review = await c.service.store.reviews.loadByReference(TENANT_ID, 'LR-2026-001');
    await c.service.store.people.assignRole(TENANT_ID, 'system', {
      reviewId: review.id,
      personId: jo.id,
      role: 'review_team_chair',
    });
    expect((await c.say('handover LR-2026-001 to me', 'personal', JO))[0]).toBe(
      'This needs a Lead Officer, or the Lead Officer of LR-2026-001.',
    );
    expect((await c.say('handover'))[0]).toBe('Hand a review over to another Lead Officer');
    expect(cardText(await c.click('handover', { reference: 'LR-2026-001', person: 'me' }))[0]).toBe(
      'Ana Lead now leads LR-2026-001.',
    );
  });
});

describe('one way to name a person, in every command that names someone', () => {
  const NOBODY = 'nobody@council.gov.uk';
  const NOT_KNOWN =
    'I do not know nobody@council.gov.uk yet, and they are not in this conversation. @mention them in a chat or ' +
    'channel they are in, or ask them to say hello to the bot first.';
  const load = () => c.service.store.reviews.loadByReference(TENANT_ID, 'LR-2026-001');

  /** Each command with a person named in it, and whom the store holds it names (everyone so far). */
  const COMMANDS: Record<string, { typed: (person: string, n: number) => string; named: () => Promise<string[]> }> = {
    add: {
      typed: (person) => `add LR-2026-001 reviewer ${person}`,
      named: async () => (await load()).members.filter((m) => m.role === 'reviewer').map((m) => m.personId),
    },
    committee: {
      typed: (person) => `committee subgroup ${person}`,
      named: async () =>
        (await c.service.store.committeeRoles.list(TENANT_ID))
          .filter((m) => m.role === 'subgroup_member')
          .map((m) => m.personId),
    },
    meet: {
      typed: (person, n) => `meet LR-2026-001 other ${25 + n}/11/2026 10:00 with ${person}`,
      named: async () => (await load()).meetings.flatMap((m) => m.invitations.map((i) => i.personId)),
    },
    request: {
      typed: (person, n) => `request LR-2026-001 Agency ${n} from ${person} by 1/12/2026`,
      named: async () => (await load()).reportRequests.flatMap((r) => r.seniorManagerPersonId ?? []),
    },
  };

  beforeEach(async () => {
    await openReview();
    // Jo is in this conversation's roster, and the bot has never heard of them.
    c.connector.addMember({ ...JO, email: 'Jo.Bloggs@nhs.scot' });
  });

  it.each(Object.keys(COMMANDS))(
    '%s finds the same person by @mention, by plain @Name, by e-mail and as "me"',
    async (command) => {
      const { typed, named } = COMMANDS[command];
      const ways: Array<[string, 'personal' | 'groupChat', (typeof JO)[]]> = [
        [at(JO), 'groupChat', [JO]],
        [`@${JO.name}`, 'groupChat', [JO]],
        ['jo.bloggs@nhs.scot', 'personal', []],
      ];
      let jo: string | undefined;
      for (const [n, [person, where, mentions]] of ways.entries()) {
        // Done, not refused (a refusal gives the way to type the command).
        expect(await c.say(typed(person, n), where, LEAD_OFFICER, mentions)).not.toContain('Type it like this:');
        // One Jo, found or added the first time, with what the roster says of them learnt.
        const stored = await c.service.store.people.findByTeamsUserId(TENANT_ID, JO.id);
        expect(stored).toMatchObject({ aadObjectId: JO.aadObjectId, email: 'Jo.Bloggs@nhs.scot' });
        jo ??= stored!.id;
        expect([...new Set(await named())]).toEqual([jo]);
      }
      expect(await c.say(typed('me', ways.length))).not.toContain('Type it like this:');
      const me = await c.service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId);
      expect(new Set(await named())).toEqual(new Set([jo, me!.id]));
    },
  );

  it('says the same of an unknown address in add, committee, meet and request, and what to do', async () => {
    // add and committee cannot go on without them; meet and request go on and say who was left out.
    expect((await c.say(COMMANDS.add.typed(NOBODY, 0)))[0]).toBe(NOT_KNOWN);
    expect((await c.say(COMMANDS.committee.typed(NOBODY, 0)))[0]).toBe(NOT_KNOWN);
    expect(await c.say(COMMANDS.meet.typed(NOBODY, 0))).toContain(`Not invited: ${NOT_KNOWN}`);
    expect(await c.say(COMMANDS.request.typed(NOBODY, 0))).toEqual(
      expect.arrayContaining(['Senior manager: not named yet (the lead officer is reminded instead).', NOT_KNOWN]),
    );
    for (const { named } of Object.values(COMMANDS)) expect(await named()).toEqual([]);
    const known = await c.service.store.people.findByIdentities(TENANT_ID, { aadObjectIds: [], emails: [NOBODY] });
    expect(known).toEqual([]);
  });

  it('says the same of someone without a personal chat with the bot in meet as on the people card', async () => {
    // Jo has written to the bot in a group chat, never one to one.
    await c.say('help', 'groupChat', JO);
    await c.say('add LR-2026-001 reviewer jo.bloggs@nhs.scot');
    expect(await c.say('people LR-2026-001')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Cannot be reached yet/)]),
    );
    expect(await c.say('meet LR-2026-001 other 27/11/2026 10:00 with jo.bloggs@nhs.scot, me')).toContain(
      'Invited: Jo Bloggs (jo.bloggs@nhs.scot) (no personal chat with the bot yet: it will open one); you',
    );
  });

  it('takes a plain @Name only when exactly one person mentioned has that name', async () => {
    const other = { id: '29:jo-bloggs-2', name: 'Jo Bloggs', aadObjectId: '7a1b2c3d-0000-4000-8000-00000000d009' };
    const text = await c.say(`add LR-2026-001 reviewer @Jo Bloggs`, 'personal', LEAD_OFFICER, [JO, other]);
    expect(text[0]).toBe('I could not tell who Jo Bloggs is: @mention them again.');
    expect(await rolesIn()).toEqual([]);
    expect(await c.service.store.people.findByTeamsUserId(TENANT_ID, JO.id)).toBeNull();
  });

  it('adds nobody who was erased again by name, by @mention or by e-mail, in any command', async () => {
    const jo = await personFor(JO);
    await c.service.store.erasure.forget(TENANT_ID, 'system', jo.id, 'asked');
    const ERASED =
      'I know them only as Former member 1: they were erased. If they write to the bot, it asks them whether to ' +
      'use their name again.';
    expect((await c.say(`add LR-2026-001 reviewer ${at(JO)}`, 'personal', LEAD_OFFICER, [JO]))[0]).toBe(ERASED);
    expect((await c.say(COMMANDS.committee.typed('jo.bloggs@nhs.scot', 0)))[0]).toBe(ERASED);
    expect(await c.say(COMMANDS.meet.typed('jo.bloggs@nhs.scot', 0))).toContain(`Not invited: ${ERASED}`);
    expect(await c.say(COMMANDS.request.typed(at(JO), 0), 'personal', LEAD_OFFICER, [JO])).toContain(ERASED);
    for (const { named } of Object.values(COMMANDS)) expect(await named()).toEqual([]);
    expect(await c.service.store.people.findByTeamsUserId(TENANT_ID, JO.id)).toBeNull();
    expect(await c.service.store.people.get(TENANT_ID, jo.id)).toMatchObject({ displayName: 'Former member 1' });
  });
});
