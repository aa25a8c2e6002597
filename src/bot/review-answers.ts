/**
 * What the commands that change a review have in common: who may run them, the card form they answer
 * with when typed bare, the optional `on <date>` for something that happened before it was recorded,
 * and the answer card that says what changed, its dates in words, and its details.
 */
import { DateTime } from 'luxon';
import type { Review } from '../domain';
import type { Requirement } from './authorise';
import { CommandProblem } from './command-router';
import { answer, type CardAnswer } from './present-card';
import { MONTH_NAMES, NO_DATE_READ, readDate, readDateAtStart, type ReadDate } from './read-date';
import { sayLocalDate } from './say-date';
import type { BotTurnContext } from './turn-context';

/** Committee lead officers, or the review's own lead officer. */
export const REVIEW_RUNNERS: Requirement = { committee: ['lead_officer'], review: ['lead_officer'] };
/** Scheduling is also the administrator's (001 Appendix 2). */
export const SCHEDULERS: Requirement = { committee: ['lead_officer', 'administrator'], review: ['lead_officer'] };
/** A pause is also the committee Chair's to record: the Chair considers parallel processes (001 Appendix 2). */
export const CLOCK_KEEPERS: Requirement = { committee: ['lead_officer', 'committee_chair'], review: ['lead_officer'] };

/** The card form of a command that takes arguments: what it does, the form to type, and a box for the rest. */
export function commandForm(name: string, summary: string, usage: string): CardAnswer {
  return answer('command-form', { command: name, summary, usage, example: usage.slice(name.length + 1) });
}

export interface AnswerParts {
  dates?: Array<{ label: string; when: string }>;
  /** Lines that may name people, agencies, venues or free text: shown one to one only. */
  details?: string[];
  /** Fixed wording only (shown everywhere). */
  notes?: string[];
  calendarUrl?: string;
}

export function reviewAnswer(
  review: Pick<Review, 'reference' | 'subjectPseudonym'>,
  sentence: string,
  parts: AnswerParts = {},
  detailsCommand = `timeline ${review.reference}`,
): CardAnswer {
  return answer(
    'review-answer',
    {
      sentence,
      reference: review.reference,
      pseudonym: review.subjectPseudonym,
      dates: parts.dates ?? [],
      details: (parts.details ?? []).map((text) => ({ text })),
      notes: (parts.notes ?? []).map((note) => ({ sentence: note })),
      calendarUrl: parts.calendarUrl ?? '',
    },
    detailsCommand,
  );
}

/** "on" as a word with something after it: where an `on <date>` may start. */
const ON_WORD = /(?<!\S)on\s+(?=\S)/gi;

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTHS = MONTH_NAMES.map((m) => m.toLowerCase());
/** Words that start a date: a day or a month (or its short form), or a day counted from today. */
const DATE_WORDS = new Set([
  ...WEEKDAYS,
  ...WEEKDAYS.map((d) => d.slice(0, 3)),
  'tues',
  'weds',
  'thur',
  'thurs',
  ...MONTHS,
  ...MONTHS.map((m) => m.slice(0, 3)),
  'sept',
  'today',
  'yesterday',
  'tomorrow',
]);

/**
 * Whether the words after an "on" were clearly meant as a date: they start with a digit ("on 31/11/2026",
 * "on the 3rd"), or with a day or month ("on Monday", "on last Friday", "on Nov 3rd"), or today,
 * yesterday or tomorrow.
 */
export function meantAsDate(words: string): boolean {
  const [first = '', second = ''] = words.trim().toLowerCase().split(/\s+/);
  const isDateWord = (word: string) => DATE_WORDS.has(/^[a-z]*/.exec(word)?.[0] ?? '');
  if (/^\d/.test(first) || isDateWord(first)) return true;
  if (first === 'the') return /^\d/.test(second);
  return ['last', 'next', 'this'].includes(first) && isDateWord(second);
}

export type DateAtEnd = { ok: true; rest: string; date: ReadDate | null } | { ok: false; problem: string };

