/**
 * The attendance list: `meeting LR-2026-001 practitioner` for the organiser and those who chair the
 * review's meetings (names one to one, counts only in a group chat or channel), refused to others;
 * and the sender's list two working days before, with who answered what, to the lead officer.
 */
import { type Conversation, type Speaker, startConversation } from '../support/conversation-harness';
import { cardText, LEAD_OFFICER, PRACTITIONER, TENANT_ID, type Where } from '../support/teams-activity';
import { type InvitationSetting, inviteTo, reviewWithPractitioner, sendDue } from './invitation-fixtures';

jest.setTimeout(60_000);

let c: Conversation;
let setting: InvitationSetting;

beforeEach(async () => {
  c = await startConversation({ now: '2026-11-24T10:00:00Z' });
  setting = await reviewWithPractitioner(c.service, c.connector);
  const colleague = await c.service.store.people.upsert(TENANT_ID, setting.lead.id, {
    displayName: 'Riley Nurse',
    aadObjectId: '7c7c7c7c-0000-4000-8000-00000000e001',
  });
  const meeting = await inviteTo(c.service, setting, 'practitioner_event', '2026-12-08T10:00:00Z', {
    invitees: [setting.practitioner.id, colleague.id, setting.supporter.id],
  });
  await c.service.store.meetings.respond(
    TENANT_ID,
    setting.practitioner.id,
    meeting.id,
    setting.practitioner.id,
    'attending',
    'Arriving at 10:30',
  );
  await c.service.store.meetings.respond(TENANT_ID, colleague.id, meeting.id, colleague.id, 'not_attending');
});

afterEach(() => c.close());

/** Types a line; returns the one card the bot answered with. */
async function say(text: string, where: Where, from: Speaker = LEAD_OFFICER) {
  await c.say(text, where, from);
  return c.lastCard();
}

it('shows the lead officer who answered what, one to one, with the notes', async () => {
  const text = cardText(await say('meeting LR-2026-001 practitioner', 'personal'));
  expect(text).toEqual([
    'Who is coming to the Practitioner Event, Tuesday 8 December 2026 at 10:00: LR-2026-001 (Child A)',
    '1 attending, 1 not attending, 0 tentative and 1 not yet answered, of 3 invited.',
    'Sam Practitioner: Attending (Arriving at 10:30)',
    'Riley Nurse: Not attending',
    'Morgan Support: not yet answered',
  ]);
});

it('finds the one meeting to come when none is named', async () => {
  const text = cardText(await say('meeting LR-2026-001', 'personal'));
  expect(text[0]).toContain('Who is coming to the Practitioner Event');
});

it.each<Where>(['groupChat', 'channel'])(
  'shows only the counts in a %s, and offers the names one to one',
  async (where) => {
    const card = await say('meeting LR-2026-001 practitioner', where);
    const json = JSON.stringify(card);
    expect(cardText(card)).toContain('1 attending, 1 not attending, 0 tentative and 1 not yet answered, of 3 invited.');
    for (const secret of ['Sam Practitioner', 'Riley Nurse', 'Arriving at 10:30']) expect(json).not.toContain(secret);
    expect(json).toContain('"verb":"send-details"');
    expect(json).toContain('"command":"meeting LR-2026-001 practitioner"');
  },
);

it('refuses a practitioner, naming who may see it', async () => {
  const text = cardText(await say('meeting LR-2026-001 practitioner', 'personal', PRACTITIONER)).join(' ');
  expect(text).toContain('This needs a Lead Officer or the Committee Chair');
  expect(text).not.toContain('Riley Nurse');
});

it('says which meetings there are when the kind named has none', async () => {
  const text = cardText(await say('meeting LR-2026-001 consideration', 'personal')).join(' ');
  expect(text).toContain('LR-2026-001 has no meeting of that kind. It has: practitioner.');
});

it('sends the lead officer the list two working days before, with who answered what', async () => {
  c.clock.set('2026-12-04T09:00:00Z'); // Friday: two working days before Tuesday 8 December
  await sendDue(c.service, setting.reviewId, 'meeting.attendance-list', c.clock.now());
  const text = c.sentTo(LEAD_OFFICER).find((lines) => lines.join(' ').includes('invited are coming')) ?? [];
  expect(text).toEqual(
    expect.arrayContaining([
      'Sam Practitioner: Attending (Arriving at 10:30)',
      'Riley Nurse: Not attending',
      'Morgan Support: not yet answered',
    ]),
  );
  expect(text.join(' ')).toContain('1 of 3 invited are coming');
});

it('shows the committee Chair, who chairs the Consideration Meeting (001 §4), who answered what', async () => {
  const CHAIR = { id: '29:committee-chair', name: 'Casey Chair', aadObjectId: '7c7c7c7c-0000-4000-8000-00000000e0c1' };
  const refused = cardText(await say('meeting LR-2026-001 practitioner', 'personal', CHAIR)).join(' ');
  expect(refused).not.toContain('Riley Nurse');
  const chair = await c.service.store.people.findByAadObjectId(TENANT_ID, CHAIR.aadObjectId);
  await c.service.store.committeeRoles.assign(TENANT_ID, setting.lead.id, {
    personId: chair!.id,
    role: 'committee_chair',
  });
  const text = cardText(await say('meeting LR-2026-001 practitioner', 'personal', CHAIR));
  expect(text).toContain('Riley Nurse: Not attending');
});
