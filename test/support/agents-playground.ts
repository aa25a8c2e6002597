/**
 * Starts the Microsoft 365 Agents Playground (Microsoft's Teams client emulator, run offline from
 * its npm package) pointed at a bot, and stops it. Used by the end-to-end tests and `npm run dev`
 * has its own copy of the same three settings in scripts/dev.mjs.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Who is who in the Playground's built-in configuration (its default config file): the tenant every
 * activity names, the person typing in its chat, and the bot as its @mention menu lists it.
 * `npm run dev` names the same user in scripts/dev-settings.mjs.
 */
export const PLAYGROUND = {
  tenantId: '00000000-0000-0000-0000-0000000000001',
  /** Not a strict GUID (13 digits in its last group), as the Playground ships it. */
  user: { aadObjectId: '00000000-0000-0000-0000-0000000000020', teamsUserId: 'user-id-0', name: 'Alex Wilber' },
  botName: 'Test Bot',
  channel: 'General',
} as const;

export interface Playground {
  url: string;
  /** The Playground's own log: what it sent to the bot and what came back. */
  log(): string;
  stop(): Promise<void>;
}

const CLI = path.resolve(__dirname, '..', '..', 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

export async function startPlayground(botEndpoint: string, timeoutMs = 30000): Promise<Playground> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'lrb-playground-'));
  const logFile = path.join(workDir, 'playground.log');
  const child: ChildProcess = spawn(
    process.execPath,
    // Port 0 is refused by its CLI; ask for a high port and read back the one it chose.
    [
      CLI,
      'start',
      '-e',
      botEndpoint,
      '-c',
      'msteams',
      '--disable-telemetry',
      '-p',
      String(20000 + Math.floor(Math.random() * 20000)),
    ],
    {
      cwd: workDir,
      // No browser to open on a server; its log goes to a file we can attach to a failure.
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_LOGFILE: logFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the Playground did not start within ${timeoutMs} ms: ${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Playground exited (${code}) before listening: ${output}`));
    });
  });
  return {
    url: `http://localhost:${port}`,
    log: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
