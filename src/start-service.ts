/**
 * Composition: config -> store -> bot -> HTTP server. Used by `src/index.ts` and by tests that
 * need the whole service on a real port.
 */
import type { Config } from './config';
import type { Logger } from './logger';
import { type Calendar, type EngineSetup, type ReminderIntent } from './domain';
import { openStore, Store } from './store';
import { loadTemplates } from './templates/load-templates';
import { resolveReportKeys } from './reports-key';
import { createBot, Bot } from './bot/create-bot';
import { deliveryCardRenderer } from './bot/reminder-cards';
import { createTeamsMessenger } from './bot/teams-messenger';
import { createReminderSender, type ReminderSender } from './scheduler/reminder-sender';
import { createSendLimiter } from './scheduler/send-limits';
import { type RunningScheduler, startScheduler } from './scheduler/start-scheduler';
import { createServer } from './server';
import { calendarFileResponder } from './bot/calendar-file';

export interface RunningService {
  config: Config;
  /**
   * The process templates and reminder policy, checked at start. Each committee's calendar and
   * reminder time come from the store (`store.committees.calendarOf`, `committeeEngine`).
   */
  engine: EngineSetup;
  store: Store;
  bot: Bot;
  sender: ReminderSender;
  /** Null when started with `scheduler: false`. */
  scheduler: RunningScheduler | null;
  /** Queues a reminder now (an invitation from a command) and wakes the sender. */
  queueReminder(intent: ReminderIntent): Promise<{ created: boolean }>;
  /** A committee's calendar: its stored zone with the configured holiday region. */
  calendarFor(tenantId: string): Promise<Calendar>;
  /** e.g. http://127.0.0.1:3978 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServiceOptions {
  config: Config;
  logger: Logger;
  now?: () => Date;
  /** Tests only: a stand-in for the Bot Framework's token signing keys. */
  botOpenIdMetadataUrl?: string;
  /** Tests only: a stand-in for Microsoft Entra's token service (https), where the bot gets its own token. */
  botLoginUrl?: string;
  /** Tests only: false leaves the ticks and the sender's loop off (the test drives them). */
  scheduler?: boolean;
}

/**
 * The process templates (checked first: a committee's broken template stops the start before anything
 * else opens) and the store, told which templates loaded and what a new committee starts with. Shared
 * by the service and the command-line tools.
 */
export async function openEngineAndStore(
  config: Config,
  logger: Logger,
  now: () => Date,
): Promise<{ engine: EngineSetup; store: Store }> {
  // Templates first: a committee's broken template stops the start before anything else opens.
  const engine: EngineSetup = loadTemplates({ overrideDir: config.calendar.templatesDir });
  // TIME_ZONE, HOLIDAY_REGION and the policy's time of day are only where a new committee starts.
  const committeeDefaults = {
    timeZone: config.calendar.timeZone,
    holidayRegion: config.calendar.holidayRegion,
    reminderTime: engine.policy.timeOfDay,
  };
  logger.info({ templates: engine.templates.size, committeeDefaults }, 'templates loaded');
  const reportKeys = await resolveReportKeys(config, logger);
  const store = await openStore({
    reportKeys,
    databaseUrl: config.store.databaseUrl,
    sqlitePath: config.store.sqlitePath,
    now,
    // Reviews may only name templates (and steps) that loaded, so the engine can always plan them.
    templates: engine.templates,
    committeeDefaults,
    log: logger,
  });
  return { engine, store };
}

/** The reminder sender writing to Teams through the bot's adapter, under the configured limits. */
export async function createSender(parts: {
  config: Config;
  store: Store;
  engine: EngineSetup;
  bot: Pick<Bot, 'adapter'>;
  logger: Logger;
  calendarFor: (tenantId: string) => Promise<Calendar>;
  now: () => Date;
}): Promise<{ sender: ReminderSender; close: () => Promise<void> }> {
  const { config, store, engine, logger, calendarFor, now } = parts;
  // Counts for Teams' limits live in the shared database when there is one (every instance sees them).
  // The PostgreSQL driver is loaded only then: a bot on SQLite never needs it.
  const limiterPool = config.store.databaseUrl
    ? new (await import('pg')).Pool({ connectionString: config.store.databaseUrl, max: 2 })
    : undefined;
  limiterPool?.on('error', (error) =>
    logger.error({ err: { message: error.message } }, 'PostgreSQL connection for send limits lost while idle'),
  );
  const sender = createReminderSender({
    store,
    messenger: createTeamsMessenger(parts.bot.adapter, config.bot.appId ?? '', logger),
    render: deliveryCardRenderer(store, config, now),
    limiter: await createSendLimiter({ settings: config.sender.limits, postgres: limiterPool }),
    logger,
    calendarFor,
    engine,
    now,
    leaseMs: config.sender.leaseMs,
    concurrency: config.sender.concurrency,
    pollMs: config.sender.pollMs,
    defaultServiceUrl: config.sender.serviceUrl,
  });
  return { sender, close: async () => void (await limiterPool?.end()) };
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const { engine, store } = await openEngineAndStore(config, logger, now);
  // The bot queues what people ask for now; the sender, made after the bot (it writes through the bot's
  // adapter), is woken for it.
  let wakeSender = (): void => undefined;
  const queueReminder = async (intent: ReminderIntent) => {
    const { created } = await store.outbox.enqueue(intent.tenantId, intent);
    if (created) wakeSender();
    return { created };
  };
  try {
    const bot = createBot({
      config,
      store,
      engine,
      logger,
      now,
      queueReminder,
      wakeSender: () => wakeSender(),
      openIdMetadataUrl: options.botOpenIdMetadataUrl,
      loginUrl: options.botLoginUrl,
    });
    // Each committee's own calendar (zone, holiday region, its own days off), cached by the store.
    const calendarFor = (tenantId: string): Promise<Calendar> => store.committees.calendarOf(tenantId);
    const { sender, close: closeSender } = await createSender({ config, store, engine, bot, logger, calendarFor, now });
    wakeSender = () => sender.wake();
    const scheduler =
      options.scheduler === false
        ? null
        : startScheduler({
            store,
            engine,
            calendarFor,
            logger,
            sender,
            tickCron: config.schedules.tick,
            digest: { schedule: config.schedules.weeklyDigest, leadOfficers: config.leadOfficers },
            now,
          });
    const server = createServer({
      bot,
      storeHealth: () => store.health(),
      senderHealth: () => sender.health(),
      logger,
      calendarFile: calendarFileResponder(store, config.calendarLinkSecret, now),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
    const port = server.address().port;
    logger.info(
      { host: config.host, port, engine: store.engine, authenticated: Boolean(config.bot.appId) },
      'bot listening',
    );
    return {
      config,
      engine,
      store,
      bot,
      sender,
      scheduler,
      calendarFor,
      queueReminder,
      port,
      url: `http://127.0.0.1:${port}`,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
        });
        await (scheduler ? scheduler.stop() : sender.stop());
        await closeSender();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
