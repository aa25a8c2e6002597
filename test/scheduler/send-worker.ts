/**
 * A bot's sender in a process of its own, for the crash test: opens the store, says `ready`, and
 * drains the outbox until nothing is left to send (then prints `done`), unless it is killed first.
 * Usage: node --import tsx send-worker.ts '<json: { sqlitePath?, databaseUrl?, workerId, leaseMs }>'
 */
import { openStore } from '../../src/store';
import { connectDatabase } from '../../src/store/connect-database';
import { realSender } from './sender-fixtures';

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as {
    sqlitePath?: string;
    databaseUrl?: string;
    workerId: string;
    leaseMs: number;
  };
  const options = { sqlitePath: job.sqlitePath, databaseUrl: job.databaseUrl };
  const store = await openStore(options);
  const { db } = connectDatabase(options);
  const sender = await realSender(store, {
    workerId: job.workerId,
    leaseMs: job.leaseMs,
    concurrency: 4,
    batchSize: 20,
    limits: {
      perConversation: [
        { requests: 7, perMs: 500 },
        { requests: 8, perMs: 1_000 },
      ],
      perTenant: [{ requests: 50, perMs: 500 }],
    },
  });
  process.stdout.write('ready\n');
  for (;;) {
    await sender.drain();
    const left = await db
      .selectFrom('outbox_deliveries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.stdout.write('done\n');
  await db.destroy();
  await store.close();
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
