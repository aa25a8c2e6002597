/**
 * Row 2: whether the morning sweep's cost follows what is due or grows with history. Stores of
 * 1,000, 10,000 and 100,000 reviews on SQLite (1,000 and 10,000 on PostgreSQL, the suite's embedded
 * server; 100,000 too with `--full`) in 10 committees hold the same 200 open reviews (20 a committee,
 * built through the store's own repositories as lead officers would: decision stages counting down
 * to the 42-day standard with reports and meetings, reviews under way, improvement plans being
 * monitored) and differ only in history: closed and cancelled reviews with their members, meetings,
 * reports, milestones and sent reminders. Monday's sweep has run (so what the open reviews' series
 * had to say until then is in the outbox); Tuesday's, Wednesday's and Thursday's are timed, across
 * every committee, as the service's tick runs them, and the median kept. Each store is swept in a
 * process of its own, for its peak memory; the stores of one engine take turns, morning by morning.
 *
 * Run: npx tsx bench/sweep.bench.ts [--quick] [--full]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { createLogger } from '../src/logger';
import { tick } from '../src/scheduler/committee-sweeps';
import { openStore, type Store } from '../src/store';
import { newReportKey, reportKeyring } from '../src/store/report-cipher';
import { loadTemplates } from '../src/templates/load-templates';
import { FULL, mb, ms, peakResidentMb, QUICK, reportRow } from './bench-table';
import { tenantIdOf } from './generate-reviews';
import { startPostgres } from './postgres-server';

const TENANTS = 10;
const OPEN_PER_COMMITTEE = 20;
const DAY = 86_400_000;
/** Tuesday 24 November 2026, 09:30 in London (UTC in winter): the committees' 09:00 has passed. */
const TODAY = new Date('2026-11-24T09:30:00Z');
const YESTERDAY = new Date(TODAY.getTime() - DAY);

interface Job {
  engine: 'sqlite' | 'postgres';
  reviews: number;
  sqlitePath?: string;
  databaseUrl?: string;
}

interface Result {
  job: Job;
  sweepMs: number;
  peakMb: number;
  openReviews: number;
  due: number;
  queued: number;
  failures: number;
}

/** The open reviews, the same in every store: what a committee is working on today. */
async function openReviews(store: Store, clock: { at: Date }): Promise<number> {
  let count = 0;
  const at = (instant: Date) => (clock.at = instant);
  for (let t = 0; t < TENANTS; t += 1) {
    const tenant = tenantIdOf(t);
    const person = (k: number) => `${tenant}-person-${k % 50}`;
    const agency = (k: number) => `${tenant}-agency-${k % 5}`;
    for (let i = 0; i < OPEN_PER_COMMITTEE; i += 1) {
      const stage = i < 8 ? 'decision' : i < 16 ? 'review' : 'improvement';
      const ago = stage === 'decision' ? 3 + i * 6 : stage === 'review' ? 60 + (i - 8) * 30 : 400 + (i - 16) * 90;
      const notified = new Date(TODAY.getTime() - ago * DAY);
      at(new Date(notified.getTime() + 3_600_000));
      const review = await store.reviews.create(tenant, 'system', {
        kind: i % 2 ? 'CP' : 'ASP',
        subjectPseudonym: `Child ${String.fromCharCode(65 + (i % 26))}`,
        notifiedAt: notified,
      });
      for (const [k, role] of (['lead_officer', 'review_team_chair', 'review_team_member'] as const).entries())
        await store.people.assignRole(tenant, 'system', { reviewId: review.id, personId: person(i + k), role });
      at(new Date(notified.getTime() + DAY));
      const requests = [];
      for (let r = 0; r < 2; r += 1) {
        const dueOn = new Date(notified.getTime() + 21 * DAY).toISOString().slice(0, 10);
        requests.push(
          await store.reportRequests.request(tenant, 'system', review.id, {
            agencyId: agency(i + r),
            authorPersonId: person(i + 3 + r),
            dueOn,
          }),
        );
      }
      if (stage === 'decision') {
        if (i % 2 === 0) {
          at(new Date(notified.getTime() + 2 * DAY));
          const meeting = await store.meetings.schedule(tenant, 'system', review.id, {
            kind: 'consideration_meeting',
            title: 'Consideration Meeting',
            startsAt: new Date(notified.getTime() + 38 * DAY),
            chairPersonId: person(i + 1),
          });
          await store.meetings.invite(tenant, 'system', meeting.id, [person(i + 5), person(i + 6), person(i + 7)]);
        }
      } else {
        at(new Date(notified.getTime() + 20 * DAY));
        await store.reportRequests.submit(tenant, 'system', requests[0].id, {
          submittedByPersonId: person(i + 3),
          text: 'Single-agency report.',
        });
        at(new Date(notified.getTime() + 30 * DAY));
        await store.reviews.recordDecision(tenant, 'system', review.id, {
          outcome: 'proceed',
          decidedAt: new Date(notified.getTime() + 30 * DAY),
          reviewTemplateId: 'tier-2-3',
        });
        if (stage === 'improvement') {
          const improving = new Date(notified.getTime() + 300 * DAY);
          at(improving);
          await store.reviews.changeStatus(tenant, 'system', review.id, { status: 'improvement', at: improving });
          for (let a = 0; a < 3; a += 1) {
            const action = await store.improvementActions.add(tenant, 'system', review.id, {
              description: `Agreed action ${a + 1}`,
              ownerPersonId: person(i + a),
              agreedAt: improving,
              dueOn: new Date(improving.getTime() + (90 + a * 60) * DAY).toISOString().slice(0, 10),
            });
            if (a === 0) {
              at(new Date(improving.getTime() + 60 * DAY));
              await store.improvementActions.update(tenant, 'system', action.id, {
                status: 'done',
                completedAt: new Date(improving.getTime() + 60 * DAY),
              });
              at(improving);
            }
          }
        }
      }
      count += 1;
    }
  }
  return count;
}

