/**
 * Calendar dates as whole numbers: days since 1970-01-01. The engine does its date arithmetic on
 * these integers because a date has no time zone and no daylight saving, and because integer
 * arithmetic keeps 10,000 timelines well inside a second. `LocalDate` strings are the edge format.
 */
import type { LocalDate } from './model';

/** Days since 1970-01-01 on the committee's calendar. */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; throws on anything that is not a real calendar date (e.g. 2026-02-30). */
export function fromLocalDate(date: LocalDate): DayNumber {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new RangeError(`Not a date in the form YYYY-MM-DD: "${date}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = dayFromParts(year, month, day);
  if (toLocalDate(days) !== date) throw new RangeError(`No such calendar date: "${date}"`);
  return days;
}

export function isLocalDate(value: string): boolean {
  try {
    fromLocalDate(value);
    return true;
  } catch {
    return false;
  }
}

/** Formatting is the engine's hottest path (every view and occasion names dates), so it is memoised. */
const formatted = new Map<DayNumber, LocalDate>();

export function toLocalDate(day: DayNumber): LocalDate {
  let text = formatted.get(day);
  if (text === undefined) {
    const { year, month, day: dayOfMonth } = partsOfDay(day);
    text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
    if (formatted.size < 100_000) formatted.set(day, text);
  }
  return text;
}

/** Month is 1-12. Out-of-range days roll over, as Date.UTC does. */
export function dayFromParts(year: number, month: number, day: number): DayNumber {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function partsOfDay(day: DayNumber): { year: number; month: number; day: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** ISO weekday: Monday 1 ... Sunday 7. 1970-01-01 was a Thursday. */
export function isoWeekday(day: DayNumber): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(day: DayNumber): boolean {
  return isoWeekday(day) >= 6;
}

/**
 * Adds calendar months, keeping the day of the month and clamping to the month's last day
 * (31 January + 1 month = 28 or 29 February), the way people count "six months from the decision".
 */
export function addMonths(day: DayNumber, months: number): DayNumber {
  const parts = partsOfDay(day);
  const firstOfTarget = dayFromParts(parts.year, parts.month + months, 1);
  const target = partsOfDay(firstOfTarget);
  const lastOfTarget = dayFromParts(target.year, target.month + 1, 0);
  return Math.min(firstOfTarget + parts.day - 1, lastOfTarget);
}

/** Whole calendar months from one day to a later one (31 January to 28 February is 0). */
export function wholeMonthsBetween(from: DayNumber, to: DayNumber): number {
  let months = 0;
  while (addMonths(from, months + 1) <= to) months += 1;
  return months;
}
