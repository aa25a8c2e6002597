/**
 * Dates and times in words, as the committee's calendar shows them: "Tuesday 1 December 2026",
 * "Friday 27 November 2026 at 10:00". Every answer repeats a date this way so a misread is seen at once.
 */
import { DateTime } from 'luxon';

const inZone = (instant: Date, timeZone: string) => DateTime.fromJSDate(instant, { zone: timeZone }).setLocale('en-GB');

/**
 * Words already worked out, by what they were worked out from. A card says a handful of dates, the
 * same ones turn after turn, and putting a date into words costs more than the rest of the card's
 * sums; the words for a date never change. Emptied when it grows large, so it stays small.
 */
const said = new Map<string, string>();
const KEPT_SAYINGS = 5_000;

function remembered(key: string, say: () => string): string {
  let words = said.get(key);
  if (words === undefined) {
    words = say();
    if (said.size >= KEPT_SAYINGS) said.clear();
    said.set(key, words);
  }
  return words;
}

/** A calendar date (`YYYY-MM-DD`) in words. */
export function sayLocalDate(date: string): string {
  return remembered(date, () =>
    DateTime.fromISO(date, { zone: 'UTC' }).setLocale('en-GB').toFormat('cccc d LLLL yyyy'),
  );
}

/** The day an instant falls on in the committee's zone, in words. */
export function sayDay(instant: Date, timeZone: string): string {
  return remembered(`${instant.getTime()} ${timeZone}`, () => inZone(instant, timeZone).toFormat('cccc d LLLL yyyy'));
}

/** The day and the clock time, in words and 24-hour time. */
export function sayDayAndTime(instant: Date, timeZone: string): string {
  return remembered(`${instant.getTime()} ${timeZone} at`, () =>
    inZone(instant, timeZone).toFormat("cccc d LLLL yyyy 'at' HH:mm"),
  );
}

/** "1 day", "3 days". */
export const days = (n: number): string => `${n} ${Math.abs(n) === 1 ? 'day' : 'days'}`;