interface Morning {
  ms: number;
  due: number;
  queued: number;
  failures: number;
}

/** A store being swept, in its own process: told when to sweep, it answers with the morning's figures. */
interface SweepingStore {
  job: Job;
  openReviews: number;
  sweep(day: number): Promise<Morning>;
  /** Ends the process; its peak resident memory. */
  finish(): Promise<number>;
  /** Stops the process at once (after a failure elsewhere). */
  stop(): void;
}

/**
 * After the bulk insert, the store is brought to the state of one that grew over years: PostgreSQL
 * has vacuumed and analysed its tables (autovacuum does that within a minute or two of any large
 * change) and written its pages out at a checkpoint. Without this, that one-off work on the history
 * just inserted (vacuum marks every freshly loaded page, and with data checksums logs it in full)
 * can run in the background while the mornings are timed, competing with the sweep's commits for
 * the disk, and the larger the history, the more of it there is. SQLite has no background work of
 * the kind.
 */
async function settleAfterBulkLoad(job: Job): Promise<void> {
  if (job.engine !== 'postgres') return;
  const client = new Client({ connectionString: job.databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

/**
 * One store: history in bulk, the open reviews through the repositories, Monday's sweep; then a
 * morning swept each time the parent asks (`sweep <day>` on standard input, the figures on standard
 * output), until `done`, answered with the process's peak memory.
 */
async function child(job: Job): Promise<void> {
  const target = job.engine === 'sqlite' ? `--sqlite-path=${job.sqlitePath}` : `--database-url=${job.databaseUrl}`;
  const history = job.reviews - TENANTS * OPEN_PER_COMMITTEE;
  const generated = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(__dirname, 'generate-reviews.ts'),
      `--reviews=${history}`,
      `--tenants=${TENANTS}`,
      '--history-only',
      target,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (generated.status !== 0) throw new Error(`generating ${history} closed reviews failed`);
  await settleAfterBulkLoad(job);

  const clock = { at: TODAY };
  const engine = loadTemplates();
  const store = await openStore({
    sqlitePath: job.sqlitePath,
    databaseUrl: job.databaseUrl,
    now: () => clock.at,
    templates: engine.templates,
    // The open reviews' reports are stored encrypted, as the service stores them.
    reportKeys: reportKeyring(newReportKey()),
  });
  try {
    const open = await openReviews(store, clock);
    const options = {
      store,
      engine,
      calendarFor: (tenantId: string) => store.committees.calendarOf(tenantId),
      logger: createLogger('silent'),
    };
    clock.at = YESTERDAY;
    await tick(options, YESTERDAY);
    const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
    answer({ openReviews: open });
    for await (const line of createInterface({ input: process.stdin })) {
      const day = /^sweep (\d+)$/.exec(line);
      if (!day) break;
      const at = new Date(TODAY.getTime() + Number(day[1]) * DAY);
      clock.at = at;
      const started = performance.now();
      const summary = await tick(options, at);
      answer({
        ms: performance.now() - started,
        due: summary.swept.reduce((n, s) => n + s.due.length, 0),
        queued: summary.swept.reduce((n, s) => n + s.queued, 0),
        failures: summary.swept.reduce((n, s) => n + s.failures, 0),
      } satisfies Morning);
    }
    answer({ peakMb: peakResidentMb() });
  } finally {
    await store.close();
  }
}

/** Starts a store's process and waits until it is ready to sweep (its history and open reviews in place). */
async function startChild(job: Job): Promise<SweepingStore> {
  const worker = spawn(process.execPath, ['--import', 'tsx', __filename, `--child=${JSON.stringify(job)}`], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: worker.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
  const next = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the ${job.engine} store of ${job.reviews} reviews stopped (exit ${await exited})`);
    return JSON.parse(line.value) as T;
  };
  const { openReviews } = await next<{ openReviews: number }>();
  return {
    job,
    openReviews,
    async sweep(day) {
      worker.stdin.write(`sweep ${day}\n`);
      return next<Morning>();
    },
    async finish() {
      worker.stdin.end('done\n');
      const { peakMb } = await next<{ peakMb: number }>();
      if ((await exited) !== 0) throw new Error(`the ${job.engine} store of ${job.reviews} reviews failed`);
      return peakMb;
    },
    stop() {
      if (worker.exitCode === null) worker.kill();
    },
  };
}

/**
 * The stores of one engine, prepared one after another, then swept morning by morning in turns
 * (each morning in the opposite order to the one before), so that load passing over a shared
 * machine slows every store's mornings alike rather than one store's row.
 */
async function sweepInTurns(jobs: Job[]): Promise<Result[]> {
  const stores: SweepingStore[] = [];
  try {
    for (const job of jobs) stores.push(await startChild(job));
    const mornings = new Map<SweepingStore, Morning[]>(stores.map((s) => [s, []]));
    for (let day = 0; day < 3; day += 1) {
      const order = day % 2 === 0 ? stores : [...stores].reverse();
      for (const store of order) mornings.get(store)!.push(await store.sweep(day));
    }
    const results: Result[] = [];
    for (const store of stores) {
      const own = mornings.get(store)!;
      const failures = own.reduce((n, m) => n + m.failures, 0);
      if (failures > 0) throw new Error(`the sweep could not work out ${failures} reviews`);
      // The median morning (the disk's speed varies on a shared machine).
      const median = [...own].sort((a, b) => a.ms - b.ms)[1];
      const result: Result = {
        job: store.job,
        sweepMs: median.ms,
        peakMb: await store.finish(),
        openReviews: store.openReviews,
        due: median.due,
        queued: median.queued,
        failures,
      };
      console.log(
        `  ${store.job.engine.padEnd(8)} ${String(store.job.reviews).padStart(7)} reviews (${result.openReviews} open): ` +
          `sweep ${ms(result.sweepMs)} (mornings ${own.map((m) => ms(m.ms)).join(', ')}), ` +
          `${result.due} reminders due, ${result.queued} of them new; peak ${mb(result.peakMb)}`,
      );
      results.push(result);
    }
    return results;
  } catch (error) {
    for (const store of stores) store.stop();
    throw error;
  }
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'lr-bench-sweep-'));
  const sizes = {
    sqlite: QUICK ? [1_000, 10_000] : [1_000, 10_000, 100_000],
    postgres: QUICK ? [1_000] : FULL ? [1_000, 10_000, 100_000] : [1_000, 10_000],
  };
  const postgres = await startPostgres();
  try {
    const results: Result[] = [
      ...(await sweepInTurns(
        sizes.sqlite.map((reviews) => ({
          engine: 'sqlite',
          reviews,
          sqlitePath: join(folder, `sweep-${reviews}.sqlite`),
        })),
      )),
    ];
    const postgresJobs: Job[] = [];
    for (const reviews of sizes.postgres)
      postgresJobs.push({
        engine: 'postgres',
        reviews,
        databaseUrl: await postgres.createDatabase(`lr_bench_sweep_${reviews}_${process.pid}`),
      });
    results.push(...(await sweepInTurns(postgresJobs)));
    for (const engine of ['sqlite', 'postgres'] as const) {
      const rows = results.filter((r) => r.job.engine === engine);
      const smallest = rows[0];
      for (const row of rows) {
        const ratio = row.sweepMs / smallest.sweepMs;
        const largest = row === rows.at(-1) && rows.length > 1;
        reportRow({
          row: '2. Sweep scaling',
          measure: `${engine}, ${row.job.reviews.toLocaleString('en-GB')} reviews (${row.queued} new reminders)`,
          bot: `${ms(row.sweepMs)}, peak ${mb(row.peakMb)}`,
          baseline: row === smallest ? '' : `${ms(smallest.sweepMs)} (${smallest.job.reviews.toLocaleString('en-GB')})`,
          ratio: row === smallest ? null : ratio,
          goal: largest ? '< 2 × the 1,000 row' : '',
          met: largest ? ratio < 2 : null,
        });
      }
    }
  } finally {
    await postgres.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

const childJob = process.argv.find((a) => a.startsWith('--child='));
if (childJob) {
  child(JSON.parse(childJob.slice('--child='.length)) as Job).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
