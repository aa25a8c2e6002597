/**
 * A bot's sender in a process of its own, for the crash and several-instance tests: opens the
 * store, says `ready`, and drains the outbox until nothing is left to send (then prints `done` and
 * a line of JSON with what it did), unless it is killed first. With `sweepAt` it waits for `go` on
 * its standard input, ticks at that instant (sweeping every committee whose reminder time has come)
 * and then drains. With a `databaseUrl` the rate limits are counted in the shared database.
 * Usage: node --import tsx send-worker.ts '<json: { sqlitePath?, databaseUrl?, workerId, leaseMs, sweepAt? }>'
 */
import { createInterface } from 'node:readline';
import { Pool } from 'pg';
import { createCalendar } from '../../src/domain';
import { tick } from '../../src/scheduler/committee-sweeps';
import { openStore } from '../../src/store';
import { connectDatabase } from '../../src/store/connect-database';
import { createEngineContext } from '../../src/templates/load-templates';
import { realSender, silentLogger } from './sender-fixtures';

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as {
    sqlitePath?: string;
    databaseUrl?: string;
    workerId: string;
    leaseMs: number;
    sweepAt?: string;
  };
  const options = { sqlitePath: job.sqlitePath, databaseUrl: job.databaseUrl };
  const store = await openStore(options);
  const { db } = connectDatabase(options);
  const limiterPool = job.databaseUrl ? new Pool({ connectionString: job.databaseUrl, max: 2 }) : undefined;
  const now = job.sweepAt ? () => new Date(job.sweepAt!) : undefined;
  const sender = await realSender(store, {
    workerId: job.workerId,
    leaseMs: job.leaseMs,
    concurrency: 4,
    batchSize: 20,
    now,
    limiterPool,
    limits: {
      perConversation: [
        { requests: 7, perMs: 500 },
        { requests: 8, perMs: 1_000 },
      ],
      perTenant: [{ requests: 50, perMs: 500 }],
    },
  });
  process.stdout.write('ready\n');
  let queued = 0;
  if (job.sweepAt) {
    const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
    await lines.next(); // go
    const calendar = createCalendar();
    const at = new Date(job.sweepAt);
    const summary = await tick(
      { store, engine: createEngineContext(), calendarFor: () => Promise.resolve(calendar), logger: silentLogger() },
      at,
    );
    queued = summary.swept.reduce((n, sweep) => n + sweep.queued, 0);
  }
  let sent = 0;
  for (;;) {
    sent += (await sender.drain()).sent;
    const left = await db
      .selectFrom('outbox_deliveries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.stdout.write('done\n');
  process.stdout.write(`${JSON.stringify({ queued, sent })}\n`);
  await limiterPool?.end();
  await db.destroy();
  await store.close();
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
