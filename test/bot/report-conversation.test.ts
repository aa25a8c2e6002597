/**
 * Single-agency reports in Teams, through the real restify server and the Bot Connector stand-in:
 * the request card, its form, a typed report, naming the author, reading, and every refusal, for
 * each role. What a person sees is read from the cards; what was kept, from the store (where the
 * report is sealed) and the audit. The clock is fixed unless a test moves it: Tuesday 24 November
 * 2026, 10:00 (UTC, which is London's time in November).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Conversation, startConversation } from '../support/conversation-harness';
import { cardText, inScope, LEAD_OFFICER, PRACTITIONER, TENANT_ID, type Where } from '../support/teams-activity';

const SENIOR_MANAGER = {
  id: '29:senior-manager-1',
  name: 'Sue Manager',
  aadObjectId: '6e3f2a1b-0000-4000-8000-00000000d001',
};
const AUTHOR = { id: '29:author-1', name: 'Alex Author', aadObjectId: '7f4a3b2c-0000-4000-8000-00000000e001' };
const REVIEWER = { id: '29:reviewer-1', name: 'Rae Reviewer', aadObjectId: '8a5b4c3d-0000-4000-8000-00000000f001' };
const AUTHOR_EMAIL = 'alex.author@police.example';
const WORDS = 'Our involvement began with a referral from the school in March.';

let c: Conversation;
let ids: { review: string; request: string; seniorManager: string; author: string; practitioner: string };

beforeEach(async () => {
  c = await startConversation({ now: '2026-11-24T10:00:00Z' });
  const { store } = c.service;
  const person = (who: Who, email: string | null = null) => c.person(who, { email });
  const lead = await person(LEAD_OFFICER);
  const manager = await person(SENIOR_MANAGER);
  const author = await person(AUTHOR, AUTHOR_EMAIL);
  const practitioner = await person(PRACTITIONER, 'sam.practitioner@police.example');
  const reviewer = await person(REVIEWER);
  const review = await store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-11-02T09:30:00Z'),
    leadOfficerPersonId: lead.id,
  });
  const agency = await store.agencies.add(TENANT_ID, 'system', 'Police Scotland');
  await store.people.assignRole(TENANT_ID, 'system', {
    reviewId: review.id,
    personId: practitioner.id,
    role: 'practitioner',
    agencyId: agency.id,
  });
  await store.people.assignRole(TENANT_ID, 'system', { reviewId: review.id, personId: reviewer.id, role: 'reviewer' });
  const request = await store.reportRequests.request(TENANT_ID, 'system', review.id, {
    agencyId: agency.id,
    seniorManagerPersonId: manager.id,
    dueOn: '2026-12-04',
  });
  ids = {
    review: review.id,
    request: request.id,
    seniorManager: manager.id,
    author: author.id,
    practitioner: practitioner.id,
  };
});

afterEach(() => c.close());

type Who = { id: string; name: string; aadObjectId: string };

/** Types a line; returns the text of the one card the bot answered with. */
const say = (text: string, from: Who = SENIOR_MANAGER, where: Where = 'personal') => c.say(text, where, from);

/** Clicks an Action.Execute button; returns the text of the card that replaces the clicked one. */
async function click(verb: string, data: unknown, from: Who = SENIOR_MANAGER, where: Where = 'personal') {
  const card = await c.click(verb, data, where, from);
  return { text: cardText(card), card };
}

const submissions = () => c.service.store.reportRequests.listSubmissions(TENANT_ID, ids.request);
const joined = (lines: string[]) => lines.join('\n');

/** Sends what the outbox holds; returns the text of each card sent, by the conversation it went to. */
async function drainOutbox(): Promise<string[]> {
  const before = c.connector.received.length;
  await c.service.sender.drain();
  return c.connector.received.slice(before).map((r) => joined(cardText(r.activity.attachments![0].content)));
}