/** Why the words after an "on", meant as a date, are not one. */
function notADate(words: string, now: Date, timeZone: string): string {
  const start = readDateAtStart(words, now, timeZone, 'past');
  if (start.ok) {
    return `"${start.value.text}" reads as a date, but more follows it: put on and the date at the very end of the line.`;
  }
  if (start.problem !== NO_DATE_READ) return start.problem;
  return 'I could not read the date after "on". Write it as day/month/year, such as on 20/10/2026.';
}

/**
 * The `on <date>` that ends a line: the last "on" whose remainder reads wholly as one date (a full stop
 * after it aside). Every other "on" is an ordinary word and stays in the rest, whole; but when the words
 * after the last "on" were clearly meant as a date and are not one, the line is refused, so that a
 * malformed date is never taken for words, nor replaced by today.
 */
export function dateAtEnd(typed: string, now: Date, timeZone: string): DateAtEnd {
  const ons = [...typed.matchAll(ON_WORD)].map((on) => ({
    at: on.index ?? 0,
    after: typed
      .slice((on.index ?? 0) + on[0].length)
      .trim()
      .replace(/\.$/, ''),
  }));
  for (const on of [...ons].reverse()) {
    const reading = readDate(on.after, now, timeZone, 'past');
    if (reading.ok) return { ok: true, rest: typed.slice(0, on.at).trim(), date: reading.value };
  }
  const last = ons.at(-1);
  if (last && meantAsDate(last.after)) return { ok: false, problem: notADate(last.after, now, timeZone) };
  return { ok: true, rest: typed.trim(), date: null };
}

export interface WhenItHappened {
  /** What came before `on <date>`: the whole line when it ends with none. */
  rest: string;
  at: Date;
  /** The day in words. */
  said: string;
  /** Whether the line gave the date, rather than it being today by default. */
  dated: boolean;
}

/** What reading a date needs of a turn: its clock and the committee's zone. */
export type TurnClock = Pick<BotTurnContext, 'now' | 'timeZone'>;

export const todayIn = (ctx: TurnClock): string =>
  DateTime.fromJSDate(ctx.now(), { zone: ctx.timeZone }).toISODate() ?? '';

/**
 * The instant something happened on a day read from what was typed: the time given; now, for today;
 * else the start of that day, but never before the notification on the notification's own day.
 */
export function instantOn(ctx: TurnClock, date: ReadDate, what: string, review?: Review): Date {
  if (date.date > todayIn(ctx)) {
    throw new CommandProblem(`${what} cannot be in the future: ${sayLocalDate(date.date)} is after today.`);
  }
  const at = date.hasTime ? date.instant : date.date === todayIn(ctx) ? ctx.now() : date.instant;
  if (at > ctx.now()) throw new CommandProblem(`${what} cannot be in the future.`);
  if (review && at < review.notifiedAt) {
    const notifiedOn = DateTime.fromJSDate(review.notifiedAt, { zone: ctx.timeZone }).toISODate();
    if (notifiedOn === date.date) return review.notifiedAt;
  }
  return at;
}

/**
 * Splits off an optional `on <date>` at the end of the line (never in the future); without one, now.
 * `words` names what the words before it are, for a command that takes some ("the reason"): a refusal
 * then says how to keep an "on" of theirs that reads as a date.
 */
export function whenItHappened(
  ctx: TurnClock,
  args: string,
  what: string,
  review?: Review,
  words?: string,
): WhenItHappened {
  const keepWords = words ? ` If "on" and what follows belong to ${words}, end the line with on today.` : '';
  const found = dateAtEnd(args, ctx.now(), ctx.timeZone);
  if (!found.ok) throw new CommandProblem(found.problem + keepWords);
  if (!found.date) return { rest: found.rest, at: ctx.now(), said: 'today', dated: false };
  let at: Date;
  try {
    at = instantOn(ctx, found.date, what, review);
  } catch (problem) {
    if (problem instanceof CommandProblem && keepWords) throw new CommandProblem(problem.message + keepWords);
    throw problem;
  }
  return { rest: found.rest, at, said: sayLocalDate(found.date.date), dated: true };
}
