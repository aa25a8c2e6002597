/**
 * `committee`: a lead officer sets the committee up from Teams, by command and by its card; others
 * are refused; each change is kept in the store, audited, and shown on the committee card.
 */
import { at, type Conversation, startConversation } from '../support/conversation-harness';
import { cardText, LEAD_OFFICER, PRACTITIONER, TENANT_ID, type Where } from '../support/teams-activity';

const NOW = new Date('2026-11-24T10:00:00Z');
const JO = { id: '29:jo-bloggs', name: 'Jo Bloggs', aadObjectId: '7a1b2c3d-0000-4000-8000-00000000d001' };
const SAM = { id: '29:sam-manager', name: 'Sam Manager', aadObjectId: '7a1b2c3d-0000-4000-8000-00000000d003' };

let c: Conversation;

beforeEach(async () => {
  c = await startConversation({ now: NOW });
  await c.say('help');
});

afterEach(() => c.close());

const holders = async () => (await c.service.store.committeeRoles.list(TENANT_ID)).map((m) => m.role).sort();

it('shows the committee with its roles, agencies, pseudonyms, days off and quarter dates', async () => {
  const text = await c.say('committee');
  expect(text).toEqual(
    expect.arrayContaining([
      'The committee',
      'Committee Chair: nobody yet',
      'Lead Officer: Ana Lead',
      'None yet: they are added when first named, or with committee agency Police Scotland.',
      'Pseudonyms start with: Child, Adult, Young Person, Family',
      'No days off of its own beyond public holidays.',
    ]),
  );
  expect(JSON.stringify(c.lastCard())).toContain('"verb":"committee-edit"');
});

it('sets the Chair, replacing the last one, by e-mail from the roster', async () => {
  c.connector.addMember({ ...JO, email: 'jo.bloggs@nhs.scot' });
  c.connector.addMember({ ...SAM, email: 'sam@police.scot' });
  expect((await c.say('committee chair jo.bloggs@nhs.scot'))[0]).toBe(
    'Jo Bloggs is now the Committee Chair of the committee.',
  );
  const text = await c.say('committee chair sam@police.scot');
  expect(text).toContain('Committee Chair: Sam Manager');
  expect(await holders()).toEqual(['committee_chair']);
  const actions = (await c.service.store.audit.list(TENANT_ID, {})).map((e) => e.action);
  expect(actions.filter((a) => a.startsWith('committee_role')).sort()).toEqual([
    'committee_role.assigned',
    'committee_role.assigned',
    'committee_role.removed',
  ]);
});

it('adds Sub-group members and lead officers by @mention, and takes a role away', async () => {
  await c.say(`committee subgroup ${at(JO)}`, 'personal', LEAD_OFFICER, [JO]);
  await c.say(`committee lead-officer ${at(JO)}`, 'personal', LEAD_OFFICER, [JO]);
  expect(await holders()).toEqual(['lead_officer', 'subgroup_member']);
  // The new lead officer can open a review now.
  expect(await c.say('new cp 20/10/2026 Child A', 'personal', JO)).toContain('Review opened');
  const removed = await c.say(`committee remove subgroup ${at(JO)}`, 'personal', LEAD_OFFICER, [JO]);
  expect(removed[0]).toBe('Jo Bloggs is no longer a Learning Review Sub-group member of the committee.');
  expect(await holders()).toEqual(['lead_officer']);
});

it('will not take away a lead officer named in LEAD_OFFICERS', async () => {
  expect((await c.say('committee remove lead-officer me'))[0]).toBe(
    "Ana Lead is a Lead Officer by the bot's own settings: ask whoever runs the bot to change them.",
  );
});

it("keeps an agency's Senior Manager and support details, adding the agency when first named", async () => {
  c.connector.addMember({ ...SAM, email: 'sam@police.scot' });
  const first = await c.say('committee agency Police Scotland senior-manager sam@police.scot');
  expect(first.slice(0, 2)).toEqual([
    'Sam Manager is now the Senior Manager of Police Scotland.',
    'Police Scotland was new to the committee, so I added it.',
  ]);
  const text = await c.say('committee agency police scotland eap Call the EAP on 0800 000 000');
  expect(text).toEqual(
    expect.arrayContaining([
      'Police Scotland',
      'Senior Manager: Sam Manager',
      'Employee Assistance Programme: Call the EAP on 0800 000 000',
    ]),
  );
  const [agency] = await c.service.store.agencies.list(TENANT_ID);
  expect(agency).toMatchObject({ name: 'Police Scotland', employeeAssistance: 'Call the EAP on 0800 000 000' });
});

