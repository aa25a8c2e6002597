/**
 * Answering an invitation by typing, through the real restify server: one invitation, several, a
 * reply the bot cannot be sure of, a group chat (never), a command (never taken for an answer), and
 * a message Teams delivers twice. The clock is fixed: Tuesday 24 November 2026, 10:00 (UTC = London).
 */
import { randomUUID } from 'node:crypto';
import { type Conversation, startConversation } from '../support/conversation-harness';
import { cardText, PRACTITIONER, TENANT_ID, type Where } from '../support/teams-activity';
import { type InvitationSetting, inviteTo, reviewWithPractitioner } from './invitation-fixtures';

jest.setTimeout(60_000);

const NOW = new Date('2026-11-24T10:00:00Z');

let c: Conversation;
let setting: InvitationSetting;

beforeEach(async () => {
  c = await startConversation({ now: NOW });
  setting = await reviewWithPractitioner(c.service, c.connector);
});

afterEach(() => c.close());

/** The practitioner types a line; returns the one card the bot answered with. */
async function say(text: string, where: Where = 'personal', id = randomUUID()) {
  await c.say(text, where, PRACTITIONER, { id });
  return c.lastCard();
}

const responses = async (...meetingIds: string[]) =>
  Promise.all(
    meetingIds.map(
      async (id) =>
        (await c.service.store.meetings.get(TENANT_ID, id)).invitations.find(
          (i) => i.personId === setting.practitioner.id,
        )?.response,
    ),
  );

function buttons(card: unknown) {
  const found: Array<{ title: string; data: Record<string, unknown> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    if (element.type === 'Action.Execute')
      found.push({ title: String(element.title), data: element.data as Record<string, unknown> });
    Object.values(element).forEach(walk);
  };
  walk(card);
  return found;
}

describe('with one invitation to answer', () => {
  it.each([
    ["yes I'll be there", 'attending', 'Attending'],
    ['confirm', 'attending', 'Attending'],
    ["can't make it, on leave", 'not_attending', 'Not attending'],
    ['not sure yet', 'tentative', 'Tentative'],
  ])('"%s" is recorded as %s and confirmed in one line, without echoing the reply', async (text, response, words) => {
    const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const card = await say(text);
    expect(cardText(card)).toEqual([
      `Noted: ${words} for the Practitioner Event on Tuesday 8 December 2026 at 10:00 (LR-2026-001). To change it, reply again or use the buttons on the invitation.`,
    ]);
    expect(JSON.stringify(card).toLowerCase()).not.toContain(text.toLowerCase());
    expect(await responses(meeting.id)).toEqual([response]);
    expect(JSON.stringify(c.service.logLines)).not.toContain(text);
  });

  it('never takes a "yes" typed in a group chat as an answer', async () => {
    const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const card = await say('yes', 'groupChat');
    expect(JSON.stringify(card)).not.toContain('Noted');
    expect(await responses(meeting.id)).toEqual([null]);
  });

  it('does not count a question, says what it understood and offers the buttons', async () => {
    const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const card = await say('yes, but who is chairing?');
    expect(cardText(card)[0]).toBe(
      'I could not be sure that was an answer to your invitation, so I have not recorded anything. It reads partly like Attending. To answer, use a button:',
    );
    expect(buttons(card).map((b) => b.title)).toEqual(['Attending', 'Not attending', 'Tentative']);
    expect(JSON.stringify(card)).not.toContain('chairing');
    expect(await responses(meeting.id)).toEqual([null]);
  });

  it('leaves commands to the router: a command is never an answer', async () => {
    const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const help = await say('help');
    expect(JSON.stringify(help)).not.toContain('Noted');
    const status = await say('status LR-2026-001 yes');
    expect(JSON.stringify(status)).not.toContain('Noted');
    expect(await responses(meeting.id)).toEqual([null]);
  });

  it('records a reply Teams delivers twice once, and answers once', async () => {
    const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const id = randomUUID();
    await say('yes', 'personal', id);
    const before = c.connector.received.length;
    await c.send('yes', 'personal', PRACTITIONER, { id });
    expect(c.connector.received.length).toBe(before);
    const answered = (await c.service.store.audit.list(TENANT_ID, { reviewId: setting.reviewId })).filter(
      (e) => e.action === 'invitation.answered',
    );
    expect(answered).toHaveLength(1);
    expect(await responses(meeting.id)).toEqual(['attending']);
  });

  it('says so when there is nothing to answer', async () => {
    const card = await say('yes');
    expect(cardText(card)).toEqual([
      'I read that as Attending, but you have no invitation waiting for an answer just now.',
    ]);
  });
});

describe('with several invitations', () => {
  it('asks which, with a button for each, and records only the one chosen', async () => {
    const event = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const briefing = await inviteTo(c.service, setting, 'briefing', '2026-12-01T14:00:00Z');
    const card = await say('yes see you then');
    expect(cardText(card)).toEqual([
      'I read that as Attending. You have 2 invitations waiting: which one is it for?',
      'Briefing for attendees, Tuesday 1 December 2026 at 14:00 (LR-2026-001, Child A)',
      'Practitioner Event, Tuesday 8 December 2026 at 10:00 (LR-2026-001, Child A)',
    ]);
    expect(await responses(event.id, briefing.id)).toEqual([null, null]);

    const [, second] = buttons(card);
    expect(second.data).toEqual({ meetingId: event.id, personId: setting.practitioner.id, response: 'attending' });
    await c.click('invitation.answer', second.data, 'personal', PRACTITIONER);
    expect(await responses(event.id, briefing.id)).toEqual(['attending', null]);
  });

  it('applies a reply that names the day to that meeting only', async () => {
    const event = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    const briefing = await inviteTo(c.service, setting, 'briefing', '2026-12-01T14:00:00Z');
    const card = await say('no sorry, not on Tuesday 8 December');
    expect(cardText(card)[0]).toContain('I could not be sure');
    const named = await say("can't make the 8th, sorry");
    expect(cardText(named)[0]).toBe(
      'Noted: Not attending for the Practitioner Event on Tuesday 8 December 2026 at 10:00 (LR-2026-001). To change it, reply again or use the buttons on the invitation.',
    );
    expect(await responses(event.id, briefing.id)).toEqual(['not_attending', null]);
    await say('yes to the briefing');
    expect(await responses(event.id, briefing.id)).toEqual(['not_attending', 'attending']);
  });

  it('shows every invitation when the day named matches none', async () => {
    await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z');
    await inviteTo(c.service, setting, 'briefing', '2026-12-01T14:00:00Z');
    const card = await say('yes to Friday');
    expect(cardText(card)[0]).toBe(
      'I read that as Attending, but none of your invitations matches the meeting you named. These are the ones you have:',
    );
    expect(buttons(card)).toHaveLength(6);
  });
});
