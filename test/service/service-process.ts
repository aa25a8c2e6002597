/**
 * The whole service as a process of its own, configured from its environment like `npm start`,
 * with test-only endpoints from its arguments: where the Bot Framework's signing keys are
 * published (a stand-in) and where the bot gets its own token (a stand-in over TLS). Prints
 * `{"listening": url}` once it listens; its log lines (JSON) follow on standard output.
 * Usage: node --import tsx service-process.ts <openIdMetadataUrl> <loginUrl>
 */
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startService } from '../../src/start-service';

async function main(): Promise<void> {
  const [openIdMetadataUrl, loginUrl] = process.argv.slice(2);
  const loaded = loadConfig(process.env);
  // Port 0 (any free port) is for tests only, so it is set here rather than accepted from PORT.
  const config = { ...loaded, host: '127.0.0.1', port: 0 };
  const service = await startService({
    config,
    logger: createLogger(config.logLevel),
    botOpenIdMetadataUrl: openIdMetadataUrl,
    botLoginUrl: loginUrl,
  });
  process.stdout.write(`${JSON.stringify({ listening: service.url })}\n`);
  process.on('SIGTERM', () => {
    void service.close().then(() => process.exit(0));
  });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
