/**
 * SIGKILL the sending process at random moments while it sends 200 reminders, several times, then
 * let a last one finish: every reminder arrives, and the duplicates (counted at the stand-in Bot
 * Connector, which records every message it accepts) stay within the stated bound: at most the
 * messages in flight at each crash, that is at most the sender's concurrency per kill.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../src/store';
import { type ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { exited, nextLine, spawnScript } from '../store/child-process';
import { committeeWithPeople, deadlineAlert, TENANT } from './sender-fixtures';

jest.setTimeout(180_000);

const KILLS = 4;
const CONCURRENCY = 4;

let folder: string;
let store: Store;
let connector: ConnectorStandIn;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'lr-crash-'));
  connector = await startConnectorStandIn();
});

afterAll(async () => {
  await store?.close();
  await connector.close();
  rmSync(folder, { recursive: true, force: true });
});

test('killed four times mid-send: every reminder delivered, duplicates within the bound', async () => {
  const sqlitePath = path.join(folder, 'bot.sqlite');
  store = await openStore({ sqlitePath });
  const { review, people } = await committeeWithPeople(store, connector.url, 20);
  const keys: string[] = [];
  for (const [p, person] of people.entries()) {
    for (let n = 0; n < 10; n += 1) {
      const intent = deadlineAlert(TENANT, review.id, person.id, p * 100 + n, new Date('2026-01-05T09:00:00Z'));
      await store.outbox.enqueue(TENANT, intent);
      keys.push(intent.key);
    }
  }

  const job = (i: number) => JSON.stringify({ sqlitePath, workerId: `worker-${i}`, leaseMs: 1_000 });
  let kills = 0;
  for (let i = 0; i < KILLS; i += 1) {
    const worker = spawnScript('../scheduler/send-worker.ts', [job(i)]);
    expect(await nextLine(worker)).toBe('ready');
    const before = connector.received.length;
    // Let it get going, then kill it at a random point of its sending.
    await connector.waitFor(Math.min(before + 5 + Math.floor(Math.random() * 30), 199), 60_000).catch(() => []);
    if (worker.child.exitCode === null) {
      worker.child.kill('SIGKILL');
      kills += 1;
    }
    await exited(worker.child);
  }
  const last = spawnScript('../scheduler/send-worker.ts', [job(KILLS)]);
  expect(await nextLine(last)).toBe('ready');
  expect(await nextLine(last)).toBe('done');
  await exited(last.child);

  for (const key of keys) {
    const [delivery] = (await store.outbox.get(TENANT, key))!.deliveries;
    expect({ key, status: delivery.status }).toEqual({ key, status: 'sent' });
  }
  for (const person of people) {
    expect(connector.received.filter((r) => r.conversationId === `a:chat-${person.id}`).length).toBeGreaterThanOrEqual(
      10,
    );
  }
  const duplicates = connector.received.length - keys.length;
  expect(duplicates).toBeGreaterThanOrEqual(0);
  expect(duplicates).toBeLessThanOrEqual(kills * CONCURRENCY);
  const uncertain = (await Promise.all(keys.map(async (k) => (await store.outbox.get(TENANT, k))!.deliveries[0])))
    .map((d) => d.uncertainSends)
    .reduce((a, b) => a + b, 0);
  // Every duplicate was a deliberate resend of a delivery found in flight.
  expect(uncertain).toBeGreaterThanOrEqual(duplicates);
  expect(kills).toBeGreaterThanOrEqual(1);
});
