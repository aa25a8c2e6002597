/**
 * Invitations, as the invitee sees and answers them, through the real restify server: the card the
 * sender brings into their personal chat, and its Attending / Not attending / Tentative buttons,
 * allowed for the invitee and refused for anyone else, another committee's meeting, a cancelled
 * meeting or a forged payload. The clock is fixed: Tuesday 24 November 2026, 10:00 (UTC = London).
 */
import { randomUUID } from 'node:crypto';
import { type Conversation, type Speaker, startConversation } from '../support/conversation-harness';
import { cardText, LEAD_OFFICER, PRACTITIONER, TENANT_ID, type Where } from '../support/teams-activity';
import {
  type InvitationSetting,
  inviteTo,
  MEETING_TITLE,
  reviewWithPractitioner,
  sendDue,
} from './invitation-fixtures';

jest.setTimeout(60_000);

const NOW = new Date('2026-11-24T10:00:00Z');

let c: Conversation;

beforeEach(async () => {
  c = await startConversation({ now: NOW, env: { PUBLIC_URL: 'http://127.0.0.1:1' } });
});

afterEach(() => c.close());

/** The last card the bot sent into a conversation, as JSON. */
function lastCardTo(conversationId: string): Record<string, unknown> {
  const sent = c.connector.received.filter((r) => r.conversationId === conversationId);
  expect(sent.length).toBeGreaterThan(0);
  return sent[sent.length - 1].activity.attachments![0].content;
}

/** The practitioner, unless someone else is named, clicks a button; the card that replaces it. */
const click = (verb: string, data: unknown, from: Speaker = PRACTITIONER, where: Where = 'personal') =>
  c.click(verb, data, where, from);

const answerOf = async (meetingId: string, personId: string) =>
  (await c.service.store.meetings.get(TENANT_ID, meetingId)).invitations.find((i) => i.personId === personId);

/** Every Action.Execute on a card, with its title and data. */
function executeActions(card: unknown): Array<{ title: string; verb: string; data: Record<string, unknown> }> {
  const found: Array<{ title: string; verb: string; data: Record<string, unknown> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    if (element.type === 'Action.Execute')
      found.push({
        title: String(element.title),
        verb: String(element.verb),
        data: element.data as Record<string, unknown>,
      });
    Object.values(element).forEach(walk);
  };
  walk(card);
  return found;
}

let setting: InvitationSetting;

