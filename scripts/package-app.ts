/**
 * `npm run package [-- --env <name>]`: builds appPackage/build/appPackage.<name>.zip, the file an IT
 * team uploads to Teams. Settings come from the environment, over `.env` (or `.env.<name>` with
 * --env); without --env the name is NODE_ENV's. A problem stops it with what to change, exit code 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { commandDefinitions } from '../src/bot/commands';
import { AppPackageError, buildAppPackage } from './app-package/build-app-package';

const ROOT = path.resolve(__dirname, '..');
const USAGE = 'Usage: npm run package [-- --env <name>]';

function environmentName(args: string[]): string | undefined {
  const [flag, value, ...rest] = args;
  if (flag === undefined) return undefined;
  if (flag.startsWith('--env=') && value === undefined) return flag.slice('--env='.length);
  if (flag === '--env' && value !== undefined && rest.length === 0) return value;
  throw new AppPackageError([`I did not understand "${args.join(' ')}". ${USAGE}`]);
}

function main(): number {
  try {
    const named = environmentName(process.argv.slice(2));
    const envFile = named === undefined ? '.env' : `.env.${named}`;
    const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {};
    // As for the bot itself: what the environment sets wins over the file.
    const values = { ...fromFile, ...process.env };
    const envName = named ?? (values.NODE_ENV?.trim() || 'development');
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

    const built = buildAppPackage({
      sourceDir: path.join(ROOT, 'appPackage'),
      outDir: path.join(ROOT, 'appPackage', 'build'),
      envName,
      values,
      defaults: { APP_VERSION: version },
      commands: commandDefinitions(),
    });

    const { manifest } = built;
    const menus = (manifest.bots?.[0]?.commandLists as Array<{ scopes: string[]; commands: Array<{ title: string }> }>)
      .map((list) => `${list.scopes.join(', ')}: ${list.commands.map((c) => c.title).join(', ')}`)
      .join('; ');
    process.stdout.write(
      [
        `Wrote ${path.relative(process.cwd(), built.zipFile)}`,
        `  settings from ${existsSync(envFile) ? `the environment and ${envFile}` : 'the environment'}`,
        `  manifest ${String(manifest.manifestVersion)}, version ${String(manifest.version)}, bot ${String(manifest.id)}`,
        `  command menus (${menus})`,
        'Upload it in the Teams admin centre (Teams apps > Manage apps > Upload new app), or in Teams',
        '(Apps > Manage your apps > Upload an app > Upload a custom app).',
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof AppPackageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = main();
