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
import { readDate, type ReadDate } from './read-date';
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

const ON_DATE = /(?:^|\s)on\s+(\S.*)$/i;

export interface WhenItHappened {
  /** What came before `on <date>`. */
  rest: string;
  at: Date;
  /** The day in words. */
  said: string;
}

export const todayIn = (ctx: BotTurnContext): string =>
  DateTime.fromJSDate(ctx.now(), { zone: ctx.timeZone }).toISODate() ?? '';

/**
 * The instant something happened on a day read from what was typed: the time given; now, for today;
 * else the start of that day, but never before the notification on the notification's own day.
 */
export function instantOn(ctx: BotTurnContext, date: ReadDate, what: string, review?: Review): Date {
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

/** Splits off an optional `on <date>` (never in the future); without it, now. */
export function whenItHappened(ctx: BotTurnContext, args: string, what: string, review?: Review): WhenItHappened {
  const match = ON_DATE.exec(args);
  if (!match) return { rest: args.trim(), at: ctx.now(), said: 'today' };
  const reading = readDate(match[1], ctx.now(), ctx.timeZone);
  if (!reading.ok) throw new CommandProblem(reading.problem);
  return {
    rest: args.slice(0, match.index).trim(),
    at: instantOn(ctx, reading.value, what, review),
    said: sayLocalDate(reading.value.date),
  };
}
