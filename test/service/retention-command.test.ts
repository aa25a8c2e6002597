/**
 * `npm run retention` as an operator runs it, on the bot's own store: no period by default; setting
 * one removes nothing until a dry run's confirmation; the dry run lists what would go and changes
 * nothing; the confirmed run empties exactly what the dry run listed; nothing it prints names a
 * person or a pseudonym.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../src/store';
import { runScript } from './run-script';

jest.setTimeout(120_000);

const TENANT = 'tenant-retention-cli';
let folder: string;
let sqlitePath: string;

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-retention-'));
  sqlitePath = path.join(folder, 'bot.sqlite');
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

const retention = (...args: string[]) => runScript('retention.ts', args, folder, { SQLITE_PATH: sqlitePath });

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ sqlitePath });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** A review cancelled on 2 March 2020, with a role in it; and one still open. */
async function committee() {
  return withStore(async (store) => {
    await store.committees.configure(TENANT, 'system', { name: 'Committee', timeZone: 'Europe/London' });
    const lead = await store.people.upsert(TENANT, 'system', { teamsUserId: '29:lead', displayName: 'Sam Lead' });
    const old = await store.reviews.create(TENANT, lead.id, {
      kind: 'CP',
      subjectPseudonym: 'Child P7',
      notifiedAt: new Date('2020-02-03T10:00:00Z'),
    });
    await store.people.assignRole(TENANT, lead.id, { reviewId: old.id, personId: lead.id, role: 'lead_officer' });
    await store.reviews.changeStatus(TENANT, lead.id, old.id, {
      status: 'cancelled',
      at: new Date('2020-03-02T10:00:00Z'),
    });
    const open = await store.reviews.create(TENANT, lead.id, {
      kind: 'ASP',
      subjectPseudonym: 'Adult Q8',
      notifiedAt: new Date('2020-02-04T10:00:00Z'),
    });
    await store.people.assignRole(TENANT, lead.id, { reviewId: open.id, personId: lead.id, role: 'lead_officer' });
    return { old, open };
  });
}

const membersOf = (reviewId: string) =>
  withStore(async (store) => (await store.reviews.load(TENANT, reviewId)).members.length);

test('no period by default: the dry run and a real run remove nothing', async () => {
  const { old } = await committee();
  const dry = await retention('--dry-run');
  expect(dry).toMatchObject({ status: 0, stderr: '' });
  expect(dry.stdout).toBe(`Committee ${TENANT}: no retention period is set, so nothing is removed.\n`);
  expect((await retention()).stdout).toBe('No committee has set a retention period: nothing is removed.\n');
  expect(await membersOf(old.id)).toBe(1);
});

test('a set period waits for the dry run; its confirmation empties what it listed, keeping the skeleton', async () => {
  const { old, open } = await committee();
  const set = await retention('--set-days', '365', '--tenant', TENANT);
  expect(set).toMatchObject({ status: 0, stderr: '' });
  expect(set.stdout).toContain(
    `Committee ${TENANT}: closed and cancelled reviews are kept for 365 days (about 1 year) after they close.`,
  );

  const waiting = await retention();
  expect(waiting.stdout).toBe(
    `Committee ${TENANT}: waiting for its first run to be confirmed. Run npm run retention -- --dry-run --tenant ${TENANT}.\n`,
  );
  expect(await membersOf(old.id)).toBe(1);

  const dry = await retention('--dry-run', '--tenant', TENANT);
  expect(dry).toMatchObject({ status: 0, stderr: '' });
  const lines = dry.stdout.split('\n');
  expect(lines).toEqual([
    `Committee ${TENANT}: keeps closed and cancelled reviews for 365 days (about 1 year) after they close; its first run is not confirmed yet.`,
    '  Would empty 1 review now, keeping each reference, kind, dates and decision:',
    `    - ${old.reference} (Child Protection, cancelled Monday 2 March 2020): 0 report submissions, 0 notes, 0 answers, 1 link to a person, 0 reminders`,
    expect.stringMatching(/^ {2}To remove them, run within 24 hours: npm run retention -- --confirm RET-[0-9A-F]{10}$/),
    '  From then on the service removes what passes the period by itself.',
    '',
  ]);
  expect(dry.stdout).not.toMatch(/Child P7|Adult Q8|Sam Lead/);
  expect(await membersOf(old.id)).toBe(1);

  const token = /--confirm (RET-[0-9A-F]+)/.exec(dry.stdout)![1];
  const wrong = await retention('--confirm', 'RET-0000000000');
  expect(wrong.status).toBe(1);
  expect(wrong.stderr).toContain('That confirmation is not known');

  const confirmed = await retention('--confirm', token);
  expect(confirmed).toMatchObject({ status: 0, stderr: '' });
  expect(confirmed.stdout.split('\n')[0]).toBe(`Committee ${TENANT}: emptied 1 review.`);
  expect(await membersOf(old.id)).toBe(0);
  expect(await membersOf(open.id)).toBe(1);
  await withStore(async (store) => {
    const kept = await store.reviews.load(TENANT, old.id);
    expect(kept).toMatchObject({
      reference: old.reference,
      kind: 'CP',
      status: 'cancelled',
      notifiedAt: old.notifiedAt,
    });
    const actions = (await store.audit.list(TENANT)).map((e) => e.action);
    expect(actions.slice(0, 3)).toEqual(['retention.confirmed', 'review.retention_applied', 'retention.dry_run']);
  });
  // Used once: the token does not confirm again, and the period now runs by itself.
  expect((await retention('--confirm', token)).status).toBe(1);
  expect((await retention()).stdout).toBe(`Committee ${TENANT}: emptied 0 reviews.\n`);
});

test('refuses what it cannot do, saying how to ask', async () => {
  await committee();
  for (const [args, message] of [
    [['--set-days', '0', '--tenant', TENANT], '--set-days takes a whole number of days from 1 to 36500.'],
    [['--set-days', '365'], 'Say which committee with --tenant <tenant id>.'],
    [['--dry-run', '--confirm', 'RET-1'], 'Give one of --dry-run, --confirm at a time.'],
    [['--purge-everything'], '"--purge-everything" is not an option of npm run retention.'],
  ] as const) {
    const run = await retention(...args);
    expect({ args, status: run.status }).toEqual({ args, status: 2 });
    expect(run.stderr.split('\n')[0]).toBe(message);
  }
  const unknown = await retention('--set-days', '30', '--tenant', 'tenant-nobody');
  expect(unknown).toMatchObject({ status: 1, stderr: 'No committee tenant-nobody has used the bot yet.\n' });
  const cleared = await retention('--clear', '--tenant', TENANT);
  expect(cleared.stdout).toBe(`Committee ${TENANT}: no retention period; nothing will be removed.\n`);
});
