/**
 * Writes reviews into a SQLite store in a loop and prints each review's id once its creation is
 * acknowledged (the promise resolved, so the transaction committed). crash-safety.test.ts kills
 * it with SIGKILL mid-stream. Usage: node --import tsx crash-writer.ts <sqlite path>
 */
import { openStore } from '../../src/store';

async function main(): Promise<void> {
  const store = await openStore({ sqlitePath: process.argv[2] });
  for (;;) {
    const review = await store.reviews.create('tenant-crash', 'system', {
      kind: 'CP',
      subjectPseudonym: 'Child C',
      notifiedAt: new Date('2026-02-20T09:00:00Z'),
    });
    await store.turnState.write({ [`crash/${review.id}`]: { reference: review.reference } });
    process.stdout.write(`${review.id}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
