/** The whole service on a loopback port, on a fresh SQLite file, for conversation and e2e tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { RunningService, startService } from '../../src/start-service';

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
    LOG_LEVEL: 'info',
    ...env,
  });
  // Port 0 (any free port) is for tests only, so it is set here rather than accepted from PORT.
  const config = { ...loaded, host: '127.0.0.1', port: options.port ?? 0 };
  const logLines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n'))
        if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const service = await startService({
    config,
    logger: createLogger(config.logLevel, sink),
    botOpenIdMetadataUrl: options.botOpenIdMetadataUrl,
    now: options.now,
    scheduler: options.scheduler,
  });
  const closeService = service.close.bind(service);
  return Object.assign(service, {
    logLines,
    dataDir,
    async close() {
      await closeService();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
