/**
 * The building blocks of the reminder rules. A rule names its occasions (the d-7 reminder, the
 * overdue reminder of 2026-11-27, ...) and returns, per series, only the latest occasion already
 * due: an earlier one has been superseded, and the outbox has it already if it was ever sent.
 *
 * Reminders go out on the committee's working days, at its reminder time. An occasion that warns
 * ahead (before a due date, a meeting or a deadline) and falls on a non-working day goes out on
 * the working day before; one that reports lateness goes out on the next working day. Its facts
 * are worked out for the day it goes out, so that every count in it is true then.
 */
import { addWorkingDays, workingDayOnOrAfter, workingDayOnOrBefore, workingDaysBetween } from './calendar';
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

/**
 * `ahead`: warns of something to come (a due date, a meeting, a deadline); on a non-working day it
 * goes out the working day before. `late`: reports that something is late or that a check is due;
 * on a non-working day it goes out the next working day.
 */
export type OccasionKind = 'ahead' | 'late';

/** One occasion of a series: the day the rule puts it on, and how it moves off a non-working day. */
export interface DayOccasion {
  day: DayNumber;
  rule: string;
  label: string;
  severity: Severity;
  kind: OccasionKind;
}

/** An occasion with the working day it goes out on. */
export interface SentOccasion extends DayOccasion {
  sendDay: DayNumber;
}

export function sendDayOf(snapshot: ReviewSnapshot, day: DayNumber, kind: OccasionKind): DayNumber {
  return kind === 'ahead' ? workingDayOnOrBefore(snapshot.calendar, day) : workingDayOnOrAfter(snapshot.calendar, day);
}

export function toSend(snapshot: ReviewSnapshot, occasion: DayOccasion): SentOccasion {
  return { ...occasion, sendDay: sendDayOf(snapshot, occasion.day, occasion.kind) };
}

/**
 * The latest occasion whose send day has been reached; ties go to the one listed last (lists run
 * in day order, so two moved onto one working day give one message, the later occasion's).
 */
export function latestReached(
  snapshot: ReviewSnapshot,
  occasions: ReadonlyArray<DayOccasion | null>,
  lastDay: DayNumber,
): SentOccasion | null {
  let best: SentOccasion | null = null;
  for (const occasion of occasions) {
    if (!occasion) continue;
    const sendDay = sendDayOf(snapshot, occasion.day, occasion.kind);
    if (sendDay <= lastDay && (best === null || sendDay >= best.sendDay)) best = { ...occasion, sendDay };
  }
  return best;
}

/**
 * The latest of the days `start + every, start + 2·every, ...` whose lateness reminder goes out by
 * `lastDay` (each moved to the next working day), or null.
 */
export function latestRepeatDay(
  snapshot: ReviewSnapshot,
  start: DayNumber,
  every: number,
  lastDay: DayNumber,
): DayNumber | null {
  for (let repeats = Math.floor((lastDay - start) / every); repeats >= 1; repeats -= 1) {
    const day = start + repeats * every;
    if (sendDayOf(snapshot, day, 'late') <= lastDay) return day;
  }
  return null;
}

/** The latest of `start` plus every·k working days (k ≥ 1) reached by `lastDay`: always working days. */
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

/** The first reminder time on a working day at or after `instant`. */
export function nextReminderTime(snapshot: ReviewSnapshot, instant: Date): Date {
  const day = workingDayOnOrAfter(snapshot.calendar, snapshot.calendar.dayOf(instant));
  const sameDay = reminderTimeOn(snapshot, day);
  return sameDay >= instant ? sameDay : reminderTimeOn(snapshot, addWorkingDays(snapshot.calendar, day, 1));
}

/** A day occasion as a hit; the occasion string carries the date it counts from. */
export function dayHit(
  snapshot: ReviewSnapshot,
  occasion: SentOccasion,
  hit: Pick<ReminderHit, 'subject' | 'knownAt' | 'audience' | 'facts'> & { series: string },
): ReminderHit {
  // Written out field by field: object rest/spread showed up as the sweep's hottest line.
  return {
    rule: occasion.rule,
    subject: hit.subject,
    occasion: `${hit.series}.${occasion.label}`,
    dueAt: reminderTimeOn(snapshot, occasion.sendDay),
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
 *   day (or it is an immediate alert), else at the first reminder time of a working day after
 *   the resume, by when a later occasion of its series may have superseded it: one message a day,
 *   with a true count.
 */
export function clockDueAt(snapshot: ReviewSnapshot, at: Date, timing: ClockTiming): Date | null {
  if (at < timing.knownAt) return null;
  const { calendar } = snapshot;
  const moved = timing.movedBy?.resumedAt;
  if (moved && at < moved) return calendar.dayOf(at) === calendar.dayOf(moved) ? moved : null;
  const resumedAt = resumeOfPauseAround(snapshot.spans, at);
  if (resumedAt === null) return at;
  if (timing.immediate || calendar.dayOf(at) === calendar.dayOf(resumedAt)) return resumedAt;
  return nextReminderTime(snapshot, resumedAt);
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
  occasion: SentOccasion,
  hit: Pick<ReminderHit, 'subject' | 'knownAt' | 'audience'> & {
    series: string;
    movedBy: PauseSpan | null;
    factsOn: (dueDay: DayNumber) => Facts;
  },
): ReminderHit | null {
  const dueAt = clockDueAt(snapshot, reminderTimeOn(snapshot, occasion.sendDay), hit);
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
