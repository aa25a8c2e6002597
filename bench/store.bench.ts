/**
 * How the store's two hot reads scale, on both engines: listing one committee's open reviews and
 * fetching the reminder deliveries due now. Each is timed on a store of 50,000 synthetic reviews
 * (10 committees, 400 deliveries due among 100,000) and, as the baseline measured in the same run,
 * on a tiny store (one committee of 400 reviews) where the same query returns the same number of
 * rows; with the indexes on the status and due columns the ratio stays near 1. A primary-key
 * lookup gives the scale of one round trip. Last, the resident memory of this process once the
 * big store is open and queried.
 *
 * Run: npx tsx bench/store.bench.ts [--reviews=50000]
 * PostgreSQL: a throwaway embedded server, or BENCH_DATABASE_URL (a server where databases may be created).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Engine, type Store } from '../src/store';
import { BENCH_NOW, tenantIdOf } from './generate-reviews';
import { QUICK, reportRow } from './bench-table';
import { startPostgres } from './postgres-server';

const RUNS = 200;
const BIG = Number(process.argv.find((a) => a.startsWith('--reviews='))?.split('=')[1] ?? (QUICK ? 10_000 : 50_000));
const TENANTS = 10;
/** The tiny store: one committee, enough open reviews and due deliveries to fill a page. */
const TINY = { reviews: 400, tenants: 1, dueEvery: 10 };
const PAGE = 50;

type Target = { databaseUrl?: string; sqlitePath?: string };

function generate(target: Target, shape: { reviews: number; tenants: number; dueEvery: number }): void {
  const args = [
    '--import',
    'tsx',
    join(__dirname, 'generate-reviews.ts'),
    `--reviews=${shape.reviews}`,
    `--tenants=${shape.tenants}`,
    `--due-every=${shape.dueEvery}`,
  ];
  args.push(target.databaseUrl ? `--database-url=${target.databaseUrl}` : `--sqlite-path=${target.sqlitePath}`);
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) throw new Error(`generating ${shape.reviews} reviews failed`);
}

/** Median milliseconds of `RUNS` calls after a warm-up. */
async function time(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i += 1) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

async function measure(store: Store) {
  const tenant = tenantIdOf(0);
  const open = await store.reviews.listOpen(tenant, { limit: PAGE });
  const due = await store.outbox.due(BENCH_NOW, PAGE);
  return {
    rows: { open: open.length, due: due.length },
    primaryKey: await time(() => store.people.get(tenant, `${tenant}-person-7`)),
    listOpen: await time(() => store.reviews.listOpen(tenant, { limit: PAGE })),
    dueNow: await time(() => store.outbox.due(BENCH_NOW, PAGE)),
  };
}

async function postgresTargets(): Promise<{ big: Target; tiny: Target; stop: () => Promise<void> }> {
  const server = await startPostgres();
  return {
    big: { databaseUrl: await server.createDatabase(`lr_bench_big_${process.pid}`) },
    tiny: { databaseUrl: await server.createDatabase(`lr_bench_tiny_${process.pid}`) },
    stop: () => server.stop(),
  };
}

async function benchEngine(engine: Engine, folder: string): Promise<void> {
  const targets =
    engine === 'sqlite'
      ? {
          big: { sqlitePath: join(folder, 'big.sqlite') },
          tiny: { sqlitePath: join(folder, 'tiny.sqlite') },
          stop: () => Promise.resolve(),
        }
      : await postgresTargets();
  try {
    generate(targets.big, { reviews: BIG, tenants: TENANTS, dueEvery: 250 });
    generate(targets.tiny, TINY);
    const results = [];
    for (const target of [targets.tiny, targets.big]) {
      const store = await openStore({ ...target, now: () => BENCH_NOW });
      try {
        results.push(await measure(store));
      } finally {
        await store.close();
      }
    }
    const [tiny, big] = results;
    const rss = process.memoryUsage().rss / 1024 / 1024;
    const line = (name: string, key: 'listOpen' | 'dueNow', rows: number) =>
      `  ${name.padEnd(34)} ${big[key].toFixed(3).padStart(8)} ms  (${rows} rows)   x${(big[key] / tiny[key]).toFixed(2)} vs the same page from ${TINY.reviews} reviews   x${(big[key] / big.primaryKey).toFixed(1)} vs primary-key lookup`;
    process.stdout.write(
      [
        `${engine}: ${BIG} reviews in ${TENANTS} committees (median of ${RUNS})`,
        `  ${'primary-key lookup (baseline)'.padEnd(34)} ${big.primaryKey.toFixed(3).padStart(8)} ms`,
        line("one committee's open reviews", 'listOpen', big.rows.open),
        line('reminder deliveries due now', 'dueNow', big.rows.due),
        `  resident memory of this process after loading: ${rss.toFixed(0)} MB`,
        '',
      ].join('\n'),
    );
    for (const [name, key] of [
      ["one committee's open reviews", 'listOpen'],
      ['reminder deliveries due now', 'dueNow'],
    ] as const)
      reportRow({
        row: '6. Store reads (extra)',
        measure: `${engine}, ${name}: ${BIG.toLocaleString('en-GB')} reviews / ${TINY.reviews}`,
        bot: `${big[key].toFixed(3)} ms`,
        baseline: `${tiny[key].toFixed(3)} ms`,
        ratio: big[key] / tiny[key],
        goal: '',
        met: null,
      });
  } finally {
    await targets.stop();
  }
}

async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'lr-bench-'));
  try {
    for (const engine of ['sqlite', 'postgres'] as const) await benchEngine(engine, folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
