/**
 * The key single-agency reports are sealed with, settled once at start. REPORTS_KEY when set (with
 * REPORTS_OLD_KEYS beside it while a key is rotated out); production never gets here without one.
 * Development keeps a generated key in `reports.key` beside its SQLite file, so reports stored
 * today still open tomorrow, and says so; tests get a fresh key for each start.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from './config';
import type { Logger } from './logger';
import { newReportKey, parseReportKey, reportKeyring, type ReportKeyring } from './store';

export const DEVELOPMENT_KEY_FILE = 'reports.key';

export async function resolveReportKeys(
  config: Pick<Config, 'env' | 'reports' | 'store'>,
  logger: Logger,
): Promise<ReportKeyring> {
  const { key, oldKeys } = config.reports;
  if (key) return reportKeyring(key, oldKeys);
  if (config.env === 'production') throw new Error('REPORTS_KEY is required when NODE_ENV=production');
  if (config.env === 'test') return reportKeyring(newReportKey(), oldKeys);
  const path = join(dirname(config.store.sqlitePath), DEVELOPMENT_KEY_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = newReportKey().toString('base64');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
    logger.warn(
      { path },
      'REPORTS_KEY is not set: generated a development reports key; set REPORTS_KEY before storing real reports',
    );
  }
  let parsed;
  try {
    parsed = parseReportKey(text);
  } catch (error) {
    throw new Error(
      `The development reports key in ${path} ${(error as Error).message}: remove the file to make a new one (reports sealed with it will no longer open)`,
    );
  }
  logger.info(
    { path, keyId: parsed.id },
    'REPORTS_KEY is not set: reports are sealed with the development key in this file',
  );
  return reportKeyring(parsed.key, oldKeys);
}
