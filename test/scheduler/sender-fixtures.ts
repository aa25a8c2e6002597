/**
 * A committee ready for the sender: one review in its decision stage, people with personal chats
 * whose Bot Connector is the stand-in, and reminders for them queued in the outbox. And a scene for
 * walking the real ticks and the real sender through days and weeks on a clock the test moves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Calendar, createCalendar, type ReminderIntent } from '../../src/domain';
import { createAdapter } from '../../src/bot/create-bot';
import { renderDeliveryCard } from '../../src/bot/reminder-cards';
import { createTeamsMessenger } from '../../src/bot/teams-messenger';
import { createLogger, type Logger } from '../../src/logger';
import { createEngineContext } from '../../src/templates/load-templates';
import { type SweepOptions, tick } from '../../src/scheduler/committee-sweeps';
import { createReminderSender, type ReminderSenderOptions } from '../../src/scheduler/reminder-sender';
import { createSendLimiter, type SendLimitSettings } from '../../src/scheduler/send-limits';
import { openStore, type Person, type Store } from '../../src/store';
import type { Pool } from 'pg';
import { type ConnectorStandIn, startConnectorStandIn } from '../support/connector-stand-in';
import { capturedLog, expectNothingSensitiveLogged } from '../support/log-scan';
import { cardText } from '../support/teams-activity';
import { type TestClock, testClock } from '../support/test-clock';

export const TENANT = 'tenant-sender';
export const silentLogger = () => createLogger('silent');

/**
 * The log of the senders and sweeps a test file makes, at `trace`. Each test ends with
 * `expectSenderLogClean`, which scans it for the sensitive values the test used (log-scan.ts).
 */
export const senderLog = capturedLog();

export async function expectSenderLogClean(sqlitePath: string): Promise<void> {
  await expectNothingSensitiveLogged(senderLog.lines.splice(0), { sqlitePath });
}

export async function committeeWithPeople(store: Store, serviceUrl: string, count: number, tenantId = TENANT) {
  const lead = await store.people.upsert(tenantId, 'system', {
    aadObjectId: `${tenantId}-aad-lead`,
    teamsUserId: `29:${tenantId}-lead`,
    displayName: 'Lead Officer',
  });
  const review = await store.reviews.create(tenantId, lead.id, {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T10:00:00Z'),
  });
  await store.people.assignRole(tenantId, lead.id, { reviewId: review.id, personId: lead.id, role: 'lead_officer' });
  await givePersonalChat(store, tenantId, lead, serviceUrl);
  const people: Person[] = [];
  for (let i = 0; i < count; i += 1) {
    const person = await store.people.upsert(tenantId, lead.id, {
      aadObjectId: `${tenantId}-aad-${i}`,
      teamsUserId: `29:${tenantId}-user-${i}`,
      displayName: `Person ${i}`,
    });
    await store.committeeRoles.assign(tenantId, lead.id, { personId: person.id, role: 'committee_chair' });
    await givePersonalChat(store, tenantId, person, serviceUrl);
    people.push(person);
  }
  return { lead, review, people };
}

export async function givePersonalChat(store: Store, tenantId: string, person: Person, serviceUrl: string) {
  await store.conversationReferences.save(tenantId, 'system', person.id, {
    conversation: { id: `a:chat-${person.id}`, tenantId, conversationType: 'personal' },
    serviceUrl,
    channelId: 'msteams',
    bot: { id: '28:learning-review-bot' },
    user: { id: person.teamsUserId ?? '' },
  });
}

/** A 42-day alert for one person, under a key of its own. */
export function deadlineAlert(
  tenantId: string,
  reviewId: string,
  personId: string,
  n: number,
  dueAt = new Date('2026-11-17T09:00:00Z'),
): ReminderIntent {
  return {
    key: `test:${reviewId}:${personId}:${n}`,
    tenantId,
    reviewId,
    rule: 'deadline42.days-left',
    subject: { type: 'decision_deadline', id: reviewId },
    occasion: `left-${n}`,
    dueAt,
    audience: [{ role: 'committee_chair', personId }],
    severity: 'warning',
    facts: {
      reference: 'LR-2026-001',
      subjectPseudonym: 'Child A',
      reviewKind: 'CP',
      deadline: '2026-12-01',
      originalDeadline: '2026-12-01',
      standardDays: 42,
      daysLeft: 14,
      daysUsed: 28,
      standardDaysLeft: 14,
      pausedDays: 0,
      pauseCategory: null,
    },
  };
}