describe('the invitation card', () => {
  it('tells a practitioner what the event is, when, where, who organises it, what to expect and who supports them', async () => {
    setting = await reviewWithPractitioner(c.service, c.connector);
    await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z', {
      endsAt: '2026-12-08T15:00:00Z',
      venue: 'Room 2, Council Offices',
    });
    const summary = await sendDue(c.service, setting.reviewId, 'meeting.invitation', NOW);
    expect(summary.sent).toBe(1);

    const conversation = `a:personal-${PRACTITIONER.id}`;
    const card = lastCardTo(conversation);
    const text = cardText(card).join('\n');
    expect(text).toContain('You are invited to the Practitioner Event for Learning Review LR-2026-001 (Child A).');
    expect(text).toContain(`What: ${MEETING_TITLE}`);
    expect(text).toContain('When: Tuesday 8 December 2026 at 10:00 to 15:00');
    expect(text).toContain('Where: Room 2, Council Offices');
    expect(text).toContain('Organised by: Ana Lead');
    expect(text).toContain('about learning, not blame');
    expect(text).toContain("No individual's practice will be singled out");
    expect(text).toContain('There is no need to bring files or records.');
    expect(text).toContain("Morgan Support, your agency's Review Team member, will be in touch");
    expect(text).toContain('Support: Wellbeing team, 0131 496 0000');
    expect(text).toContain('Employee Assistance: Help line 0800 000 0000, any time');
    // The self-care text is one tap away, not on the card's face.
    const json = JSON.stringify(card);
    expect(json).toContain('"type":"Action.ShowCard","title":"Looking after yourself"');
    expect(cardText((card.body as unknown[]) ?? []).join(' ')).not.toContain('box breathing');
    // The calendar link is signed and works.
    const calendar = /"url":"(http:\/\/127\.0\.0\.1:1\/calendar\/[^"]+)"/.exec(json);
    expect(calendar).not.toBeNull();
    const file = await fetch(calendar![1].replace('http://127.0.0.1:1', c.service.url));
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('BEGIN:VEVENT');
    // Three answers, each naming this invitation.
    const buttons = executeActions(card).filter((a) => a.verb === 'invitation.answer');
    expect(buttons.map((b) => b.title)).toEqual(['Attending', 'Not attending', 'Tentative']);
    expect(buttons[0].data).toEqual(
      expect.objectContaining({ personId: setting.practitioner.id, response: 'attending' }),
    );
  });

  it('names the lead officer to ask where no supporter or agency support is recorded, never a blank', async () => {
    setting = await reviewWithPractitioner(c.service, c.connector, { supporter: false, agencySupport: false });
    await inviteTo(c.service, setting, 'strategic_managers_event', '2026-12-08T10:00:00Z', {
      onlineLink: 'https://teams.microsoft.com/l/meetup-join/abc',
    });
    await sendDue(c.service, setting.reviewId, 'meeting.invitation', NOW);
    const card = lastCardTo(`a:personal-${PRACTITIONER.id}`);
    const text = cardText(card).join('\n');
    expect(text).toContain(
      "Your agency's Review Team member will support you before and after. Ana Lead, the lead officer, can tell you who that is.",
    );
    expect(text).toContain(
      'For the support your agency offers (such as its Employee Assistance Programme), ask Ana Lead, the lead officer.',
    );
    expect(text).not.toMatch(/: *$/m);
    expect(JSON.stringify(card)).toContain(
      '"title":"Join online","url":"https://teams.microsoft.com/l/meetup-join/abc"',
    );
  });

  it('says nothing about preparing for a Consideration Meeting', async () => {
    setting = await reviewWithPractitioner(c.service, c.connector);
    await inviteTo(c.service, setting, 'consideration_meeting', '2026-11-30T10:00:00Z');
    await sendDue(c.service, setting.reviewId, 'meeting.invitation', NOW);
    const text = cardText(lastCardTo(`a:personal-${PRACTITIONER.id}`)).join('\n');
    expect(text).toContain('You are invited to the Consideration Meeting for Learning Review LR-2026-001 (Child A).');
    expect(text).toContain('When: Monday 30 November 2026 at 10:00');
    expect(text).not.toContain('How to prepare');
  });
});

