/**
 * Entry point: reads the configuration (environment, and `.env` when present), starts the service,
 * and stops it cleanly on SIGINT/SIGTERM. A configuration error is printed and the process exits 1.
 */
import 'dotenv/config';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startService } from './start-service';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const service = await startService({ config, logger });
  if (!config.bot.appId) {
    logger.warn('BOT_ID is not set: the bot accepts unauthenticated requests. Use this only on your own machine.');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`The bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
