/**
 * Builds the Teams app package: the manifest template with its placeholders filled and the command
 * menu made from the bot's commands, validated against Microsoft's schema, zipped with both icons
 * at the top of the zip. Anything wrong stops the build with sentences naming what to change.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { commandLists, CommandMenuError } from '../../src/bot/command-menu';
import type { CommandDefinition } from '../../src/bot/command-router';
import { fillPlaceholders } from './fill-placeholders';
import { checkIcon, IconRole, ICON_SIZES } from './icons';
import type { PackageVariableName } from './package-variables';
import { validateManifest } from './validate-manifest';

export interface AppPackageOptions {
  /** The folder holding manifest.json (the template) and the icons. */
  sourceDir: string;
  /** Where the zip is written; created when missing. */
  outDir: string;
  /** Names the zip: appPackage.<envName>.zip. */
  envName: string;
  /** The settings as set: the environment over `.env`. */
  values: Record<string, string | undefined>;
  /** What a setting falls back to when it is not set. */
  defaults?: Partial<Record<PackageVariableName, string>>;
  commands: readonly CommandDefinition[];
}

export interface AppPackage {
  zipFile: string;
  /** The filled manifest, also written beside the zip as manifest.<envName>.json for reading. */
  manifestFile: string;
  manifest: Manifest;
}

interface Manifest {
  manifestVersion?: unknown;
  version?: unknown;
  icons?: Partial<Record<IconRole, unknown>>;
  bots?: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

export class AppPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The app package was not built:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

/** Zip entries carry this time, so the same sources always make the same zip. */
const ZIP_TIME = new Date('2020-01-01T00:00:00');

export function buildAppPackage(options: AppPackageOptions): AppPackage {
  const templateFile = path.join(options.sourceDir, 'manifest.json');
  const template = readTemplate(templateFile);

  const problems: string[] = [];
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(options.envName)) {
    problems.push(`The environment name "${options.envName}" names a file: use letters, digits, '.', '_' or '-'`);
  }
  const bot = template.bots?.[0];
  if (!bot) problems.push(`${shown(templateFile)} declares no bot: it needs one entry in bots`);
  else if ('commandLists' in bot) {
    problems.push(
      `${shown(templateFile)} lists commands in bots[0].commandLists; the package makes them from the bot's ` +
        'commands (their menu field), so take them out of the template',
    );
  }

  const filled = fillPlaceholders(template, options.values, options.defaults);
  problems.push(...filled.problems);
  const manifest = filled.manifest as Manifest;
  try {
    const filledBot = manifest.bots?.[0];
    if (filledBot) filledBot.commandLists = commandLists(options.commands);
  } catch (error) {
    if (!(error instanceof CommandMenuError)) throw error;
    problems.push(...error.problems);
  }

  const icons = new Map<IconRole, string>();
  for (const role of Object.keys(ICON_SIZES) as IconRole[]) {
    const name = manifest.icons?.[role];
    if (typeof name !== 'string' || name !== path.basename(name) || name.startsWith('.')) {
      problems.push(`manifest.json icons.${role} must name a file beside manifest.json (got ${JSON.stringify(name)})`);
      continue;
    }
    const file = path.join(options.sourceDir, name);
    const iconProblems = checkIcon(file, role, shown(file));
    problems.push(...iconProblems);
    if (iconProblems.length === 0) icons.set(role, name);
  }
  if (problems.length > 0) throw new AppPackageError(problems);

  const invalid = validateManifest(manifest, filled.filledFrom);
  if (invalid.length > 0) throw new AppPackageError(invalid);

  mkdirSync(options.outDir, { recursive: true });
  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const manifestFile = path.join(options.outDir, `manifest.${options.envName}.json`);
  writeFileSync(manifestFile, manifestJson);
  const zipFile = path.join(options.outDir, `appPackage.${options.envName}.zip`);
  const entries: Record<string, Uint8Array> = { 'manifest.json': Buffer.from(manifestJson) };
  for (const name of icons.values()) entries[name] = readFileSync(path.join(options.sourceDir, name));
  writeFileSync(zipFile, zipSync(entries, { level: 9, mtime: ZIP_TIME }));
  return { zipFile, manifestFile, manifest };
}

function readTemplate(file: string): Manifest {
  if (!existsSync(file)) throw new AppPackageError([`${shown(file)} is missing`]);
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Manifest;
    throw new Error('it is not a JSON object');
  } catch (error) {
    throw new AppPackageError([`${shown(file)} is not valid JSON: ${(error as Error).message}`]);
  }
}

/** A file as a person at the terminal would name it: relative to where they are, when it is below. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
