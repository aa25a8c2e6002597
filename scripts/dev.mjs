#!/usr/bin/env node
// `npm run dev`: installs what is missing, builds, starts the bot on the embedded SQLite store, and
// starts the Microsoft 365 Agents Playground (a Teams chat emulator) pointed at it. Ctrl+C stops both.
// Unless LEAD_OFFICERS names someone, the Playground's user is the lead officer (see dev-settings.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { devBotEnvironment, PLAYGROUND_USER } from './dev-settings.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, [path.join(root, 'scripts', 'ensure-installed.mjs')]);
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);

// Installed by now (ensure-installed), so it can be loaded: the bot reads .env with the same package.
const { parse: parseDotenv } = await import('dotenv');
const dotenvFile = path.join(root, '.env');
const { environment, playgroundUserIsLeadOfficer } = devBotEnvironment(
  process.env,
  existsSync(dotenvFile) ? parseDotenv(readFileSync(dotenvFile)) : {},
);

const port = process.env.PORT ?? '3978';
const playgroundPort = process.env.PLAYGROUND_PORT ?? '56150';
const children = [];
const stopAll = (code) => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
};
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const bot = spawn(process.execPath, [path.join(root, 'dist', 'index.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...environment, PORT: port },
});
children.push(bot);
bot.on('exit', (code) => {
  console.error(`The bot stopped (exit code ${code}).`);
  stopAll(code ?? 1);
});

// Wait until the bot answers its health check before pointing the Playground at it.
const healthUrl = `http://127.0.0.1:${port}/healthz`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(healthUrl)).ok) break;
  } catch {
    // not listening yet
  }
  if (i > 300) {
    console.error(`The bot did not answer ${healthUrl} within a minute.`);
    stopAll(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const playgroundDir = path.join(root, 'data', 'playground');
mkdirSync(playgroundDir, { recursive: true });
const playground = spawn(
  process.execPath,
  [
    path.join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js'),
    'start',
    '-e',
    `http://127.0.0.1:${port}/api/messages`,
    '-c',
    'msteams',
    '-p',
    playgroundPort,
    '--disable-telemetry',
  ],
  // The Playground would try to open a browser itself and stops if the machine has none.
  { cwd: playgroundDir, env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: ['ignore', 'pipe', 'inherit'] },
);
children.push(playground);
playground.stdout.on('data', (chunk) => {
  const match = /Listening on (\d+)/.exec(chunk.toString());
  if (match) {
    console.log(`\n  The bot is running on http://localhost:${port}/api/messages (embedded store in ./data).`);
    console.log(`  Open http://localhost:${match[1]} in your browser to chat with it in the Agents Playground.`);
    if (playgroundUserIsLeadOfficer) {
      console.log(`  ${PLAYGROUND_USER.name}, the Playground's user, is a lead officer (LEAD_OFFICERS was not set).`);
      console.log('  Type "demo" in the chat box for a demo review to look around, or "help", then');
      console.log('  "new cp yesterday Child A", "list", and "timeline" with the reference the new review was given.');
    } else {
      console.log('  Type "help" in the chat box. Lead officers are the people LEAD_OFFICERS names.');
    }
    console.log('  Press Ctrl+C to stop.\n');
  }
});
playground.on('exit', (code) => {
  console.error(`The Agents Playground stopped (exit code ${code}).`);
  stopAll(code ?? 1);
});
