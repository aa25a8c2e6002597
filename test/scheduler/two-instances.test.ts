/**
 * Two bot processes on one real PostgreSQL database (the suite's embedded server), sweeping and
 * sending at the same moment: each reminder is queued once and sent once, and Teams' limit per
 * conversation holds for the two together (the stand-in Bot Connector counts over sliding windows
 * and would refuse anything over it). The limits are scaled down so the test runs in seconds.
 */
import { type ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { exited, nextLine, spawnScript } from '../store/child-process';
import { forEachEngine, SERVER_TIMEOUT_MS } from '../store/engines';
import { givePersonalChat } from './sender-fixtures';

jest.setTimeout(SERVER_TIMEOUT_MS + 120_000);

const TENANT = 'tenant-two-instances';
const REVIEWS = 16;
const CHAIRS = 4;
/** Tuesday 17 November 2026, 09:30 in London: each review's 42-day standard runs out a week later. */
const SWEEP_AT = '2026-11-17T09:30:00.000Z';

forEachEngine(
  (harness) => {
    let connector: ConnectorStandIn;

    beforeAll(async () => {
      // What the workers count against, as the stand-in checks it (over sliding windows).
      connector = await startConnectorStandIn({
        perConversation: [
          { requests: 7, perMs: 500 },
          { requests: 8, perMs: 1_000 },
        ],
        perTenant: [{ requests: 50, perMs: 500 }],
      });
    });
    afterAll(() => connector.close());

    test('both sweep and send at once: each reminder queued once and sent once, within the limits', async () => {
      const database = await harness.fresh();
      // Set up when the notifications came in, so the bot has known of each review since then.
      const store = await database.open(() => new Date('2026-10-13T11:00:00Z'));
      await store.committees.configure(TENANT, 'system', { name: 'Committee', timeZone: 'Europe/London' });
      // One committee Chair, who hears of every review's 42 days, and a Lead Officer per few reviews.
      const lead = await store.people.upsert(TENANT, 'system', { teamsUserId: '29:lead', displayName: 'Lead' });
      await store.committeeRoles.assign(TENANT, 'system', { personId: lead.id, role: 'committee_chair' });
      await givePersonalChat(store, TENANT, lead, connector.url);
      const chairs = [];
      for (let i = 0; i < CHAIRS; i += 1) {
        const chair = await store.people.upsert(TENANT, lead.id, {
          teamsUserId: `29:chair-${i}`,
          displayName: `C${i}`,
        });
        await givePersonalChat(store, TENANT, chair, connector.url);
        chairs.push(chair);
      }
      for (let i = 0; i < REVIEWS; i += 1) {
        const review = await store.reviews.create(TENANT, lead.id, {
          kind: 'CP',
          subjectPseudonym: `Child ${String.fromCharCode(65 + (i % 26))}${i < 26 ? '' : Math.floor(i / 26) + 1}`,
          notifiedAt: new Date('2026-10-13T10:00:00Z'),
        });
        const chair = chairs[i % CHAIRS];
        await store.people.assignRole(TENANT, lead.id, {
          reviewId: review.id,
          personId: chair.id,
          role: 'lead_officer',
        });
      }

      const job = (name: string) =>
        JSON.stringify({ ...database.options, workerId: name, leaseMs: 60_000, sweepAt: SWEEP_AT });
      const workers = [
        spawnScript('../scheduler/send-worker.ts', [job('a')]),
        spawnScript('../scheduler/send-worker.ts', [job('b')]),
      ];
      for (const worker of workers) expect(await nextLine(worker)).toBe('ready');
      for (const worker of workers) worker.child.stdin.write('go\n');
      const results: Array<{ queued: number; sent: number }> = [];
      for (const worker of workers) {
        expect(await nextLine(worker)).toBe('done');
        results.push(JSON.parse(await nextLine(worker)) as { queued: number; sent: number });
        await exited(worker.child);
      }

      // Per review: the 7-days-left alert and the no-meeting alert, each to the committee Chair and the
      // review's Lead Officer.
      const deliveries = REVIEWS * 2 * 2;
      expect(results[0].queued + results[1].queued).toBe(REVIEWS * 2);
      expect(results[0].sent + results[1].sent).toBe(deliveries);
      // Both took part in the sending.
      expect(results[0].sent).toBeGreaterThan(0);
      expect(results[1].sent).toBeGreaterThan(0);

      expect(connector.received).toHaveLength(deliveries);
      expect(connector.limitRefusals).toBe(0);
      const perConversation = (id: string) => connector.received.filter((r) => r.conversationId === id).length;
      expect(perConversation(`a:chat-${lead.id}`)).toBe(REVIEWS * 2);
      for (const chair of chairs) expect(perConversation(`a:chat-${chair.id}`)).toBe((REVIEWS / CHAIRS) * 2);
      // No message twice: each card (reference and wording) arrived once in each chat.
      const cards = connector.received.map((r) => `${r.conversationId}|${JSON.stringify(r.activity.attachments)}`);
      expect(new Set(cards).size).toBe(deliveries);
      const audit = await store.audit.list(TENANT, { limit: 1_000 });
      expect(audit.filter((e) => e.action === 'reminder.sent')).toHaveLength(deliveries);
      expect(audit.filter((e) => e.action === 'reminder.queued')).toHaveLength(REVIEWS * 2);
    });
  },
  ['postgres'],
);
