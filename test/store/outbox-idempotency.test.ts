/**
 * Two bot instances enqueue the same reminders at the same moment, each through its own
 * connection (its own process): every key ends up as exactly one reminder, created by exactly one
 * of them. Runs against both engines.
 */
import type { Store } from '../../src/store';
import { exited, nextLine, spawnScript } from './child-process';
import { forEachEngine, SERVER_TIMEOUT_MS, testClock } from './engines';
import { populatedReview } from './fixtures';

jest.setTimeout(SERVER_TIMEOUT_MS);

const TENANT = 'tenant-idempotency';
const KEYS = Array.from({ length: 40 }, (_, i) => `deadline42.days-left:review:d-${i}`);

forEachEngine((harness) => {
  test('the same key from two connections at once yields one row', async () => {
    const database = await harness.fresh();
    const store: Store = await database.open(testClock().now);
    const { review } = await populatedReview(store, TENANT);

    const job = JSON.stringify({ options: database.options, tenantId: TENANT, reviewId: review.id, keys: KEYS });
    const workers = [spawnScript('enqueue-worker.ts', [job]), spawnScript('enqueue-worker.ts', [job])];
    let created: string[][];
    try {
      for (const worker of workers) expect(await nextLine(worker)).toBe('ready');
      for (const worker of workers) worker.child.stdin.end('go\n');
      created = await Promise.all(workers.map(async (w) => JSON.parse(await nextLine(w)) as string[]));
      await Promise.all(workers.map((w) => exited(w.child)));
    } finally {
      for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    }

    // Each key was created by exactly one worker; the other got "already queued".
    expect([...created[0], ...created[1]].sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) {
      const stored = await store.outbox.get(TENANT, key);
      expect(stored?.deliveries).toHaveLength(2); // one per recipient of reminderIntent()
    }
    const queued = (await store.audit.list(TENANT, { limit: 1_000 })).filter((e) => e.action === 'reminder.queued');
    expect(queued).toHaveLength(KEYS.length + 1); // + the fixture's own reminder
  });
});
