/**
 * The building blocks of the reminder rules. A rule names its occasions (the d-7 reminder, the
 * overdue reminder of 2026-11-27, ...) and returns, per series, only the latest occasion already
 * due: an earlier one has been superseded, and the outbox has it already if it was ever sent.
 */
import { addWorkingDays, workingDaysBetween } from './calendar';
import type { PauseSpan } from './clock-pauses';
import { type DayNumber, toLocalDate } from './day-number';
import type { Audience, ReminderIntent, Severity } from './model';
import type { ReviewSnapshot } from './review-snapshot';

export type Facts = ReminderIntent['facts'];

/** What a rule says before the engine adds the key and the review's own facts. */
export interface ReminderHit {
  rule: string;
  subject: ReminderIntent['subject'];
  occasion: string;
  dueAt: Date;
  /** When the fact behind the reminder became known; a hit due before it is dropped. */
  knownAt: Date;
  audience: Audience[];
  severity: Severity;
  facts: Facts;
}

/** One occasion of a series that falls on a day, at the policy's reminder time. */
export interface DayOccasion {
  day: DayNumber;
  rule: string;
  label: string;
  severity: Severity;
}

/** The latest occasion whose day has been reached; ties go to the one listed last. */
export function latestReached(occasions: ReadonlyArray<DayOccasion | null>, lastDay: DayNumber): DayOccasion | null {
  let best: DayOccasion | null = null;
  for (const occasion of occasions) {
    if (occasion && occasion.day <= lastDay && (best === null || occasion.day >= best.day)) best = occasion;
  }
  return best;
}

/** The latest of the days `start + every, start + 2·every, ...` reached by `lastDay`. */
export function latestRepeatDay(start: DayNumber, every: number, lastDay: DayNumber): DayNumber | null {
  const repeats = Math.floor((lastDay - start) / every);
  return repeats >= 1 ? start + repeats * every : null;
}

/** The same, counting working days. */
export function latestRepeatWorkingDay(
  snapshot: ReviewSnapshot,
  start: DayNumber,
  every: number,
  lastDay: DayNumber,
): DayNumber | null {
  if (lastDay <= start) return null;
  const repeats = Math.floor(workingDaysBetween(snapshot.calendar, start, lastDay) / every);
  return repeats >= 1 ? addWorkingDays(snapshot.calendar, start, repeats * every) : null;
}

export function reminderTimeOn(snapshot: ReviewSnapshot, day: DayNumber): Date {
  return snapshot.calendar.instantAt(day, snapshot.reminderMinutes);
}

/** A day occasion as a hit; the occasion string carries the date it counts from. */
export function dayHit(
  snapshot: ReviewSnapshot,
  occasion: DayOccasion,
  hit: Pick<ReminderHit, 'subject' | 'knownAt' | 'audience' | 'facts'> & { series: string },
): ReminderHit {
  // Written out field by field: object rest/spread showed up as the sweep's hottest line.
  return {
    rule: occasion.rule,
    subject: hit.subject,
    occasion: `${hit.series}.${occasion.label}`,
    dueAt: reminderTimeOn(snapshot, occasion.day),
    knownAt: hit.knownAt,
    audience: hit.audience,
    severity: occasion.severity,
    facts: hit.facts,
  };
}

/** What a rule that runs on the review's clock knows of an occasion's timing. */
export interface ClockTiming {
  /** When the fact behind it became known. */
  knownAt: Date;
  /** The last pause that moved the date the series counts to, if any. */
  movedBy: PauseSpan | null;
  /** An immediate alert (sent as soon as it holds) rather than a day's reminder. */
  immediate?: boolean;
}

/**
 * When an occasion of a rule that is silent while the clock is paused is due, or null if never.
 * `at` is when it would be due were there no pauses.
 * - Nothing is due before the fact behind it was known.
 * - A pause that moved the series' date started a new series (keys name the date): its occasions
 *   on days before the resume had their counterparts in the old series, before the pause, so they
 *   are dropped; one earlier on the resume day is due at the resume, since that day counts again.
 * - An occasion that fell while the clock stood still is due at the resume if that is on its own
 *   day (or it is an immediate alert), else at the first reminder time after the resume, by when
 *   a later occasion of its series may have superseded it: one message a day, with a true count.
 */
export function clockDueAt(snapshot: ReviewSnapshot, at: Date, timing: ClockTiming): Date | null {
  if (at < timing.knownAt) return null;
  const { calendar } = snapshot;
  const moved = timing.movedBy?.resumedAt;
  if (moved && at < moved) return calendar.dayOf(at) === calendar.dayOf(moved) ? moved : null;
  const resumedAt = resumeOfPauseAround(snapshot.spans, at);
  if (resumedAt === null) return at;
  const resumeDay = calendar.dayOf(resumedAt);
  if (timing.immediate || calendar.dayOf(at) === resumeDay) return resumedAt;
  const sameDay = reminderTimeOn(snapshot, resumeDay);
  return sameDay >= resumedAt ? sameDay : reminderTimeOn(snapshot, resumeDay + 1);
}

/** The end of the finished pause `at` falls in, or null. */
function resumeOfPauseAround(spans: readonly PauseSpan[], at: Date): Date | null {
  for (const span of spans)
    if (span.resumedAt !== null && span.startedAt <= at && at < span.resumedAt) return span.resumedAt;
  return null;
}

/**
 * A day occasion of a rule that runs on the review's clock, due as `clockDueAt` says (null when
 * never); its facts are worked out for the day it is due, so that counts in them are true then.
 */
export function clockDayHit(
  snapshot: ReviewSnapshot,
  occasion: DayOccasion,
  hit: Pick<ReminderHit, 'subject' | 'knownAt' | 'audience'> & {
    series: string;
    movedBy: PauseSpan | null;
    factsOn: (dueDay: DayNumber) => Facts;
  },
): ReminderHit | null {
  const dueAt = clockDueAt(snapshot, reminderTimeOn(snapshot, occasion.day), hit);
  if (dueAt === null) return null;
  return {
    rule: occasion.rule,
    subject: hit.subject,
    occasion: `${hit.series}.${occasion.label}`,
    dueAt,
    knownAt: hit.knownAt,
    audience: hit.audience,
    severity: occasion.severity,
    facts: hit.factsOn(snapshot.calendar.dayOf(dueAt)),
  };
}

export function dated(prefix: string, day: DayNumber): string {
  return `${prefix}-${toLocalDate(day)}`;
}
