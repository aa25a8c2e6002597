/**
 * Reads a date (and perhaps a time) at the start of what someone typed, the British way: "3/12/2026"
 * is 3 December, and words work too ("yesterday", "next Thursday 10am", "1 Dec"), whatever locale
 * the client sends. chrono-node's en-GB parser finds the date's parts; Luxon builds the instant in
 * the committee's time zone (chrono's own time-zone option does not take IANA names).
 */
import * as chrono from 'chrono-node/en';
import { DateTime } from 'luxon';

export interface ReadDate {
  /** The calendar date in the committee's zone, `YYYY-MM-DD`. */
  date: string;
  /** The instant: the time given, else the start of that day in the committee's zone. */
  instant: Date;
  /** Whether a time of day was given. */
  hasTime: boolean;
  /** What was read, and what follows it (the rest of the line). */
  text: string;
  rest: string;
}

export type DateReading = { ok: true; value: ReadDate } | { ok: false; problem: string };

/**
 * Which side of today a date that leaves something out is on. A day and month without a year ("12
 * May") is read as the nearest one, and a bare weekday ("Friday") as the nearest that day; but
 * something that has happened (a decision, a notification) was in the past, and a meeting being
 * booked is ahead, so those readers say which side: "on 12 May" in November is last May for a
 * decision and next May for a meeting. A date given in full is read as given.
 */
export type DateSide = 'past' | 'future';

/** The answer to a line that holds no date the reader knows (an impossible date gets its own). */
export const NO_DATE_READ = 'I could not read a date there. Write it as day/month/year, such as 20/10/2026.';

/** Numbers that look like a day, month and year: checked so an impossible one gets a precise answer. */
const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/;

/** The months' names, January first. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Why a day/month/year that chrono would not read is not a date, in one sentence; null if it is one. */
function impossibleDate(day: number, month: number, year: number, typed: string): string | null {
  if (month < 1 || month > 12)
    return `"${typed}" is not a date: there is no month ${month} (dates are day/month/year).`;
  const length = DateTime.fromObject({ year, month, day: 1 }).daysInMonth ?? 31;
  if (day < 1 || day > length) return `"${typed}" is not a date: ${MONTH_NAMES[month - 1]} ${year} has ${length} days.`;
  return null;
}

/**
 * The date at the start of `input`, read relative to `now` in `timeZone`. A line that does not start
 * with a date, or starts with an impossible one, gets a sentence saying so.
 */
export function readDateAtStart(input: string, now: Date, timeZone: string, side?: DateSide): DateReading {
  const text = input.trim();
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) {
    const year = numeric[3].length === 2 ? 2000 + Number(numeric[3]) : Number(numeric[3]);
    const problem = impossibleDate(Number(numeric[1]), Number(numeric[2]), year, numeric[0]);
    if (problem) return { ok: false, problem };
  }
  const today = DateTime.fromJSDate(now, { zone: timeZone });
  const [result] = chrono.GB.parse(text, { instant: now, timezone: today.offset }, { forwardDate: false });
  if (!result || result.index !== 0) {
    return { ok: false, problem: NO_DATE_READ };
  }
  const hasTime = result.start.isCertain('hour');
  const at = (year: number, month: number, day: number) =>
    DateTime.fromObject(
      {
        year,
        month,
        day,
        hour: hasTime ? (result.start.get('hour') ?? 0) : 0,
        minute: hasTime ? (result.start.get('minute') ?? 0) : 0,
      },
      { zone: timeZone },
    );
  let local = at(
    result.start.get('year') ?? today.year,
    result.start.get('month') ?? today.month,
    result.start.get('day') ?? today.day,
  );
  const todayDate = today.toISODate() ?? '';
  const wrongSide = (d: DateTime) =>
    side === 'past' ? (d.toISODate() ?? '') > todayDate : side === 'future' && (d.toISODate() ?? '') < todayDate;
  if (side && local.isValid && wrongSide(local)) {
    const step = side === 'past' ? -1 : 1;
    if (result.start.isCertain('day') && !result.start.isCertain('year')) {
      local = at(local.year + step, local.month, local.day);
    } else if (
      !result.start.isCertain('day') &&
      result.start.isCertain('weekday') &&
      !/\b(?:last|next|this|coming|past)\b/i.test(result.text)
    ) {
      local = local.plus({ days: 7 * step });
    }
  }
  if (!local.isValid) return { ok: false, problem: `"${result.text}" is not a date on the calendar.` };
  return {
    ok: true,
    value: {
      date: local.toISODate(),
      instant: local.toJSDate(),
      hasTime,
      text: result.text,
      rest: text.slice(result.text.length).trim(),
    },
  };
}

/** The whole of `input` must be one date. */
export function readDate(input: string, now: Date, timeZone: string, side?: DateSide): DateReading {
  const reading = readDateAtStart(input, now, timeZone, side);
  if (reading.ok && reading.value.rest !== '') {
    return { ok: false, problem: NO_DATE_READ };
  }
  return reading;
}
