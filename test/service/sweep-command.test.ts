/**
 * `npm run sweep` as an operator runs it: a process of its own on the bot's store, with only the
 * environment it is given. The dry run says what would go to whom and why, and changes nothing; the
 * real run queues and sends through the real messenger (to the stand-in Bot Connector) and exits.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore, type Store } from '../../src/store';
import { type ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { cardText } from '../support/teams-activity';
import { givePersonalChat } from '../scheduler/sender-fixtures';

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '..', '..');
const TENANT = 'tenant-sweep';
const DAY_MS = 86_400_000;

let folder: string;
let sqlitePath: string;
let connector: ConnectorStandIn;

/** Runs scripts/sweep.ts with only this environment, in an empty folder (no developer's .env). */
function sweep(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const tsx = pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href;
  const child = spawn(process.execPath, ['--import', tsx, path.join(ROOT, 'scripts', 'sweep.ts'), ...args], {
    cwd: folder,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', SQLITE_PATH: sqlitePath, LOG_LEVEL: 'silent' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve) => child.once('exit', (status) => resolve({ status, stdout, stderr })));
}

async function committee(store: Store, notifiedAt: Date) {
  await store.committees.configure(TENANT, 'system', { name: 'Committee', timeZone: 'Europe/London' });
  const chair = await store.people.upsert(TENANT, 'system', { teamsUserId: '29:chair', displayName: 'Jane Chair' });
  const lead = await store.people.upsert(TENANT, 'system', { teamsUserId: '29:lead', displayName: 'Sam Lead' });
  const review = await store.reviews.create(TENANT, lead.id, { kind: 'CP', subjectPseudonym: 'Child A', notifiedAt });
  await store.committeeRoles.assign(TENANT, lead.id, { personId: chair.id, role: 'committee_chair' });
  await store.people.assignRole(TENANT, lead.id, { reviewId: review.id, personId: lead.id, role: 'lead_officer' });
  await givePersonalChat(store, TENANT, chair, connector.url);
  await givePersonalChat(store, TENANT, lead, connector.url);
  return { review, chair, lead };
}

beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-sweep-'));
  sqlitePath = path.join(folder, 'bot.sqlite');
  connector = await startConnectorStandIn();
});

afterEach(async () => {
  await connector.close();
  rmSync(folder, { recursive: true, force: true });
});

test('--dry-run --at says what would be queued and sent, to whom and why, and changes nothing', async () => {
  const store = await openStore({ sqlitePath });
  const { review } = await committee(store, new Date('2026-10-20T10:00:00Z'));
  await store.close();

  const run = await sweep(['--dry-run', '--at', '2026-12-01T09:00']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const lines = run.stdout.split('\n');
  expect(lines).toContain(`Committee ${TENANT} (Europe/London), Tuesday 1 December 2026 at 09:00`);
  expect(lines).toContain('  Would queue and send 2 reminders:');
  // The 42-day standard runs out that day; no Consideration Meeting was ever booked.
  expect(lines).toContain(`    - ${review.reference} deadline42.on-the-day (deadline-2026-12-01.on-the-day)`);
  expect(lines).toContain('      to Committee Chair Jane Chair; Lead Officer Sam Lead');
  expect(lines).toContain(
    '      because deadline 2026-12-01, originalDeadline 2026-12-01, standardDays 42, daysLeft 0, daysUsed 42, standardDaysLeft 0, pausedDays 0',
  );
  expect(lines).toContain(`    - ${review.reference} deadline42.no-meeting (deadline-2026-12-01.no-meeting-left-14)`);
  expect(connector.received).toHaveLength(0);

  const after = await openStore({ sqlitePath });
  expect(await after.outbox.listForReview(TENANT, review.id)).toEqual([]);
  expect(await after.schedules.lastRun(TENANT, 'reminder-sweep')).toBeNull();
  await after.close();
});

test('a bad --at, an unknown option or --at without --dry-run is refused with a sentence, and nothing runs', async () => {
  const store = await openStore({ sqlitePath });
  await committee(store, new Date('2026-10-20T10:00:00Z'));
  await store.close();
  const bad = await sweep(['--dry-run', '--at', '1 December']);
  expect(bad).toMatchObject({
    status: 2,
    stderr: '--at expects a local date and time such as 2026-12-01T09:00, not "1 December".\n',
  });
  expect((await sweep(['--dryrun'])).stderr).toContain('"--dryrun" is not an option of the sweep.');
  expect((await sweep(['--at', '2026-12-01T09:00'])).stderr).toContain('--at goes with --dry-run only');
  expect(connector.received).toHaveLength(0);
});

test('without --dry-run it queues what is due now, sends it through the messenger, and exits', async () => {
  // Notified, and recorded, fifty days ago: the 42-day standard is past and the bot has known it all
  // along, so its latest overdue alert is due whatever the day or hour the test runs.
  const notifiedAt = new Date(Date.now() - 50 * DAY_MS);
  const store = await openStore({ sqlitePath, now: () => notifiedAt });
  const { review, chair, lead } = await committee(store, notifiedAt);
  await store.close();

  const run = await sweep([]);
  // (Node warns on standard error about a deprecated binding one of the Bot Framework's packages uses.)
  expect(run.stderr).not.toMatch(/fail|error|could not/i);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain(`Committee ${TENANT}: 2 due, 2 newly queued.`);
  expect(run.stdout).toContain('Sent 4; superseded 0; unreachable 0; to retry 0; given up 0.');
  expect(connector.received.map((r) => r.conversationId).sort()).toEqual(
    [`a:chat-${chair.id}`, `a:chat-${chair.id}`, `a:chat-${lead.id}`, `a:chat-${lead.id}`].sort(),
  );
  const texts = connector.received.map((r) => cardText(r.activity.attachments![0].content).join(' '));
  expect(
    texts.filter((t) => t.includes('past, with no decision recorded') && t.includes(review.reference)),
  ).toHaveLength(2);

  // Run again: everything due is queued already, so nothing is sent twice.
  const again = await sweep([]);
  expect(again.stdout).toContain(`Committee ${TENANT}: 2 due, 0 newly queued.`);
  expect(again.stdout).toContain('Sent 0;');
  expect(connector.received).toHaveLength(4);
});
