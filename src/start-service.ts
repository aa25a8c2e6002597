/**
 * Composition: config -> store -> bot -> HTTP server. Used by `src/index.ts` and by tests that
 * need the whole service on a real port.
 */
import type { Config } from './config';
import type { Logger } from './logger';
import type { EngineSetup } from './domain';
import { openStore, Store } from './store';
import { loadTemplates } from './templates/load-templates';
import { createBot, Bot } from './bot/create-bot';
import { createServer } from './server';

export interface RunningService {
  config: Config;
  /**
   * The process templates and reminder policy, checked at start. Each committee's calendar and
   * reminder time come from the store (`store.committees.calendarOf`, `committeeEngine`).
   */
  engine: EngineSetup;
  store: Store;
  bot: Bot;
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
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  // Templates first: a committee's broken template stops the start before anything else opens.
  const engine: EngineSetup = loadTemplates({ overrideDir: config.calendar.templatesDir });
  // TIME_ZONE, HOLIDAY_REGION and the policy's time of day are only where a new committee starts.
  const committeeDefaults = {
    timeZone: config.calendar.timeZone,
    holidayRegion: config.calendar.holidayRegion,
    reminderTime: engine.policy.timeOfDay,
  };
  logger.info({ templates: engine.templates.size, committeeDefaults }, 'templates loaded');
  const store = await openStore({
    databaseUrl: config.store.databaseUrl,
    sqlitePath: config.store.sqlitePath,
    now,
    // Reviews may only name templates (and steps) that loaded, so the engine can always plan them.
    templates: engine.templates,
    committeeDefaults,
  });
  try {
    const bot = createBot({
      config,
      storage: store.turnState,
      logger,
      openIdMetadataUrl: options.botOpenIdMetadataUrl,
    });
    const server = createServer({ bot, storeHealth: () => store.health(), logger });
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
      port,
      url: `http://127.0.0.1:${port}`,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
        });
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
