/**
 * What every script that works on the store does first: read the settings (a bad one is one line on
 * standard error and exit code 1), log to standard error so that what the script prints stands alone
 * on standard output, open the store, and close it whatever happens.
 */
import { ConfigError, type Config, loadConfig } from '../src/config';
import type { EngineSetup } from '../src/domain';
import { createLogger, type Logger } from '../src/logger';
import { openEngineAndStore } from '../src/start-service';
import type { Store } from '../src/store';

export interface ScriptStore {
  config: Config;
  logger: Logger;
  engine: EngineSetup;
  store: Store;
}

export async function withScriptStore(run: (opened: ScriptStore) => Promise<number>): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, process.stderr);
  const { engine, store } = await openEngineAndStore(config, logger, () => new Date());
  try {
    return await run({ config, logger, engine, store });
  } finally {
    await store.close();
  }
}
