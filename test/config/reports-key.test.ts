/**
 * Where the reports key comes from at start: REPORTS_KEY when set; in development, a key generated
 * once into reports.key beside the SQLite file (and said so), the same key on the next start.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { resolveReportKeys } from '../../src/reports-key';

let folder: string;
const lines: Array<{ msg: string; path?: string }> = [];
const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as { msg: string }) });

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'lr-key-'));
  lines.length = 0;
});
afterEach(() => rm(folder, { recursive: true, force: true }));

test('development generates a key beside its database once, says so, and keeps it', async () => {
  const config = loadConfig({ SQLITE_PATH: join(folder, 'data', 'bot.sqlite') });
  const first = await resolveReportKeys(config, logger);
  const path = join(folder, 'data', 'reports.key');
  expect(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64')).toEqual(first.current.key);
  expect((await stat(path)).mode & 0o777).toBe(0o600);
  expect(lines.some((l) => l.msg.startsWith('REPORTS_KEY is not set: generated a development reports key'))).toBe(true);

  lines.length = 0;
  const second = await resolveReportKeys(config, logger);
  expect(second.current.id).toBe(first.current.id);
  expect(lines.some((l) => l.msg.startsWith('REPORTS_KEY is not set: generated'))).toBe(false);
  expect(JSON.stringify(lines)).not.toContain(first.current.key.toString('base64'));
});

test('REPORTS_KEY wins, with the old keys beside it; a damaged development key is named', async () => {
  const key = Buffer.alloc(32, 3);
  const old = Buffer.alloc(32, 4);
  const ring = await resolveReportKeys(
    loadConfig({ REPORTS_KEY: key.toString('base64'), REPORTS_OLD_KEYS: old.toString('base64') }),
    logger,
  );
  expect(ring.current.key).toEqual(key);
  expect(ring.old.map((k) => k.key)).toEqual([old]);

  await writeFile(join(folder, 'reports.key'), 'short');
  await expect(resolveReportKeys(loadConfig({ SQLITE_PATH: join(folder, 'bot.sqlite') }), logger)).rejects.toThrow(
    /reports\.key holds 3 bytes, not 32: remove the file/,
  );
});
