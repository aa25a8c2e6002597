/**
 * `npm run rotate-reports-key` as an operator runs it: a process of its own on the bot's store, with
 * only the environment it is given. It seals every report again under the new key while the old one
 * is configured beside it; afterwards the new key alone opens them. Without the old key it stops
 * and says why, and nothing becomes unreadable.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { newReportKey, openStore, reportKeyring } from '../../src/store';

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '..', '..');
const TENANT = 'tenant-rotation';
const OLD = newReportKey();
const NEW = newReportKey();

let folder: string;
let sqlitePath: string;

function rotate(env: Record<string, string>, args: string[] = []) {
  const tsx = pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href;
  const child = spawn(
    process.execPath,
    ['--import', tsx, path.join(ROOT, 'scripts', 'rotate-reports-key.ts'), ...args],
    {
      cwd: folder,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', SQLITE_PATH: sqlitePath, LOG_LEVEL: 'silent', ...env },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (status) => resolve({ status, stdout, stderr })),
  );
}

/** Two reports sealed under the old key. */
async function reportsUnderOldKey(): Promise<string> {
  const store = await openStore({ sqlitePath, reportKeys: reportKeyring(OLD) });
  const author = await store.people.upsert(TENANT, 'system', { teamsUserId: '29:author', displayName: 'Author' });
  const review = await store.reviews.create(TENANT, 'system', {
    kind: 'ASP',
    subjectPseudonym: 'Adult B',
    notifiedAt: new Date('2026-11-02T09:00:00Z'),
  });
  const agency = await store.agencies.add(TENANT, 'system', 'Police Scotland');
  const request = await store.reportRequests.request(TENANT, 'system', review.id, {
    agencyId: agency.id,
    dueOn: '2026-12-04',
  });
  for (const text of ['first account', 'second account'])
    await store.reportRequests.submit(TENANT, author.id, request.id, { submittedByPersonId: author.id, text });
  await store.close();
  return request.id;
}

const textsWith = async (keys: Buffer[], requestId: string) => {
  const store = await openStore({ sqlitePath, reportKeys: reportKeyring(keys[0], keys.slice(1)) });
  try {
    return (await store.reportRequests.listSubmissions(TENANT, requestId)).map((s) => s.text);
  } finally {
    await store.close();
  }
};

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-rotate-'));
  sqlitePath = path.join(folder, 'bot.sqlite');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

test('seals every report under the new key while the old one is configured; then the new key alone opens them', async () => {
  const requestId = await reportsUnderOldKey();
  const run = await rotate({ REPORTS_KEY: NEW.toString('base64'), REPORTS_OLD_KEYS: OLD.toString('base64') });
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('Sealed 2 reports again. Every report is now under the key REPORTS_KEY names');
  expect(await textsWith([NEW], requestId)).toEqual(['first account', 'second account']);
  await expect(textsWith([OLD], requestId)).rejects.toMatchObject({ code: 'report_key' });

  const again = await rotate({ REPORTS_KEY: NEW.toString('base64') });
  expect(again.stdout).toContain('Sealed 0 reports again.');
});

test('without the old key it stops and says why; without a new key it asks for one', async () => {
  const requestId = await reportsUnderOldKey();
  const run = await rotate({ REPORTS_KEY: NEW.toString('base64') });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("is no longer configured, so it can't be read");
  expect(run.stderr).toContain('REPORTS_OLD_KEYS');
  expect(await textsWith([OLD], requestId)).toEqual(['first account', 'second account']);

  const keyless = await rotate({});
  expect(keyless.status).toBe(1);
  expect(keyless.stderr).toContain('REPORTS_KEY must be set to the new key');

  const fresh = await rotate({}, ['--new-key']);
  expect(Buffer.from(fresh.stdout.trim(), 'base64')).toHaveLength(32);
});
