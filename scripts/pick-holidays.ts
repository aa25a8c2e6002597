/**
 * `npm run holidays`: writes `src/domain/holidays-gb.json`, the United Kingdom's part of date-holidays'
 * own data (its `GB` rules, with the shared holiday names they refer to), which the calendar hands to
 * date-holidays' parser. The whole package would load every country's rules into the bot at start (the
 * largest single part of its resting memory) to answer for one. This is date-holidays' documented
 * "custom build" (`holidays2json --pick GB`), written into this repository instead of over the installed
 * package. `test/domain/holiday-data.test.ts` fails when an upgraded date-holidays has changed the
 * United Kingdom's holidays and the file has not been written again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The countries the committees' holiday regions belong to (scotland and england-and-wales are in GB). */
export const HOLIDAY_COUNTRIES = ['GB'] as const;

export const HOLIDAY_DATA_FILE = path.resolve(__dirname, '..', 'src', 'domain', 'holidays-gb.json');

interface HolidayData {
  version?: string;
  license?: string;
  holidays: Record<string, unknown>;
  names: Record<string, unknown>;
}

/** Every `_name` a country's rules refer to (a shared name such as `12-25` in many languages). */
function namesReferred(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) namesReferred(item, found);
  else if (value !== null && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (key === '_name' && typeof inner === 'string') found.add(inner);
      else namesReferred(inner, found);
    }
  return found;
}

/**
 * The given countries' rules from date-holidays' full data, with the names they refer to and the
 * name the parser gives a substitute day.
 */
export function pickHolidayData(full: HolidayData, countries: readonly string[] = HOLIDAY_COUNTRIES): HolidayData {
  const holidays = Object.fromEntries(countries.map((country) => [country, full.holidays[country]]));
  const wanted = namesReferred(holidays, new Set(['substitutes']));
  const names = Object.fromEntries(Object.entries(full.names).filter(([name]) => wanted.has(name)));
  return { version: full.version, license: full.license, holidays, names };
}

/** date-holidays' full data, as the installed package ships it (`data/holidays.json`, every country). */
export function fullHolidayData(): HolidayData {
  const folder = path.dirname(require.resolve('date-holidays/package.json'));
  return JSON.parse(readFileSync(path.join(folder, 'data', 'holidays.json'), 'utf8')) as HolidayData;
}

async function main(): Promise<void> {
  const picked = pickHolidayData(fullHolidayData());
  // Written as Prettier writes it, so `npm run lint` passes on the new file.
  const { format, resolveConfig } = await import('prettier');
  const options = await resolveConfig(HOLIDAY_DATA_FILE);
  writeFileSync(HOLIDAY_DATA_FILE, await format(JSON.stringify(picked), { ...options, parser: 'json' }));
  process.stdout.write(
    `Wrote ${path.relative(process.cwd(), HOLIDAY_DATA_FILE)}: ${Object.keys(picked.holidays).join(', ')} from date-holidays ${picked.version ?? ''}\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
