/**
 * `npm run rotate-reports-key`: seals every single-agency report again under the key REPORTS_KEY
 * names, reading the older ones with the keys in REPORTS_OLD_KEYS (reports stored before encryption
 * began are sealed too). Run it after moving the old key into REPORTS_OLD_KEYS and putting the new
 * one in REPORTS_KEY; once it says every report is under the new key, REPORTS_OLD_KEYS can go.
 * Safe to run again, and to stop half way: each report is sealed again in its own transaction.
 *
 * `npm run rotate-reports-key -- --new-key` prints a fresh random key and changes nothing.
 */
// The same .env the bot reads, so the rotation works on the bot's own store and keys.
import 'dotenv/config';
import { ConfigError, loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { openEngineAndStore } from '../src/start-service';
import { isStoreError, newReportKey, reportKeyId } from '../src/store';

const USAGE = 'Usage: npm run rotate-reports-key [-- --new-key]';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length === 1 && args[0] === '--new-key') {
    process.stdout.write(`${newReportKey().toString('base64')}\n`);
    return 0;
  }
  if (args.length > 0) {
    process.stderr.write(`"${args[0]}" is not an option of the rotation.\n${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (!config.reports.key) {
    process.stderr.write(
      'REPORTS_KEY must be set to the new key (npm run rotate-reports-key -- --new-key makes one), with the key it replaces in REPORTS_OLD_KEYS.\n',
    );
    return 1;
  }
  const logger = createLogger(config.logLevel, process.stderr);
  const { store } = await openEngineAndStore(config, logger, () => new Date());
  try {
    const { resealed } = await store.reportRequests.resealWithCurrentKey();
    const id = reportKeyId(config.reports.key);
    process.stdout.write(
      `Sealed ${resealed} ${resealed === 1 ? 'report' : 'reports'} again. Every report is now under the key REPORTS_KEY names (id ${id}); REPORTS_OLD_KEYS can be removed.\n`,
    );
    return 0;
  } catch (error) {
    if (isStoreError(error) && error.code === 'report_key') {
      process.stderr.write(
        `${error.message}\nNothing more was changed: the reports sealed before this stay readable.\n`,
      );
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The rotation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