it('adds no agency when its Senior Manager cannot be found', async () => {
  expect((await c.say('committee agency Police Scotland senior-manager nobody@police.scot'))[0]).toBe(
    'I do not know nobody@police.scot yet, and they are not in this conversation. @mention them in a chat or channel they are in, or ask them to say hello to the bot first.',
  );
  expect(await c.service.store.agencies.list(TENANT_ID)).toEqual([]);
});

it('adds and removes a day off, read the British way and said back in words', async () => {
  const text = await c.say('committee day-off 23/12/2026 Council closure');
  expect(text[0]).toBe(
    'Wednesday 23 December 2026 is now a day off: Council closure. Deadlines and reminders skip it.',
  );
  expect(text).toContain('Wednesday 23 December 2026: Council closure');
  expect((await c.service.store.committees.get(TENANT_ID))?.daysOff).toEqual([
    { date: '2026-12-23', name: 'Council closure' },
  ]);
  expect((await c.say('committee day-off remove 23/12/2026'))[0]).toBe(
    'Wednesday 23 December 2026 is a working day again.',
  );
  expect((await c.service.store.committees.get(TENANT_ID))?.daysOff).toEqual([]);
});

it('sets pseudonym words and quarter dates, and refuses bad ones with what was wrong', async () => {
  expect(await c.say('committee pseudonyms Child, Young Person')).toContain(
    'Pseudonyms start with: Child, Young Person',
  );
  expect(await c.say('committee quarters 20/01/2027, 20/04/2027, 20/07/2027, 20/10/2027')).toContain(
    'Sub-group digest: 20 January, 20 April, 20 July, 20 October',
  );
  expect(await c.say('committee pseudonyms child a')).toEqual([
    'A pseudonym word is one to three capitalised words of letters, such as Child or Young Person.',
    'Type it like this:',
    'committee chair jo.bloggs@nhs.scot',
  ]);
  expect((await c.say('committee quarters 31/02/2027'))[0]).toBe(
    '"31/02/2027" is not a date: February 2027 has 28 days.',
  );
  expect((await c.say('committee treasurer me'))[0]).toBe(
    '"treasurer" is not something the committee has. Type committee on its own to see what can be set.',
  );
  expect((await c.service.store.committees.get(TENANT_ID))?.pseudonymWords).toEqual(['Child', 'Young Person']);
});

it('changes the committee from its card', async () => {
  const card = await c.click('committee-edit', { what: 'day-off', value: '23/12/2026 Council closure' });
  expect(cardText(card)[0]).toBe(
    'Wednesday 23 December 2026 is now a day off: Council closure. Deadlines and reminders skip it.',
  );
  const forged = await c.click('committee-edit', { what: 'chair', value: 'me' }, 'personal', PRACTITIONER);
  expect(cardText(forged)[0]).toBe('This needs a Lead Officer.');
  const tampered = await c.click('committee-edit', { what: 'drop-tables', value: 'me' });
  expect(cardText(tampered)[0]).toContain('That card is out of date or was changed');
  expect(await holders()).toEqual([]);
});

describe.each<Where>(['personal', 'groupChat', 'channel'])('in a %s', (where) => {
  it('is for lead officers, and shows the committee one to one only', async () => {
    expect((await c.say('committee chair me', where, PRACTITIONER))[0]).toBe('This needs a Lead Officer.');
    expect((await c.say('committee', where, PRACTITIONER))[0]).toBe('This needs a Lead Officer.');
    const text = await c.say('committee', where);
    if (where === 'personal') expect(text[0]).toBe('The committee');
    else expect(text.join(' ')).not.toContain('Ana Lead');
    expect(await holders()).toEqual([]);
  });
});