describe('the request card', () => {
  test('the Senior Manager gets it by typing report and the reference: the review, the due date in words, what to cover, the form', async () => {
    const text = joined(await say('report LR-2026-001'));
    expect(text).toContain('Single-agency report for LR-2026-001 (Child A)');
    expect(text).toContain('asks Police Scotland for its single-agency report by Friday 4 December 2026');
    expect(text).toContain(
      "A brief account of your agency's involvement with Child A before the event that led to the notification",
    );
    expect(text).toContain('Initial reflection on practice and decision-making');
    expect(text).toContain('you may name a service manager or team leader to write it');
    expect(text).not.toMatch(/overdue/i);
    const card = c.connector.received.at(-1)!.activity.attachments![0].content as {
      body: Array<{ id?: string; isMultiline?: boolean }>;
    };
    expect(card.body.find((e) => e.id === 'reportText')).toMatchObject({ isMultiline: true });
  });

  test('past its date it says "not yet received", never "overdue"', async () => {
    c.clock.set('2026-12-08T10:00:00Z');
    const text = joined(await say('report LR-2026-001'));
    expect(text).toContain('It has not yet been received. A report sent after its date is still welcome.');
    expect(text).not.toMatch(/overdue/i);
  });

  test('someone with no report to send is told so, the same way as for a reference that does not exist', async () => {
    expect(await say('report LR-2026-001', PRACTITIONER)).toContain(
      "You have no single-agency report to send for LR-2026-001. If you expected one, ask the review's Lead Officer.",
    );
    expect(await say('report LR-2026-099', PRACTITIONER)).toContain(
      "You have no single-agency report to send for LR-2026-099. If you expected one, ask the review's Lead Officer.",
    );
  });
});

describe('sending the report', () => {
  test('by the form: a receipt with the time and no words of the report; the Lead Officer is told one to one', async () => {
    const { text } = await click('report.submit', { requestId: ids.request, reportText: WORDS });
    const receipt = joined(text);
    expect(receipt).toContain(
      'The Police Scotland report for LR-2026-001 (Child A) was received on Tuesday 24 November 2026 at 10:00',
    );
    expect(receipt).not.toContain('referral');
    expect(await submissions()).toMatchObject([
      { text: WORDS, submittedByPersonId: ids.seniorManager, version: 1, late: false },
    ]);
    expect((await c.service.store.reportRequests.get(TENANT_ID, ids.request)).status).toBe('submitted');

    const sent = await drainOutbox();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(
      'The single-agency report from Police Scotland has been received. Type read LR-2026-001 Police Scotland',
    );
    expect(sent[0]).not.toContain('referral');
    const lead = await c.service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId);
    const conversation = c.connector.received.at(-1)!.conversationId;
    expect(
      (await c.service.store.conversationReferences.listForPerson(TENANT_ID, lead!.id)).map((r) => r.conversation.id),
    ).toContain(conversation);
    expect(c.service.logLines.map((l) => JSON.stringify(l)).join('\n')).not.toContain('referral');
  });

  test('an empty form answers with the form again and stores nothing', async () => {
    const { text } = await click('report.submit', { requestId: ids.request, reportText: '  ' });
    expect(text).toContain('Write the report in the box, or send it as a file.');
    expect(await submissions()).toEqual([]);
  });

  test('by message: line breaks kept, the sender reminded it stays in their chat history; a second is a new version', async () => {
    await c.service.store.reportRequests.nameAuthor(TENANT_ID, 'system', ids.request, ids.author);
    const first = joined(await say(`report LR-2026-001 ${WORDS}\nThen a second paragraph.`, AUTHOR));
    expect(first).toContain("Your message also stays in this chat's history");
    expect(first).not.toContain('referral');
    c.clock.set('2026-12-07T09:00:00Z');
    const second = joined(await say('report lr-2026-001 A corrected account.', AUTHOR));
    expect(second).toContain('received on Monday 7 December 2026 at 09:00, as version 2; the earlier one is kept');
    expect(second).toContain('It arrived after its due date and is recorded as received then.');
    expect((await submissions()).map((s) => [s.version, s.text, s.late])).toEqual([
      [1, `${WORDS}\nThen a second paragraph.`, false],
      [2, 'A corrected account.', true],
    ]);
    const notices = await drainOutbox();
    expect(notices).toHaveLength(2);
    expect(notices[1]).toContain('has been received (version 2; the earlier one is kept), after its due date');
  });

  test("the Lead Officer may send it on the agency's behalf, and the receipt says so", async () => {
    const receipt = joined(await say(`report LR-2026-001 ${WORDS}`, LEAD_OFFICER));
    expect(receipt).toContain("It is recorded as sent by you on the agency's behalf.");
    const lead = await c.service.store.people.findByAadObjectId(TENANT_ID, LEAD_OFFICER.aadObjectId);
    expect(await submissions()).toMatchObject([{ submittedByPersonId: lead!.id }]);
  });

  test('in a group chat or a channel nothing is stored or echoed', async () => {
    for (const where of ['groupChat', 'channel'] as const) {
      const text = joined(await say(`report LR-2026-001 ${WORDS}`, SENIOR_MANAGER, where));
      expect(text).toContain('Reports are sent and read only in your personal chat with me');
      expect(text).not.toContain('referral');
    }
    expect(await submissions()).toEqual([]);
  });

  test("a forged payload is refused: a practitioner, someone else's request, another tenant's request, nonsense", async () => {
    const other = await c.service.store.reviews.create('another-tenant', 'system', {
      kind: 'CP',
      subjectPseudonym: 'Child B',
      notifiedAt: new Date('2026-11-02T09:30:00Z'),
    });
    const agency = await c.service.store.agencies.add('another-tenant', 'system', 'NHS Lothian');
    const foreign = await c.service.store.reportRequests.request('another-tenant', 'system', other.id, {
      agencyId: agency.id,
      dueOn: '2026-12-04',
    });
    const stale = "That card is out of date, or the report isn't yours to send, so I did nothing.";
    const attempts: Array<[Who, unknown]> = [
      [PRACTITIONER, { requestId: ids.request, reportText: WORDS }],
      [REVIEWER, { requestId: ids.request, reportText: WORDS }],
      [SENIOR_MANAGER, { requestId: foreign.id, reportText: WORDS }],
      [SENIOR_MANAGER, { requestId: 'not-a-request', reportText: WORDS }],
    ];
    for (const [who, data] of attempts) expect(joined((await click('report.submit', data, who)).text)).toContain(stale);
    expect(joined((await click('report.submit', { reportText: WORDS })).text)).toContain('out of date');
    expect(await submissions()).toEqual([]);
    expect(await c.service.store.reportRequests.listSubmissions('another-tenant', foreign.id)).toEqual([]);
    expect(c.service.logLines.filter((l) => l.msg === 'card action refused')).toHaveLength(5);
  });

  test('a duplicate delivery of the same message stores one report', async () => {
    const activity = c.activity({ ...inScope('personal', `report LR-2026-001 ${WORDS}`, SENIOR_MANAGER) });
    expect((await c.post(activity)).status).toBe(200);
    expect((await c.post(activity)).status).toBe(200);
    expect(await submissions()).toHaveLength(1);
  });
});

