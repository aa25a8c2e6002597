/**
 * Row 3: how close the reminder sender runs to Teams' limits. 5,000 reminders to 500 people (ten
 * each, queued in turn, as ten sweeps would leave them) go through the real sender, the real
 * adapter and the real cards, from a real SQLite store, to the stand-in Bot Connector enforcing
 * Teams' published limits over sliding windows (per conversation 7 a second, 8 in 2 s, 60 in 30 s,
 * 1,800 an hour; per tenant 50 a second), with the sender's default settings. All 500 are in one
 * tenant, so its 50 a second is what binds: the run cannot take less than about 100 s.
 *
 * Printed: the achieved rate over the allowed one, the 429s Teams (the stand-in) answered, the
 * retries the sender made, duplicates (messages Teams received that no delivery accounts for) and
 * lost reminders (deliveries not sent). `--quick`: 1,000 reminders to 100 people.
 *
 * Run: npx tsx bench/delivery.bench.ts [--quick]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PUBLISHED_LIMITS } from '../src/scheduler/send-limits';
import { openStore } from '../src/store';
import { startConnectorStandIn } from '../test/support/connector-stand-in';
import { committeeWithPeople, deadlineAlert, realSender, TENANT } from '../test/scheduler/sender-fixtures';
import { QUICK, reportRow } from './bench-table';

const PEOPLE = QUICK ? 100 : 500;
const EACH = 10;
const ALLOWED_PER_SECOND = PUBLISHED_LIMITS.perTenant[0].requests / (PUBLISHED_LIMITS.perTenant[0].perMs / 1_000);

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'lr-bench-delivery-'));
  const connector = await startConnectorStandIn(PUBLISHED_LIMITS);
  const store = await openStore({ sqlitePath: join(folder, 'bot.sqlite') });
  try {
    const queuing = performance.now();
    const { review, people } = await committeeWithPeople(store, connector.url, PEOPLE);
    const due = new Date(Date.now() - 60_000);
    const keys: string[] = [];
    for (let round = 0; round < EACH; round += 1)
      for (const [p, person] of people.entries()) {
        const intent = deadlineAlert(TENANT, review.id, person.id, round * PEOPLE + p, due);
        await store.outbox.enqueue(TENANT, intent);
        keys.push(intent.key);
      }
    console.log(
      `  ${keys.length} reminders to ${PEOPLE} people queued in ${((performance.now() - queuing) / 1_000).toFixed(1)} s`,
    );

    // The service's own sender: default batch and concurrency, Teams' published limits, counted in memory.
    const sender = await realSender(store, { limits: PUBLISHED_LIMITS });
    const started = performance.now();
    const summary = await sender.drain();
    const seconds = (performance.now() - started) / 1_000;

    let sent = 0;
    let retries = 0;
    const activityIds = new Set<string>();
    for (const key of keys) {
      const [delivery] = (await store.outbox.get(TENANT, key))!.deliveries;
      if (delivery.status === 'sent') sent += 1;
      retries += Math.max(0, delivery.attempts - 1);
      if (delivery.activityId) activityIds.add(delivery.activityId);
    }
    const tooMany = connector.requests.filter((r) => r.status === 429).length;
    const duplicates = connector.received.length - activityIds.size;
    const lost = keys.length - sent;
    const rate = sent / seconds;
    console.log(
      `  drained in ${seconds.toFixed(1)} s: ${JSON.stringify(summary)}; Teams received ${connector.received.length}`,
    );
    reportRow({
      row: '3. Delivery',
      measure: `${keys.length} reminders to ${PEOPLE} chats: rate / allowed`,
      bot: `${rate.toFixed(1)}/s`,
      baseline: `${ALLOWED_PER_SECOND}/s (Teams' per-tenant limit)`,
      ratio: rate / ALLOWED_PER_SECOND,
      goal: '≥ 0.9',
      met: rate / ALLOWED_PER_SECOND >= 0.9,
    });
    reportRow({
      row: '3. Delivery',
      measure: '429s / retries / duplicates / lost',
      bot: `${tooMany} / ${retries} / ${duplicates} / ${lost}`,
      baseline: '',
      ratio: null,
      goal: 'duplicates 0, lost 0',
      met: duplicates === 0 && lost === 0,
    });
  } finally {
    await store.close();
    await connector.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
