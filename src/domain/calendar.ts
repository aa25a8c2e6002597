/**
 * The committee's calendar: its time zone (for turning instants into dates and back), the public
 * holidays of its region and its own extra days off (for working-day arithmetic). Public holidays
 * come from date-holidays, a maintained library, never from a hand-written table; the committee's
 * own days (a council's local holiday, an NHS board's or Police Scotland's) are its data.
 *
 * The rules are date-holidays' own, for the United Kingdom only (`holidays-gb.json`, written by
 * `npm run holidays` from the installed package), read by date-holidays' parser: the package's
 * entry point would hold every country's rules in memory to answer for one.
 */
import type HolidaysParser from 'date-holidays-parser';
import holidayData from './holidays-gb.json';
import { IANAZone } from 'luxon';
import { type DayNumber, dayFromParts, fromLocalDate, isWeekend, partsOfDay } from './day-number';
import type { LocalDate } from './model';

export const HOLIDAY_REGIONS = ['scotland', 'england-and-wales'] as const;
export type HolidayRegion = (typeof HOLIDAY_REGIONS)[number];

/** date-holidays names: GB with state SCT or ENG (England and Wales share their bank holidays). */
const DATE_HOLIDAYS_CODES: Record<HolidayRegion, { country: string; state: string }> = {
  scotland: { country: 'GB', state: 'SCT' },
  'england-and-wales': { country: 'GB', state: 'ENG' },
};

/** Holiday types that close offices; observances such as Mother's Day do not. */
const DAYS_OFF = new Set(['public', 'bank']);

export const DEFAULT_TIME_ZONE = 'Europe/London';
export const DEFAULT_HOLIDAY_REGION: HolidayRegion = 'scotland';

/** A day the committee's offices are closed beyond the region's public holidays. */
export interface DayOff {
  date: LocalDate;
  name: string;
}

export interface CalendarOptions {
  timeZone?: string;
  region?: HolidayRegion;
  /** The committee's own non-working days. */
  daysOff?: readonly DayOff[];
}

export interface Calendar {
  readonly timeZone: string;
  readonly region: HolidayRegion;
  readonly daysOff: readonly DayOff[];
  /** Not a weekend, not a public holiday of the region and not one of the committee's days off. */
  isWorkingDay(day: DayNumber): boolean;
  /** The committee's day off or the public holiday, by name; null on an ordinary day. */
  holidayName(day: DayNumber): string | null;
  /** The local date on which an instant falls. */
  dayOf(instant: Date): DayNumber;
  /**
   * The instant at a local wall-clock time on a date. A time that does not exist (inside a
   * spring-forward gap) moves forward by the gap, as luxon does.
   */
  instantAt(day: DayNumber, minutesOfDay: number): Date;
}

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
/** Offsets change on quarter-hour boundaries in every zone in use, so a quarter-hour cache is exact. */
const OFFSET_BUCKET_MS = 15 * MS_PER_MINUTE;