describe('answering with the buttons', () => {
  beforeEach(async () => {
    setting = await reviewWithPractitioner(c.service, c.connector);
  });

  it('replaces the card with the invitee’s own answer and when they gave it, keeps the note out of the log, and can be changed', async () => {
    const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const data = { meetingId: meeting.id, personId: setting.practitioner.id };
    const card = await click('invitation.answer', {
      ...data,
      response: 'attending',
      note: 'Arriving at 10:30 after a visit',
    });
    expect(cardText(card)).toContain(
      'Your answer: Attending, given Tuesday 24 November 2026 at 10:00. You can change it below.',
    );
    expect(await answerOf(meeting.id, setting.practitioner.id)).toMatchObject({
      response: 'attending',
      note: 'Arriving at 10:30 after a visit',
      respondedAt: NOW,
    });
    // The note stays on the card for its owner to change.
    expect(JSON.stringify(card)).toContain('"value":"Arriving at 10:30 after a visit"');

    const changed = await click('invitation.answer', { ...data, response: 'not_attending', note: '' });
    expect(cardText(changed)).toContain(
      'Your answer: Not attending, given Tuesday 24 November 2026 at 10:00. You can change it below.',
    );
    expect(await answerOf(meeting.id, setting.practitioner.id)).toMatchObject({
      response: 'not_attending',
      note: null,
    });

    const logged = JSON.stringify(c.service.logLines);
    expect(logged).not.toContain('Arriving at 10:30');
    const audit = JSON.stringify(await c.service.store.audit.list(TENANT_ID, { reviewId: setting.reviewId }));
    expect(audit).not.toContain('Arriving at 10:30');
  });

  it('refuses someone answering another person’s invitation, and logs it', async () => {
    const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const card = await click(
      'invitation.answer',
      { meetingId: meeting.id, personId: setting.practitioner.id, response: 'not_attending' },
      LEAD_OFFICER,
    );
    expect(cardText(card)).toContain('That invitation is not one I can find for you, so nothing was changed.');
    expect(await answerOf(meeting.id, setting.practitioner.id)).toMatchObject({ response: null });
    // Naming themselves does not help: they are not invited.
    const own = await click(
      'invitation.answer',
      { meetingId: meeting.id, personId: setting.lead.id, response: 'attending' },
      LEAD_OFFICER,
    );
    expect(cardText(own)).toContain('That invitation is not one I can find for you, so nothing was changed.');
    expect(c.service.logLines.filter((l) => l.msg === 'invitation answer refused').map((l) => l.refusal)).toEqual([
      'not_invitee',
      'not_invitee',
    ]);
  });

  it('refuses another committee’s meeting as though it did not exist', async () => {
    const otherTenant = '0000aaaa-0000-4000-8000-00000000f001';
    const stranger = await c.service.store.people.upsert(otherTenant, 'system', {
      displayName: 'Other Lead',
      aadObjectId: '0000bbbb-0000-4000-8000-00000000f002',
    });
    const otherReview = await c.service.store.reviews.create(otherTenant, stranger.id, {
      kind: 'ASP',
      subjectPseudonym: 'Adult B',
      notifiedAt: new Date('2026-11-02T09:00:00Z'),
    });
    const theirs = await c.service.store.meetings.schedule(otherTenant, stranger.id, otherReview.id, {
      kind: 'consideration_meeting',
      title: 'Theirs',
      startsAt: new Date('2026-12-01T10:00:00Z'),
    });
    await c.service.store.meetings.invite(otherTenant, stranger.id, theirs.id, [stranger.id]);
    const card = await click('invitation.answer', {
      meetingId: theirs.id,
      personId: setting.practitioner.id,
      response: 'attending',
    });
    expect(cardText(card)).toContain('That invitation is not one I can find for you, so nothing was changed.');
    expect((await c.service.store.meetings.get(otherTenant, theirs.id)).invitations[0].response).toBeNull();
  });

  it('refuses an answer to a cancelled meeting, saying so', async () => {
    const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    await c.service.store.meetings.setStatus(TENANT_ID, setting.lead.id, meeting.id, 'cancelled');
    const card = await click('invitation.answer', {
      meetingId: meeting.id,
      personId: setting.practitioner.id,
      response: 'attending',
    });
    expect(cardText(card)).toContain('That meeting has been cancelled, so there is nothing to answer.');
    expect(await answerOf(meeting.id, setting.practitioner.id)).toMatchObject({ response: null });
    expect(
      c.service.logLines.some((l) => l.msg === 'invitation answer refused' && l.refusal === 'meeting_cancelled'),
    ).toBe(true);
  });

  it('treats a forged answer as a stale card and changes nothing', async () => {
    const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const card = await click('invitation.answer', {
      meetingId: meeting.id,
      personId: setting.practitioner.id,
      response: 'yes please',
    });
    expect(cardText(card)).toContain(
      'That card is out of date or was changed, so I did nothing. Type help to start again.',
    );
    expect(await answerOf(meeting.id, setting.practitioner.id)).toMatchObject({ response: null });
    expect(c.service.logLines.some((l) => l.msg === 'card action refused' && l.refusal === 'bad_payload')).toBe(true);
  });

  it('records a click Teams delivers twice once', async () => {
    const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const data = { meetingId: meeting.id, personId: setting.practitioner.id, response: 'tentative' };
    const id = randomUUID();
    await c.invoke('invitation.answer', data, 'personal', PRACTITIONER, { id });
    const repeat = await c.invoke('invitation.answer', data, 'personal', PRACTITIONER, { id });
    expect(repeat).toMatchObject({ statusCode: 200, value: 'That was already done.' });
    const answers = (await c.service.store.audit.list(TENANT_ID, { reviewId: setting.reviewId })).filter(
      (e) => e.action === 'invitation.answered',
    );
    expect(answers).toHaveLength(1);
  });

  it('shows a clicked invitation in a group chat only as an offer, never its details', async () => {
    const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const card = await click(
      'invitation.answer',
      { meetingId: meeting.id, personId: setting.practitioner.id, response: 'attending' },
      PRACTITIONER,
      'groupChat',
    );
    expect(JSON.stringify(card)).not.toContain(MEETING_TITLE);
    expect(cardText(card)).toContain('This is shown only one to one, because others can read this conversation.');
  });
});
