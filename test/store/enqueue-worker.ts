/**
 * A second bot instance in miniature, for outbox-idempotency.test.ts: opens its own store (its
 * own connection), says `ready`, waits for `go` on stdin so both workers start together, enqueues
 * every key at once, and prints the keys it created as JSON.
 * Usage: node --import tsx enqueue-worker.ts '<json: { options, tenantId, reviewId, keys }>'
 */
import { createInterface } from 'node:readline';
import { openStore } from '../../src/store';
import { reminderIntent } from './fixtures';

async function main(): Promise<void> {
  const { options, tenantId, reviewId, keys } = JSON.parse(process.argv[2]) as {
    options: { databaseUrl?: string; sqlitePath?: string };
    tenantId: string;
    reviewId: string;
    keys: string[];
  };
  const store = await openStore(options);
  process.stdout.write('ready\n');
  const input = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => input.once('line', () => resolve()));
  input.close(); // stdin open would keep this process alive after its work
  const results = await Promise.all(
    keys.map((key) => store.outbox.enqueue(tenantId, reminderIntent(tenantId, reviewId, null, key))),
  );
  process.stdout.write(`${JSON.stringify(keys.filter((_, i) => results[i].created))}\n`);
  await store.close();
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
