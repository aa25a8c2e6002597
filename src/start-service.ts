/**
 * Composition: config -> store -> bot -> HTTP server. Used by `src/index.ts` and by tests that
 * need the whole service on a real port.
 */
import type { Config } from './config';
import type { Logger } from './logger';
import type { EngineContext } from './domain';
import { openStore, Store } from './store';
import { createEngineContext } from './templates/load-templates';
import { createBot, Bot } from './bot/create-bot';
import { createServer } from './server';
import { calendarFileResponder } from './bot/calendar-file';

export interface RunningService {
  config: Config;
  /** The process templates, reminder policy and calendar, checked at start. */
  engine: EngineContext;
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
  const engine = createEngineContext({
    overrideDir: config.calendar.templatesDir,
    timeZone: config.calendar.timeZone,
    region: config.calendar.holidayRegion,
  });
  logger.info(
    { templates: engine.templates.size, timeZone: config.calendar.timeZone, region: config.calendar.holidayRegion },
    'templates loaded',
  );
  const store = await openStore({
    databaseUrl: config.store.databaseUrl,
    sqlitePath: config.store.sqlitePath,
    now,
    // Reviews may only name templates that loaded, so the engine can always plan them.
    knownTemplateIds: new Set(engine.templates.keys()),
  });
  try {
    const bot = createBot({
      config,
      store,
      engine,
      logger,
      now,
      openIdMetadataUrl: options.botOpenIdMetadataUrl,
    });
    const server = createServer({
      bot,
      storeHealth: () => store.health(),
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
