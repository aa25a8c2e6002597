/**
 * `npm run import` as an operator runs it, on the bot's own store (SQLite, and PostgreSQL where the
 * transaction matters): good rows are stored whole, with their decision and milestones, audited as
 * `system`; a bad row is reported by its row number with the reason and leaves nothing behind, even
 * when it fails after its review and decision were written; `--dry-run` writes nothing at all; what
 * it prints never repeats a name typed as a pseudonym.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NotFoundError } from '../../src/store';
import { forEachEngine, type TestDatabase } from '../store/engines';
import { runScript } from './run-script';

jest.setTimeout(180_000);

const TENANT = 'tenant-import-cli';
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-import-'));
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

const FILE = [
  'Reference,Kind,Pseudonym,Notified,Decision,Decided,Review template,Milestones',
  'LR-2026-001,CP,Child A,01/09/2025,proceed,20/10/2025,tier-2-3,consideration-meeting=20/10/2025; recommendation-report=10/10/2025',
  'lr-2026-002,asp,Adult B,2025-10-01,,,,',
  'LR-2026-003,CP,Child C,31/02/2025,,,,',
  'LR-2026-004,XX,Child D,01/10/2025,,,,',
  'LR-2026-005,CP,Jane Smith,01/10/2025,,,,',
  'LR-2026-002,ASP,Adult E,01/10/2025,,,,',
  // Its review and decision are fine; its milestone is no step of its templates: nothing of it may stay.
  'LR-2026-006,CP,Child F,01/09/2025,proceed,02/10/2025,tier-2-3,no-such-step=03/10/2025',
  '',
].join('\n');

const REFUSALS = [
  'Row 4 (LR-2026-003): not imported: The notification date "31/02/2025" is not a date on the calendar.',
  'Row 5 (LR-2026-004): not imported: The kind must be CP or ASP.',
  'Row 6 (LR-2026-005): not imported: the pseudonym is refused (not shown here, as it may name someone): a pseudonym is a word such as Child or Adult and one capital letter, e.g. Child A, so that the subject cannot be identified.',
  'Row 7 (LR-2026-002): not imported: row 3 has the same reference.',
  expect.stringMatching(
    /^Row 8 \(LR-2026-006\): not imported: LR-2026-006 follows .* which have no step "no-such-step"\./,
  ),
];

function envFor(db: TestDatabase): Record<string, string> {
  // restify's spdy (loaded with the service's composition root) warns of a Node deprecation on some runs;
  // that warning is Node's, not the command's, and would make the empty standard error flaky.
  const quiet = { NODE_OPTIONS: '--no-deprecation' };
  return db.options.databaseUrl
    ? { ...quiet, DATABASE_URL: db.options.databaseUrl }
    : { ...quiet, SQLITE_PATH: db.options.sqlitePath! };
}

function importFile(db: TestDatabase, text: string, ...args: string[]) {
  const file = path.join(folder, 'reviews.csv');
  writeFileSync(file, text);
  return runScript('import-reviews.ts', [file, ...args], folder, envFor(db));
}

const londonMidnight = (iso: string) => new Date(`${iso}T00:00:00+01:00`);

forEachEngine((harness) => {
  test('good rows are stored whole; each bad row is reported by number and leaves nothing, not even its audit', async () => {
    const db = await harness.fresh();
    const run = await importFile(db, FILE, '--tenant', TENANT);
    expect(run).toMatchObject({ status: 1, stderr: '' });
    expect(run.stdout.split('\n')).toEqual([
      `Importing into committee ${TENANT}, audited as system; each row is imported whole or not at all.`,
      'Row 2 (LR-2026-001): imported.',
      'Row 3 (lr-2026-002): imported.',
      ...REFUSALS,
      'Imported 2 of 7 reviews; 5 rows not imported: correct them and import just those rows again.',
      '',
    ]);
    expect(run.stdout).not.toContain('Jane Smith');

    const store = await db.open();
    const first = await store.reviews.loadByReference(TENANT, 'LR-2026-001');
    expect(first).toMatchObject({
      kind: 'CP',
      status: 'in_review',
      subjectPseudonym: 'Child A',
      notifiedAt: londonMidnight('2025-09-01'),
      reviewTemplateId: 'tier-2-3',
      decision: { outcome: 'proceed', decidedAt: londonMidnight('2025-10-20') },
    });
    expect(
      first.milestones
        .filter((m) => m.completedAt !== null)
        .map(({ stepId, completedAt }) => ({ stepId, completedAt }))
        .sort((a, b) => a.stepId.localeCompare(b.stepId)),
    ).toEqual([
      { stepId: 'consideration-meeting', completedAt: londonMidnight('2025-10-20') },
      { stepId: 'recommendation-report', completedAt: londonMidnight('2025-10-10') },
    ]);
    expect(await store.reviews.loadByReference(TENANT, 'LR-2026-002')).toMatchObject({
      kind: 'ASP',
      status: 'decision_stage',
      subjectPseudonym: 'Adult B',
      decision: null,
    });
    for (const reference of ['LR-2026-003', 'LR-2026-004', 'LR-2026-005', 'LR-2026-006']) {
      await expect(store.reviews.loadByReference(TENANT, reference)).rejects.toBeInstanceOf(NotFoundError);
    }
    const audit = await store.audit.list(TENANT);
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      'milestone.recorded',
      'milestone.recorded',
      'review.created',
      'review.created',
      'review.decision_recorded',
    ]);
    expect(new Set(audit.map((entry) => entry.actor))).toEqual(new Set(['system']));

    // The same file again: what is already there is refused as a duplicate, and nothing changes.
    const again = await importFile(db, FILE, '--tenant', TENANT);
    expect(again.stdout.split('\n').slice(1, 3)).toEqual([
      'Row 2 (LR-2026-001): not imported: The reference LR-2026-001 is already used by another review in this committee. Choose another reference, or leave it out and one will be assigned.',
      'Row 3 (lr-2026-002): not imported: The reference LR-2026-002 is already used by another review in this committee. Choose another reference, or leave it out and one will be assigned.',
    ]);
    expect(await store.audit.list(TENANT)).toHaveLength(audit.length);
  });
});

forEachEngine(
  (harness) => {
    test('--dry-run reports each row as the import would, and writes nothing', async () => {
      const db = await harness.fresh();
      const run = await importFile(db, FILE, '--dry-run', '--tenant', TENANT);
      expect(run).toMatchObject({ status: 1, stderr: '' });
      expect(run.stdout.split('\n')).toEqual([
        `Dry run for committee ${TENANT}: nothing is written.`,
        'Row 2 (LR-2026-001): would be imported.',
        'Row 3 (lr-2026-002): would be imported.',
        ...REFUSALS,
        'Would import 2 of 7 reviews; 5 rows not imported: correct them and import just those rows again.',
        '',
      ]);
      const store = await db.open();
      expect(await store.committees.list()).toEqual([]);
      expect(await store.reviews.listOpen(TENANT)).toEqual([]);
      expect(await store.audit.list(TENANT)).toEqual([]);
    });

    test('a clean file imports with status 0', async () => {
      const db = await harness.fresh();
      const clean = FILE.split('\n').slice(0, 3).join('\n');
      const run = await importFile(db, clean, '--tenant', TENANT);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout.split('\n').at(-2)).toBe('Imported 2 of 2 reviews.');
      const store = await db.open();
      expect((await store.reviews.listOpen(TENANT)).map((r) => r.reference)).toEqual(['LR-2026-001', 'LR-2026-002']);
    });

    test('refuses what it cannot read, saying how to ask', async () => {
      const db = await harness.fresh();
      const noTenant = await importFile(db, FILE);
      expect(noTenant.status).toBe(2);
      expect(noTenant.stderr.split('\n')[0]).toBe('Say which committee with --tenant <tenant id>.');
      const wrongColumns = await importFile(
        db,
        'Reference,Kind,Name,Notified\nLR-2026-001,CP,Child A,01/09/2025\n',
        '--tenant',
        TENANT,
      );
      expect(wrongColumns).toMatchObject({
        status: 1,
        stderr: expect.stringContaining('has no column pseudonym. ') as unknown,
      });
      expect(wrongColumns.stderr).toContain('has columns the import does not know: name.');
      const broken = await importFile(db, 'reference,kind\n"LR-2026-001,CP\n', '--tenant', TENANT);
      expect(broken.status).toBe(1);
      expect(broken.stderr).toContain('could not be read as CSV');
    });
  },
  ['sqlite'],
);
