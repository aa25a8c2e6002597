/**
 * `npm run package` as an IT team runs it: settings in a .env file and the environment, the zip in
 * appPackage/build/, and a problem answered with exit code 1 and what to change.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { commandLists } from '../../src/bot/command-menu';
import { commandDefinitions } from '../../src/bot/commands';
import { REPOSITORY, SETTINGS, unzip } from './package-fixture';

jest.setTimeout(60_000);

const BUILD = path.join(REPOSITORY, 'appPackage', 'build');

let cwd: string;
/** A name of its own for each test's package, so nothing it writes can be mistaken for another's. */
let envName: string;

beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'lrb-package-cwd-'));
  envName = `test-${randomUUID().slice(0, 8)}`;
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
  for (const file of [`appPackage.${envName}.zip`, `manifest.${envName}.json`])
    rmSync(path.join(BUILD, file), { force: true });
});

const envFile = (name: string, values: Record<string, string>) =>
  writeFileSync(
    path.join(cwd, name),
    Object.entries(values)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
  );

/** Runs the script npm runs, in a folder of its own, with only the given environment (plus PATH). */
function runPackage(args: string[], env: Record<string, string> = {}) {
  const tsx = pathToFileURL(require.resolve('tsx', { paths: [REPOSITORY] })).href;
  return spawnSync(process.execPath, ['--import', tsx, path.join(REPOSITORY, 'scripts', 'package-app.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 50_000,
  });
}

const zipOf = (name: string) => path.join(BUILD, `appPackage.${name}.zip`);

it('builds appPackage/build/appPackage.<env>.zip from .env.<env>, the environment winning over the file', () => {
  envFile(`.env.${envName}`, { ...SETTINGS, APP_DEVELOPER_NAME: 'Named in the file' });
  const run = runPackage(['--env', envName], { APP_DEVELOPER_NAME: 'Named in the environment' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain(`appPackage.${envName}.zip`);
  const menus = commandLists(commandDefinitions())
    .map((list) => `${list.scopes[0]}: ${list.commands.map((c) => c.title).join(', ')}`)
    .join('; ');
  expect(run.stdout).toContain(`command menus (${menus})`);
  const entries = unzip(zipOf(envName));
  expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { developer: { name: string } };
  expect(manifest.developer.name).toBe('Named in the environment');
});

it('names the package after NODE_ENV when no --env is given, reading .env as the bot does', () => {
  envFile('.env', { ...SETTINGS, NODE_ENV: envName });
  const run = runPackage([]);
  expect(run.status).toBe(0);
  expect(existsSync(zipOf(envName))).toBe(true);
});

it('stops with exit code 1, names what to set, and writes no zip', () => {
  envFile(`.env.${envName}`, { ...SETTINGS, APP_PRIVACY_URL: '' });
  const run = runPackage(['--env', envName]);
  expect(run.status).toBe(1);
  expect(run.stderr).toBe(
    'The app package was not built:\n' +
      "  - ${{APP_PRIVACY_URL}} in manifest.json developer.privacyUrl is not filled: set APP_PRIVACY_URL to the https address of the committee's privacy notice for the bot, in the environment or a .env file\n",
  );
  expect(existsSync(zipOf(envName))).toBe(false);
});

it('answers arguments it does not understand with its usage', () => {
  const run = runPackage(['production']);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('I did not understand "production". Usage: npm run package [-- --env <name>]');
});
