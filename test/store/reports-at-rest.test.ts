/**
 * Single-agency reports are encrypted at rest, on both engines: the SQLite file (with its journal)
 * and PostgreSQL's rows hold none of a report's words, its file's bytes or its file's name; a
 * report opens with its key, and with nothing else; a key can be replaced while the old one is
 * still configured; a wrong or missing key says so instead of returning garbage. A late report is
 * recorded as late, a second one as a new version, and each read is audited.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { Client } from 'pg';
import { newReportKey, reportKeyring, type Store } from '../../src/store';
import { forEachEngine, SERVER_TIMEOUT_MS, type TestDatabase, TEST_REPORT_KEYS, testClock } from './engines';

jest.setTimeout(SERVER_TIMEOUT_MS);

const TENANT = 'tenant-at-rest';
const WORDS = 'Our involvement with the family began when the health visitor noticed bruising';
const FILE_WORDS = 'Chronology kept by the duty social worker';
const FILE_NAME = 'report-about-the-Smith-household.txt';

/** Everything the database holds, as text: the SQLite file and its journal, or every PostgreSQL row. */
async function everythingStored(database: TestDatabase): Promise<string> {
  if (database.engine === 'sqlite') {
    const path = database.options.sqlitePath!;
    const files = (await readdir(dirname(path))).filter((f) => f.startsWith(basename(path)));
    const bytes = await Promise.all(files.map((f) => readFile(join(dirname(path), f))));
    return Buffer.concat(bytes).toString('latin1');
  }
  const client = new Client({ connectionString: database.options.databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    const dumps: string[] = [];
    for (const { table_name: table } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${table}" t`);
      dumps.push(...rows.rows.map((r) => r.row));
    }
    // bytea reads back as hex: decode it, so a file stored in the clear would show.
    return dumps
      .map((d) => d.replace(/\\\\x([0-9a-f]+)/g, (_m, hex: string) => Buffer.from(hex, 'hex').toString('latin1')))
      .join('\n');
  } finally {
    await client.end();
  }
}

async function requestWithAuthor(store: Store, dueOn = '2026-03-20') {
  const lead = await store.people.upsert(TENANT, 'system', { displayName: 'Lead Officer', teamsUserId: '29:lead' });
  const author = await store.people.upsert(TENANT, 'system', { displayName: 'Author', teamsUserId: '29:author' });
  const review = await store.reviews.create(TENANT, lead.id, {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-03-01T09:00:00Z'),
  });
  const agency = await store.agencies.add(TENANT, lead.id, 'Police Scotland');
  const request = await store.reportRequests.request(TENANT, lead.id, review.id, {
    agencyId: agency.id,
    authorPersonId: author.id,
    dueOn,
  });
  return { lead, author, review, agency, request };
}

forEachEngine((harness) => {
  test('the database holds no report text, file or file name; the report opens with its key', async () => {
    const database = await harness.fresh();
    const store = await database.open(testClock().now);
    const { author, request } = await requestWithAuthor(store);
    const submission = await store.reportRequests.submit(TENANT, author.id, request.id, {
      submittedByPersonId: author.id,
      text: WORDS,
      attachment: { name: FILE_NAME, contentType: 'text/plain', content: Buffer.from(FILE_WORDS) },
    });
    await store.close();

    const stored = await everythingStored(database);
    expect(stored).toContain('Child A'); // the check can see what is stored in the clear
    for (const secret of [WORDS, 'health visitor', FILE_WORDS, 'Smith']) expect(stored).not.toContain(secret);

    const again = await database.open(testClock().now);
    expect(await again.reportRequests.listSubmissions(TENANT, request.id)).toMatchObject([
      { text: WORDS, attachment: { name: FILE_NAME, size: FILE_WORDS.length }, version: 1, late: false },
    ]);
    expect((await again.reportRequests.readAttachment(TENANT, submission.id)).content.toString()).toBe(FILE_WORDS);
  });

  test('without a key nothing is stored and the sender is told; a report under a key no longer configured says so', async () => {
    const database = await harness.fresh();
    const keyless = await database.open(testClock().now, { reportKeys: undefined });
    const { author, request } = await requestWithAuthor(keyless);
    await expect(
      keyless.reportRequests.submit(TENANT, author.id, request.id, { submittedByPersonId: author.id, text: WORDS }),
    ).rejects.toMatchObject({ code: 'report_key', message: expect.stringMatching(/no reports key \(REPORTS_KEY\)/) });
    expect((await keyless.reportRequests.get(TENANT, request.id)).status).toBe('requested');

    const store = await database.open(testClock().now);
    await store.reportRequests.submit(TENANT, author.id, request.id, { submittedByPersonId: author.id, text: WORDS });
    const stranger = await database.open(testClock().now, { reportKeys: reportKeyring(newReportKey()) });
    await expect(stranger.reportRequests.listSubmissions(TENANT, request.id)).rejects.toMatchObject({
      code: 'report_key',
      message: expect.stringMatching(/no longer configured.*REPORTS_OLD_KEYS/),
    });
    await expect(keyless.reportRequests.listSubmissions(TENANT, request.id)).rejects.toMatchObject({
      code: 'report_key',
    });
  });

  test('a late report is taken and recorded as late; a second is a new version; each read is audited', async () => {
    const database = await harness.fresh();
    const clock = testClock('2026-03-02T09:00:00Z');
    const store = await database.open(clock.now);
    const { lead, author, request } = await requestWithAuthor(store, '2026-03-10');
    await store.reportRequests.submit(TENANT, author.id, request.id, { submittedByPersonId: author.id, text: 'one' });
    clock.set('2026-03-12T10:00:00Z');
    const second = await store.reportRequests.submit(TENANT, lead.id, request.id, {
      submittedByPersonId: lead.id,
      text: 'two',
    });
    expect(second).toMatchObject({ version: 2, late: true, text: 'two' });

    const read = await store.reportRequests.readSubmissions(TENANT, lead.id, request.id);
    expect(read.submissions.map((s) => [s.version, s.text, s.late])).toEqual([
      [1, 'one', false],
      [2, 'two', true],
    ]);
    const [entry] = await store.audit.list(TENANT, { limit: 1 });
    expect(entry).toMatchObject({ action: 'report.read', actor: lead.id, entityId: request.id });
    expect(JSON.stringify(entry)).not.toContain('two');
  });

  test('rotation seals every report under the new key while the old one is configured', async () => {
    const database = await harness.fresh();
    const store = await database.open(testClock().now);
    const { author, request } = await requestWithAuthor(store);
    const submission = await store.reportRequests.submit(TENANT, author.id, request.id, {
      submittedByPersonId: author.id,
      text: WORDS,
      attachment: { name: FILE_NAME, contentType: 'text/plain', content: Buffer.from(FILE_WORDS) },
    });

    const newKey = newReportKey();
    const rotating = await database.open(testClock().now, {
      reportKeys: reportKeyring(newKey, [TEST_REPORT_KEYS.current.key]),
    });
    expect(await rotating.reportRequests.resealWithCurrentKey()).toEqual({ resealed: 1 });
    expect(await rotating.reportRequests.resealWithCurrentKey()).toEqual({ resealed: 0 });

    const newOnly = await database.open(testClock().now, { reportKeys: reportKeyring(newKey) });
    expect((await newOnly.reportRequests.listSubmissions(TENANT, request.id))[0].text).toBe(WORDS);
    expect((await newOnly.reportRequests.readAttachment(TENANT, submission.id)).content.toString()).toBe(FILE_WORDS);
    await expect(store.reportRequests.listSubmissions(TENANT, request.id)).rejects.toMatchObject({
      code: 'report_key',
    });
    const [entry] = await newOnly.audit.list(TENANT, { limit: 1 });
    expect(entry).toMatchObject({
      action: 'report.resealed',
      before: { keyId: TEST_REPORT_KEYS.current.id },
      after: { keyId: reportKeyring(newKey).current.id },
    });
    await store.close();
    expect(await everythingStored(database)).not.toContain(FILE_WORDS);
  });
});
