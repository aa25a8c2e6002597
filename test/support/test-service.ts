/**
 * The whole service on a loopback port, on a fresh SQLite file, for conversation and e2e tests. It
 * logs at `trace`, and closing it scans every line for the sensitive values the test used (see
 * log-scan.ts): a test whose service logged a name, a pseudonym or a note fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { RunningService, startService } from '../../src/start-service';
import { capturedLog, expectNothingSensitiveLogged } from './log-scan';

export interface TestService extends RunningService {
  /** Every log line the service wrote, parsed. */
  logLines: Array<Record<string, unknown>>;
  dataDir: string;
}

export async function startTestService(
  env: Record<string, string> = {},
  options: {
    port?: number;
    dataDir?: string;
    botOpenIdMetadataUrl?: string;
    now?: () => Date;
    /** false: no ticks and no sender loop (the test drives them). */
    scheduler?: boolean;
  } = {},
): Promise<TestService> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'lrb-test-'));
  const loaded = loadConfig({
    NODE_ENV: 'test',
    SQLITE_PATH: path.join(dataDir, 'bot.sqlite'),
    LOG_LEVEL: 'trace',
    ...env,
  });
  // Port 0 (any free port) is for tests only, so it is set here rather than accepted from PORT.
  const config = { ...loaded, host: '127.0.0.1', port: options.port ?? 0 };
  const { logger, lines: logLines } = capturedLog(config.logLevel);
  const service = await startService({
    config,
    logger,
    botOpenIdMetadataUrl: options.botOpenIdMetadataUrl,
    now: options.now,
    scheduler: options.scheduler,
  });
  // The tick the service runs as it starts (its catch-up) is finished before the test goes on, so a
  // review the test opens next is swept by the test's own ticks, not raced by this one.
  await service.scheduler?.tickNow();
  const closeService = service.close.bind(service);
  let closed: Promise<void> | null = null;
  return Object.assign(service, {
    logLines,
    dataDir,
    /** Stops the service and scans its log; a second call does nothing (the scan has reported). */
    close() {
      if (closed) return closed.catch(() => undefined);
      closed = (async () => {
        await closeService();
        try {
          await expectNothingSensitiveLogged(logLines, config.store);
        } finally {
          if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
        }
      })();
      return closed;
    },
  });
}
