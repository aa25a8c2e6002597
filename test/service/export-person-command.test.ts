/**
 * `npm run export-person` as the Data Protection Officer runs it: the whole record the bot keeps
 * about a person, as JSON, found by e-mail address (any case) in every committee; someone erased
 * by their id; never a report's content.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store';
import { TEST_REPORT_KEYS } from '../store/engines';
import { runScript } from './run-script';

jest.setTimeout(120_000);

const TENANT = 'tenant-export-cli';
let folder: string;
let sqlitePath: string;

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-export-'));
  sqlitePath = path.join(folder, 'bot.sqlite');
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

const exportPerson = (...args: string[]) => runScript('export-person.ts', args, folder, { SQLITE_PATH: sqlitePath });

async function committee() {
  const store = await openStore({ sqlitePath, reportKeys: TEST_REPORT_KEYS });
  try {
    const lead = await store.people.upsert(TENANT, 'system', { teamsUserId: '29:lead', displayName: 'Sam Lead' });
    const jo = await store.people.upsert(TENANT, 'system', {
      teamsUserId: '29:jo',
      aadObjectId: 'aad-jo',
      displayName: 'Jo Bloggs',
      email: 'jo.bloggs@nhs.scot',
    });
    const review = await store.reviews.create(TENANT, lead.id, {
      kind: 'CP',
      subjectPseudonym: 'Child A',
      notifiedAt: new Date('2026-02-03T10:00:00Z'),
    });
    const agency = await store.agencies.add(TENANT, lead.id, 'NHS Lothian');
    await store.people.assignRole(TENANT, lead.id, {
      reviewId: review.id,
      personId: jo.id,
      role: 'review_team_member',
      agencyId: agency.id,
    });
    const request = await store.reportRequests.request(TENANT, lead.id, review.id, {
      agencyId: agency.id,
      authorPersonId: jo.id,
      dueOn: '2026-03-01',
    });
    await store.reportRequests.submit(TENANT, jo.id, request.id, {
      submittedByPersonId: jo.id,
      text: 'The Quill household was known to us.',
    });
    return { jo, lead, review };
  } finally {
    await store.close();
  }
}

test('exports the whole record of the person an e-mail address names, without report content', async () => {
  const { jo, review } = await committee();
  const run = await exportPerson('JO.Bloggs@nhs.scot');
  expect(run).toMatchObject({ status: 0, stderr: '' });
  const exported = JSON.parse(run.stdout) as { about: string; records: Array<Record<string, unknown>> };
  expect(exported.about).toBe('JO.Bloggs@nhs.scot');
  expect(exported.records).toHaveLength(1);
  expect(exported.records[0]).toMatchObject({
    tenantId: TENANT,
    person: { id: jo.id, displayName: 'Jo Bloggs', email: 'jo.bloggs@nhs.scot', aadObjectId: 'aad-jo' },
    erased: null,
    roles: [
      { reviewId: review.id, reference: review.reference, role: 'review_team_member', agencyName: 'NHS Lothian' },
      { reviewId: review.id, reference: review.reference, role: 'report_author', agencyName: 'NHS Lothian' },
    ],
    reportRequests: [{ as: 'author', agencyName: 'NHS Lothian', status: 'submitted' }],
    submissions: [{ agencyName: 'NHS Lothian', withText: true, attachment: null }],
  });
  expect(run.stdout).not.toContain('Quill');
});

test('finds someone erased by their id, and says how when an address finds no one', async () => {
  const { jo, lead } = await committee();
  const store = await openStore({ sqlitePath, reportKeys: TEST_REPORT_KEYS });
  await store.erasure.forget(TENANT, lead.id, jo.id, 'asked');
  await store.close();

  const byAddress = await exportPerson('jo.bloggs@nhs.scot');
  expect(byAddress.status).toBe(1);
  expect(byAddress.stderr).toContain('Someone erased is found by --person <id> --tenant <tenant id>');
  const byId = await exportPerson('--person', jo.id, '--tenant', TENANT);
  expect(byId.status).toBe(0);
  const record = (JSON.parse(byId.stdout) as { records: Array<Record<string, unknown>> }).records[0];
  expect(record).toMatchObject({
    person: { displayName: 'Former member 1', email: null },
    erased: { ordinal: 1, reason: 'asked' },
  });
  expect(byId.stdout).not.toMatch(/Jo Bloggs|jo\.bloggs/i);
  expect((await exportPerson()).status).toBe(2);
});