export async function realSender(
  store: Store,
  options: Partial<ReminderSenderOptions> & {
    limits: SendLimitSettings;
    botAppId?: string;
    /** The shared database, when the limits must hold across processes. */
    limiterPool?: Pool;
  },
) {
  const logger = options.logger ?? senderLog.logger;
  const adapter = createAdapter({ type: 'MultiTenant', appId: options.botAppId });
  const calendar = createCalendar();
  return createReminderSender({
    store,
    messenger: createTeamsMessenger(adapter, options.botAppId ?? '', logger),
    render: renderDeliveryCard,
    limiter: await createSendLimiter({ settings: options.limits, postgres: options.limiterPool }),
    logger,
    calendarFor: () => Promise.resolve(calendar),
    engine: createEngineContext(),
    ...options,
  });
}

/** A card that arrived during a walk: the step it arrived at, the conversation, and its text. */
export interface Arrival {
  at: string;
  to: string;
  text: string[];
}

export interface SweepWalk {
  /** Minutes between one step of the clock and the next. */
  everyMinutes: number;
  /** How many times the tick runs at each step (twice: as a stalled node-cron might). */
  ticks?: number;
  /** Each committee's calendar, for the ticks and the sender alike. */
  calendarFor: (tenantId: string) => Promise<Calendar>;
  /** The ticks' log; by default the one `expectSenderLogClean` scans. */
  logger?: Logger;
  digest?: SweepOptions['digest'];
  /** Only the cards whose first line begins so are kept. */
  startingWith?: string;
}

/** A store on a fresh SQLite file whose clock the test moves, and the Bot Connector stand-in. */
export interface SenderScene {
  readonly store: Store;
  readonly connector: ConnectorStandIn;
  readonly clock: TestClock;
  readonly sqlitePath: string;
  /**
   * The real ticks and the real sender (with no rate limits), and a walk of the clock from one
   * instant up to another: at each step the ticks run, the sender drains, and what arrived is kept.
   */
  walker(how: SweepWalk): Promise<(from: string, to: string) => Promise<Arrival[]>>;
  close(): Promise<void>;
}

export async function startSenderScene(start: string): Promise<SenderScene> {
  const folder = mkdtempSync(path.join(tmpdir(), 'lr-sender-'));
  const sqlitePath = path.join(folder, 'bot.sqlite');
  const clock = testClock(start);
  const store = await openStore({ sqlitePath, now: clock.now });
  const connector = await startConnectorStandIn();
  return {
    store,
    connector,
    clock,
    sqlitePath,
    async walker({ everyMinutes, ticks = 1, calendarFor, logger = senderLog.logger, digest, startingWith = '' }) {
      const sweep: SweepOptions = { store, engine: createEngineContext(), calendarFor, logger, digest };
      const sender = await realSender(store, {
        limits: { perConversation: [], perTenant: [] },
        now: clock.now,
        calendarFor,
      });
      return async (from, to) => {
        const arrivals: Arrival[] = [];
        for (let at = new Date(from); at < new Date(to); at = new Date(at.getTime() + everyMinutes * 60_000)) {
          clock.set(at);
          for (let i = 0; i < ticks; i += 1) await tick(sweep, at);
          const before = connector.received.length;
          await sender.drain();
          for (const r of connector.received.slice(before)) {
            const text = cardText(r.activity.attachments![0].content);
            if (text[0].startsWith(startingWith)) arrivals.push({ at: at.toISOString(), to: r.conversationId, text });
          }
        }
        return arrivals;
      };
    },
    async close() {
      await store.close();
      await connector.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
