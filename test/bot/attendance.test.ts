/**
 * The attendance list: `meeting LR-2026-001 practitioner` for the organiser and those who chair the
 * review's meetings (names one to one, counts only in a group chat or channel), refused to others;
 * and the sender's list two working days before, with who answered what, to the lead officer.
 */
import { randomUUID } from 'node:crypto';
import { ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import {
  cardText,
  inScope,
  LEAD_OFFICER,
  post,
  PRACTITIONER,
  teamsActivity,
  TENANT_ID,
  type Where,
} from '../support/teams-activity';
import { startTestService, TestService } from '../support/test-service';
import { type InvitationSetting, inviteTo, reviewWithPractitioner, sendDue } from './invitation-fixtures';

jest.setTimeout(60_000);

let clock = new Date('2026-11-24T10:00:00Z');
let connector: ConnectorStandIn;
let service: TestService;
let setting: InvitationSetting;

beforeEach(async () => {
  clock = new Date('2026-11-24T10:00:00Z');
  connector = await startConnectorStandIn();
  service = await startTestService(
    { LEAD_OFFICERS: LEAD_OFFICER.aadObjectId },
    { now: () => new Date(clock), scheduler: false },
  );
  setting = await reviewWithPractitioner(service, connector);
  const colleague = await service.store.people.upsert(TENANT_ID, setting.lead.id, {
    displayName: 'Riley Nurse',
    aadObjectId: '7c7c7c7c-0000-4000-8000-00000000e001',
  });
  const meeting = await inviteTo(service, setting, 'practitioner_event', '2026-12-08T10:00:00Z', {
    invitees: [setting.practitioner.id, colleague.id, setting.supporter.id],
  });
  await service.store.meetings.respond(
    TENANT_ID,
    setting.practitioner.id,
    meeting.id,
    setting.practitioner.id,
    'attending',
    'Arriving at 10:30',
  );
  await service.store.meetings.respond(TENANT_ID, colleague.id, meeting.id, colleague.id, 'not_attending');
});

afterEach(async () => {
  await service.close();
  await connector.close();
});

async function say(text: string, where: Where, from = LEAD_OFFICER) {
  const response = await post(
    `${service.url}/api/messages`,
    teamsActivity({ serviceUrl: connector.url, ...inScope(where, text, from), id: randomUUID() }),
  );
  expect(response.status).toBe(200);
  return connector.received[connector.received.length - 1].activity.attachments![0].content;
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
  clock = new Date('2026-12-04T09:00:00Z'); // Friday: two working days before Tuesday 8 December
  await sendDue(service, setting.reviewId, 'meeting.attendance-list', clock);
  const toLead = connector.received
    .filter((r) => r.conversationId === `a:personal-${LEAD_OFFICER.id}`)
    .map((r) => cardText(r.activity.attachments![0].content));
  const text = toLead.find((lines) => lines.join(' ').includes('invited are coming')) ?? [];
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
  const chair = await service.store.people.findByAadObjectId(TENANT_ID, CHAIR.aadObjectId);
  await service.store.committeeRoles.assign(TENANT_ID, setting.lead.id, {
    personId: chair!.id,
    role: 'committee_chair',
  });
  const text = cardText(await say('meeting LR-2026-001 practitioner', 'personal', CHAIR));
  expect(text).toContain('Riley Nurse: Not attending');
});
