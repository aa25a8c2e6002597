/**
 * Something urgent: a live safeguarding concern raised by typing `concern LR-2026-001 ...` or with
 * the invitation's button. The person is told at once to use Child Protection procedures; the lead
 * officer and the committee's Chair are alerted one to one at once (the sender woken, not polled);
 * what was written is neither logged nor kept. The clock is fixed: Tuesday 24 November 2026, 10:00.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Conversation, type Speaker, startConversation } from '../support/conversation-harness';
import {
  cardText,
  COMMITTEE_CHAIR,
  LEAD_OFFICER,
  PRACTITIONER,
  TENANT_ID,
  type Where,
} from '../support/teams-activity';
import { type InvitationSetting, meet, reviewWithPractitioner } from './invitation-fixtures';

jest.setTimeout(60_000);

const NOW = new Date('2026-11-24T10:00:00Z');
const STRANGER = { id: '29:stranger-1', name: 'Pat Other', aadObjectId: '8f8f8f8f-0000-4000-8000-00000000c003' };
const WORDS = 'the father is back living in the house';

let c: Conversation;
let setting: InvitationSetting;

beforeEach(async () => {
  // The sender polls once an hour here: only being woken can bring the alerts within the test.
  c = await startConversation({ now: NOW, env: { SENDER_POLL_SECONDS: '3600' }, scheduler: true });
  setting = await reviewWithPractitioner(c.service, c.connector);
  const chair = await meet(c.service, c.connector, COMMITTEE_CHAIR);
  await c.service.store.committeeRoles.assign(TENANT_ID, setting.lead.id, {
    personId: chair.id,
    role: 'committee_chair',
  });
});

afterEach(() => c.close());

/** Types a line; the text of the bot's first answer. */
async function say(text: string, from: Speaker = PRACTITIONER, where: Where = 'personal') {
  const [answer] = await c.send(text, where, from);
  return cardText(answer.activity.attachments![0].content);
}

const alertsTo = (who: { id: string }) =>
  c
    .sentTo(who)
    .map((lines) => lines.join(' '))
    .filter((text) => text.startsWith('Urgent:'));

async function waitForAlerts(count: number) {
  for (let i = 0; i < 100 && alertsTo(LEAD_OFFICER).length + alertsTo(COMMITTEE_CHAIR).length < count; i += 1)
    await new Promise((resolve) => setTimeout(resolve, 100));
}

it('tells a practitioner to use Child Protection procedures now and alerts the lead officer and the Chair at once', async () => {
  const reply = await say(`concern LR-2026-001 ${WORDS}`);
  expect(reply[0]).toBe('A live safeguarding concern must go through Child Protection procedures now.');
  expect(reply.join(' ')).toContain(
    "I have told the review's lead officer and the committee's Chair that you raised a concern about LR-2026-001",
  );
  await waitForAlerts(2);
  for (const who of [LEAD_OFFICER, COMMITTEE_CHAIR]) {
    expect(alertsTo(who)).toEqual([
      expect.stringContaining(
        'Urgent: Sam Practitioner has raised a live safeguarding concern about the case of LR-2026-001 (Child A), Tuesday 24 November 2026 at 10:00.',
      ),
    ]);
  }
  // The words are nowhere: not in a reply, an alert, a log line or the database file.
  const everything = JSON.stringify(c.connector.received) + JSON.stringify(c.service.logLines);
  expect(everything).not.toContain('father');
  const database = readFileSync(path.join(c.service.dataDir, 'bot.sqlite')).toString('latin1');
  const wal = (() => {
    try {
      return readFileSync(path.join(c.service.dataDir, 'bot.sqlite-wal')).toString('latin1');
    } catch {
      return '';
    }
  })();
  expect(database + wal).not.toContain('father');
  expect(database + wal).toContain('concern.raised');
});

it('raises the same alert from the invitation card’s button', async () => {
  const answer = await c.click('concern.raise', { reference: 'LR-2026-001' }, 'personal', PRACTITIONER);
  expect(cardText(answer)[0]).toBe('A live safeguarding concern must go through Child Protection procedures now.');
  await waitForAlerts(2);
  expect(alertsTo(LEAD_OFFICER)).toHaveLength(1);
  expect(alertsTo(COMMITTEE_CHAIR)).toHaveLength(1);
});

it('still tells someone with no part in the review what to do, but alerts nobody and says so', async () => {
  await meet(c.service, c.connector, STRANGER);
  const reply = await say(`concern LR-2026-001 ${WORDS}`, STRANGER);
  expect(reply[0]).toBe(
    'A live safeguarding concern must go through Child Protection or Adult Support and Protection procedures now.',
  );
  expect(reply.join(' ')).toContain('I could not pass this on for LR-2026-001: you are not part of that review.');
  // The same answer for a review that does not exist: references cannot be probed.
  const unknown = await say(`concern LR-2026-999 ${WORDS}`, STRANGER);
  expect(unknown.join(' ')).toContain('I could not pass this on for LR-2026-999: you are not part of that review.');
  expect((await c.service.store.outbox.listForReview(TENANT_ID, setting.reviewId)).map((r) => r.rule)).not.toContain(
    'concern.raised',
  );
});

it('answers concern without a reference with the procedures, and how to alert the lead officer', async () => {
  const reply = await say('concern');
  expect(reply.join(' ')).toContain("type concern followed by the review's reference, such as concern LR-2026-001.");
});