describe('naming the author', () => {
  test('the Senior Manager names them by e-mail; the author gets the card too and can send the report', async () => {
    const { text } = await click('report.name-author', {
      requestId: ids.request,
      authorEmail: AUTHOR_EMAIL.toUpperCase(),
    });
    expect(joined(text)).toContain('Alex Author is named as the author and has been sent this card.');
    expect((await c.service.store.reportRequests.get(TENANT_ID, ids.request)).authorPersonId).toBe(ids.author);
    const sent = await drainOutbox();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('asks Police Scotland for its single-agency report by Friday 4 December 2026');
    expect(sent[0]).not.toContain('you may name a service manager');

    const receipt = joined((await click('report.submit', { requestId: ids.request, reportText: WORDS }, AUTHOR)).text);
    expect(receipt).toContain('was received on Tuesday 24 November 2026 at 10:00');
  });

  test('a practitioner cannot be named, an unknown address is explained, and only the Senior Manager may name', async () => {
    expect(
      joined(
        (await click('report.name-author', { requestId: ids.request, authorEmail: 'sam.practitioner@police.example' }))
          .text,
      ),
    ).toMatch(/practitioner is never asked for an agency's report/);
    expect(
      joined(
        (await click('report.name-author', { requestId: ids.request, authorEmail: 'nobody@police.example' })).text,
      ),
    ).toContain('No one with that address has talked to the bot in this committee yet.');
    expect(
      joined((await click('report.name-author', { requestId: ids.request, authorEmail: AUTHOR_EMAIL }, AUTHOR)).text),
    ).toContain('out of date');
    expect((await c.service.store.reportRequests.get(TENANT_ID, ids.request)).authorPersonId).toBeNull();
  });
});

describe('reading a report', () => {
  beforeEach(async () => {
    await c.service.store.reportRequests.submit(TENANT_ID, ids.seniorManager, ids.request, {
      submittedByPersonId: ids.seniorManager,
      text: WORDS,
    });
  });

  test('the Lead Officer and the Reviewer read it one to one, and each read is audited', async () => {
    for (const who of [LEAD_OFFICER, REVIEWER]) {
      const text = joined(await say('read LR-2026-001 police scotland', who));
      expect(text).toContain('Police Scotland report for LR-2026-001 (Child A)');
      expect(text).toContain('Version 1, received Tuesday 24 November 2026 at 10:00');
      expect(text).toContain(WORDS);
    }
    const reads = (await c.service.store.audit.list(TENANT_ID, { reviewId: ids.review })).filter(
      (e) => e.action === 'report.read',
    );
    expect(reads).toHaveLength(2);
  });

  test('the Senior Manager, a practitioner and the author may not; nobody reads one in a shared chat', async () => {
    for (const who of [SENIOR_MANAGER, PRACTITIONER, AUTHOR]) {
      const text = joined(await say('read LR-2026-001 Police Scotland', who));
      expect(text).toContain(
        'Only a lead officer, or the Review Team Chair, Reviewer or committee Chair of LR-2026-001, can read its reports.',
      );
      expect(text).not.toContain('referral');
    }
    const shared = joined(await say('read LR-2026-001 Police Scotland', LEAD_OFFICER, 'groupChat'));
    expect(shared).not.toContain('referral');
    expect(
      (await c.service.store.audit.list(TENANT_ID, { reviewId: ids.review })).filter((e) => e.action === 'report.read'),
    ).toEqual([]);
  });
});

describe('a file attached in the personal chat', () => {
  const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml ' + WORDS)]);
  let files: Server;
  let filesUrl = '';
  const served: Record<string, Buffer> = {};
  const fetched: string[] = [];

  beforeEach(async () => {
    files = createServer((req, res) => {
      fetched.push(req.url ?? '');
      const body = served[req.url ?? ''];
      // (restify, loaded by the bot, changes what writeHead returns: no chaining.)
      if (!body) {
        res.writeHead(404);
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.end(body);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    fetched.length = 0;
  });
  afterEach(() => new Promise<void>((resolve) => files.close(() => resolve())));

  /** A message with a file, shaped as Teams delivers it to a bot that supports files. */
  async function attach(text: string, name: string, fileType: string, path: string, from: Who = SENIOR_MANAGER) {
    const lines = await c.say(text, 'personal', from, {
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          contentUrl: `https://contoso-my.sharepoint.com/personal/sue/Documents/${name}`,
          name,
          content: { downloadUrl: `${filesUrl}${path}`, uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C8C', fileType },
        },
      ],
    });
    return joined(lines);
  }

  test('a Word document sent with report and the reference is stored sealed, and the receipt says the original stays in OneDrive', async () => {
    served['/report.docx'] = DOCX;
    const receipt = await attach('report LR-2026-001', 'Police report.docx', 'docx', '/report.docx');
    expect(receipt).toContain('was received on Tuesday 24 November 2026 at 10:00');
    expect(receipt).toContain('The file is stored encrypted; the original stays in your OneDrive.');
    expect(receipt).not.toContain('referral');
    const [stored] = await submissions();
    expect(stored).toMatchObject({
      text: null,
      attachment: {
        name: 'Police report.docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        size: DOCX.length,
      },
    });
    expect((await c.service.store.reportRequests.readAttachment(TENANT_ID, stored.id)).content.equals(DOCX)).toBe(true);
    expect(await say('read LR-2026-001 Police Scotland', LEAD_OFFICER)).toContain('File: Police report.docx (1 KB)');
  });

  test('without report and the reference, of another kind, not what its name says, or over 10 MB: refused, nothing stored', async () => {
    served['/report.docx'] = DOCX;
    served['/fake.pdf'] = Buffer.from(WORDS);
    served['/big.txt'] = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
    expect(await attach('', 'Police report.docx', 'docx', '/report.docx')).toContain(
      "attach it again with the message report and the review's reference",
    );
    expect(await attach('report LR-2026-001', 'setup.exe', 'exe', '/report.docx')).toContain(
      'A report can be a Word document, a PDF or a text file, up to 10 MB.',
    );
    expect(fetched).toEqual([]);
    expect(await attach('report LR-2026-001', 'report.pdf', 'pdf', '/fake.pdf')).toContain(
      'That file is not a Word document, a PDF or a text file as its name says.',
    );
    expect(await attach('report LR-2026-001', 'big.txt', 'txt', '/big.txt')).toContain(
      'The file is larger than 10 MB.',
    );
    expect(await attach('report LR-2026-001', 'gone.docx', 'docx', '/gone.docx')).toContain(
      "I couldn't fetch the file from Teams.",
    );
    expect(await attach('report LR-2026-001', 'Police report.docx', 'docx', '/report.docx', PRACTITIONER)).toContain(
      'You have no single-agency report to send for LR-2026-001.',
    );
    expect(await submissions()).toEqual([]);
  });
});
