/**
 * The house's arrows point inwards: only `src/bot/` knows the Bot Framework, the store knows
 * nothing of the bot, and the domain imports nothing of ours but itself. A move to another Teams
 * SDK then touches one folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '..', '..', 'src');
const FRAMEWORK = /^(botbuilder|botbuilder-[\w-]+|botframework-[\w-]+|@microsoft\/teams-ai|@microsoft\/teams\.[\w-]+)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file imports or re-exports, as written. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'|import\('([^']+)'\)/g)].map(
    (m) => m[1] ?? m[2],
  );
}

const relative = (file: string) => path.relative(SRC, file).split(path.sep).join('/');
const files = sourceFiles(SRC).map((file) => ({ file: relative(file), imports: importsOf(file) }));

/** Where an import of `from` inside `file` points, relative to src/ (null for packages). */
function target(file: string, from: string): string | null {
  if (!from.startsWith('.')) return null;
  return relative(path.resolve(SRC, path.dirname(file), from));
}

it('finds the source files it checks', () => {
  expect(files.length).toBeGreaterThan(30);
  expect(files.find((f) => f.file === 'bot/create-bot.ts')?.imports).toContain('@microsoft/teams-ai');
});

it('keeps the Bot Framework and teams-ai inside src/bot/ and the composition root', () => {
  const allowed = (file: string) => file.startsWith('bot/') || file === 'start-service.ts';
  const offenders = files.flatMap(({ file, imports }) =>
    allowed(file) ? [] : imports.filter((from) => FRAMEWORK.test(from)).map((from) => `${file} imports ${from}`),
  );
  expect(offenders).toEqual([]);
});

it('keeps the store and the templates loader free of the bot and the service', () => {
  const offenders = files.flatMap(({ file, imports }) =>
    file.startsWith('store/') || file.startsWith('templates/')
      ? imports
          .map((from) => target(file, from))
          .filter((to): to is string => to !== null && !/^(domain|store|templates)(\/|$)/.test(to))
          .map((to) => `${file} imports ${to}`)
      : [],
  );
  expect(offenders).toEqual([]);
});

it('keeps the domain pure: it imports nothing of ours but itself', () => {
  const offenders = files.flatMap(({ file, imports }) =>
    file.startsWith('domain/')
      ? imports
          .map((from) => target(file, from))
          .filter((to): to is string => to !== null && !to.startsWith('domain/'))
          .map((to) => `${file} imports ${to}`)
      : [],
  );
  expect(offenders).toEqual([]);
});