export function createCalendar(options: CalendarOptions = {}): Calendar {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const region = options.region ?? DEFAULT_HOLIDAY_REGION;
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}"`);
  if (!(region in DATE_HOLIDAYS_CODES)) throw new RangeError(`Unknown holiday region "${region}"`);
  const offsetMinutes = createOffsetLookup(timeZone);
  const publicHolidays = holidayLookup(region);
  const daysOff = [...(options.daysOff ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  const ownDays = new Map(daysOff.map((dayOff) => [fromLocalDate(dayOff.date), dayOff.name]));
  const holidays = (day: DayNumber): string | null => ownDays.get(day) ?? publicHolidays(day);

  const instantAt = (day: DayNumber, minutesOfDay: number): Date => {
    const wallClock = day * MS_PER_DAY + minutesOfDay * MS_PER_MINUTE;
    const firstGuess = wallClock - offsetMinutes(wallClock) * MS_PER_MINUTE;
    const secondGuess = wallClock - offsetMinutes(firstGuess) * MS_PER_MINUTE;
    const settled = wallClock - offsetMinutes(secondGuess) * MS_PER_MINUTE;
    return new Date(Math.max(secondGuess, settled));
  };

  return {
    timeZone,
    region,
    daysOff,
    isWorkingDay: (day) => !isWeekend(day) && holidays(day) === null,
    holidayName: holidays,
    dayOf: (instant) => {
      const ms = instant.getTime();
      return Math.floor((ms + offsetMinutes(ms) * MS_PER_MINUTE) / MS_PER_DAY);
    },
    instantAt,
  };
}

/** A zone's UTC offset (minutes) at an instant (ms), remembering at most `capacity` quarter-hours. */
export interface OffsetLookup {
  (ms: number): number;
  /** How many quarter-hours it remembers now; never more than its capacity. */
  readonly size: number;
}

/**
 * About two months of distinct quarter-hours: far more than a sweep touches at once (reminders
 * fall at a few times of day), and small enough that a long-running bot does not grow with every
 * instant it has ever seen. The oldest entry is forgotten first.
 */
const OFFSET_CACHE_CAPACITY = 6_000;

export function createOffsetLookup(timeZone: string, capacity = OFFSET_CACHE_CAPACITY): OffsetLookup {
  const zone = IANAZone.create(timeZone);
  const cache = new Map<number, number>();
  const lookup = (ms: number): number => {
    const bucket = Math.floor(ms / OFFSET_BUCKET_MS);
    let offset = cache.get(bucket);
    if (offset === undefined) {
      offset = zone.offset(bucket * OFFSET_BUCKET_MS);
      if (cache.size >= capacity) cache.delete(cache.keys().next().value as number);
      cache.set(bucket, offset);
    }
    return offset;
  };
  return Object.defineProperty(lookup, 'size', { get: () => cache.size }) as OffsetLookup;
}

let parser: typeof HolidaysParser | undefined;

/**
 * date-holidays' parser, loaded the first time a year's holidays are looked up (a morning's sweep, a
 * turn counting working days), not when the process starts: with the lunar and solar calendars and the
 * time-zone table it brings, it is one of the larger parts of the bot's memory at rest, and it takes
 * some 50 ms to load, once. Working-day arithmetic is synchronous, so the load is too, through Node's
 * `module.require` (an `import()` would make every date calculation asynchronous).
 */
function holidaysParser(): typeof HolidaysParser {
  parser ??= (module.require('date-holidays-parser') as { default: typeof HolidaysParser }).default;
  return parser;
}

/**
 * Loads a year of holidays the first time a date in it is asked about. Each year is tracked on
 * its own: asking about 2026 then 2028 must not pass over 2027. The last year's bounds are kept
 * so the common case (the same year again) needs no date parsing.
 */
function holidayLookup(region: HolidayRegion): (day: DayNumber) => string | null {
  const { country, state } = DATE_HOLIDAYS_CODES[region];
  let source: HolidaysParser | undefined;
  const names = new Map<DayNumber, string>();
  const loadedYears = new Set<number>();
  let lastYearFrom = Infinity;
  let lastYearTo = -Infinity;
  return (day) => {
    if (day < lastYearFrom || day > lastYearTo) {
      const { year } = partsOfDay(day);
      if (!loadedYears.has(year)) {
        source ??= new (holidaysParser())(holidayData, country, state);
        for (const holiday of source.getHolidays(year)) {
          if (DAYS_OFF.has(holiday.type)) names.set(dayOfHolidayDate(holiday.date), holiday.name);
        }
        loadedYears.add(year);
      }
      lastYearFrom = dayFromParts(year, 1, 1);
      lastYearTo = dayFromParts(year, 12, 31);
    }
    return names.get(day) ?? null;
  };
}

/** date-holidays writes dates as `YYYY-MM-DD hh:mm:ss` in the region's own zone. */
function dayOfHolidayDate(date: string): DayNumber {
  return dayFromParts(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/**
 * The n-th working day after `day` (n > 0) or before it (n < 0). With n = 0, `day` itself,
 * working or not, as date-fns' addBusinessDays does.
 */
export function addWorkingDays(calendar: Calendar, day: DayNumber, n: number): DayNumber {
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let current = day;
  while (remaining > 0) {
    current += step;
    if (calendar.isWorkingDay(current)) remaining -= 1;
  }
  return current;
}

/** `day` if it is a working day, else the working day before it. */
export function workingDayOnOrBefore(calendar: Calendar, day: DayNumber): DayNumber {
  return calendar.isWorkingDay(day) ? day : addWorkingDays(calendar, day, -1);
}

/** `day` if it is a working day, else the working day after it. */
export function workingDayOnOrAfter(calendar: Calendar, day: DayNumber): DayNumber {
  return calendar.isWorkingDay(day) ? day : addWorkingDays(calendar, day, 1);
}

/** Working days in (from, to]; negative when `to` is before `from`. */
export function workingDaysBetween(calendar: Calendar, from: DayNumber, to: DayNumber): number {
  if (to < from) return -workingDaysBetween(calendar, to, from);
  let count = 0;
  for (let day = from + 1; day <= to; day += 1) if (calendar.isWorkingDay(day)) count += 1;
  return count;
}

/** An IANA zone the calendar can use, e.g. `Europe/London`. */
export function isTimeZone(timeZone: string): boolean {
  return IANAZone.isValidZone(timeZone);
}

/** A wall-clock time written `HH:mm`, e.g. `09:00`. */
export function isTimeOfDay(time: string): boolean {
  return /^([01]\d|2[0-3]):([0-5]\d)$/.test(time);
}

/** Parses a wall-clock time `HH:mm` into minutes after midnight. */
export function minutesOfTime(time: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`Not a time in the form HH:mm: "${time}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}
