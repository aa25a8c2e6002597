/**
 * The building blocks of the reminder rules. A rule names its occasions (the d-7 reminder, the
 * overdue reminder of 2026-11-27, ...) and returns, per series, only the latest occasion already
 * due: an earlier one has been superseded, and the outbox has it already if it was ever sent.
 *
 * Reminders go out on the committee's working days, at its reminder time. An occasion that warns
 * ahead (before a due date, a meeting or a deadline) and falls on a non-working day goes out on
 * the working day before; one that reports lateness goes out on the next working day. Its facts
 * are worked out for the day it goes out (today, when a sweep catches up after a gap), so that
 * every count in it is true then.
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
  /**
   * For a warning (`ahead`), the day it warns of: a due date, a meeting, a deadline. Once that day
   * has passed, the warning is moot: it is not sent late, and the series' next occasion (the
   * overdue one) speaks when its own day comes.
   */
  warnsOf?: DayNumber;
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
 * in day order, so two moved onto one working day give one message, the later occasion's). A
 * warning of a day already past is left out.
 */
export function latestReached(
  snapshot: ReviewSnapshot,
  occasions: ReadonlyArray<DayOccasion | null>,
  lastDay: DayNumber,
): SentOccasion | null {
  let best: SentOccasion | null = null;
  for (const occasion of occasions) {
    if (!occasion || (occasion.warnsOf !== undefined && occasion.warnsOf < snapshot.today)) continue;
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

/** When a series' occasions may be due, as far as what the bot knew and when. */
export interface Timing {
  /** When the series became known: its item was created, the review or the decision recorded. */
  knownAt: Date;
  /** The last pause that moved the date the series counts to, if any. */
  movedBy: PauseSpan | null;
  /** When the date the series counts to was last changed by hand, if it was changed since `knownAt`. */
  editedAt?: Date | null;
  /** An immediate alert (sent as soon as it holds) rather than a day's reminder. */
  immediate?: boolean;
  /**
   * A single alert that stands until it is dealt with (a late milestone, a timescale mark): when
   * the bot learns of it only after its time, because a fact was recorded after it happened, it is
   * due when the bot learned of it. Other series drop what was due before they were known.
   */
  stands?: boolean;
  /** False for rules that carry on while the clock is paused (meetings, improvement actions). */
  onClock?: boolean;
}

/**
 * When an occasion is due, or null if never. `at` is when it would be due were there no pauses,
 * no edits and no facts recorded late.
 * - Nothing is due before the series was known (a standing alert is due when it was learned of).
 * - A pause that moved the series' date, or an edit of it by hand, started a new series (keys
 *   name the date): its occasions on days before the resume (or the edit) had their counterparts
 *   in the old series, so they are dropped; one earlier on that same day is due then, since that
 *   day counts again (a standing alert is due then whatever its day). So editing a date is like a
 *   pause: the series starts afresh from the edit.
 * - For rules on the review's clock, an occasion that fell while reminders were quiet (the clock
 *   stood still, as far as the bot knew) is due when they came back if that is on its own day (or
 *   it is an immediate alert), else at the first reminder time of a working day after, by when a
 *   later occasion of its series may have superseded it: one message a day, with a true count.
 */
export function clockDueAt(snapshot: ReviewSnapshot, at: Date, timing: Timing): Date | null {
  const { calendar } = snapshot;
  let due = at;
  if (due < timing.knownAt) {
    if (!timing.stands) return null;
    due = timing.knownAt;
  }
  const moved = latestOf(timing.movedBy?.quietUntil, timing.editedAt);
  if (moved && due < moved) {
    // A standing alert of the moved date may have had no counterpart before: it is due then.
    if (!timing.stands && calendar.dayOf(due) !== calendar.dayOf(moved)) return null;
    due = moved;
  }
  if (timing.onClock === false) return due;
  // Moved past one quiet stretch, it may land in the next: quiet stretches follow one another.
  for (
    let backAt = quietUntilAround(snapshot.spans, due);
    backAt !== null;
    backAt = quietUntilAround(snapshot.spans, due)
  ) {
    due =
      timing.immediate || calendar.dayOf(due) === calendar.dayOf(backAt) ? backAt : nextReminderTime(snapshot, backAt);
  }
  return due;
}

function latestOf(...instants: ReadonlyArray<Date | null | undefined>): Date | null {
  let result: Date | null = null;
  for (const instant of instants) if (instant && (result === null || instant > result)) result = instant;
  return result;
}

/** When reminders came back after the finished pause `at` fell in (as the bot knew it), or null. */
function quietUntilAround(spans: readonly PauseSpan[], at: Date): Date | null {
  for (const span of spans)
    if (span.quietUntil !== null && span.quietFrom <= at && at < span.quietUntil) return span.quietUntil;
  return null;
}

/**
 * The day a reminder due at `dueAt` goes out, for its facts: that day, or today when the sweep is
 * catching up on an occasion of an earlier day (the bot was down), so that its counts are true
 * when it is read.
 */
export function factsDayOf(snapshot: ReviewSnapshot, dueAt: Date): DayNumber {
  return Math.max(snapshot.calendar.dayOf(dueAt), snapshot.today);
}

/**
 * A day occasion as a hit, due as `clockDueAt` says (null when never); its facts are worked out
 * for the day it goes out, so that counts in them are true then.
 */
export function clockDayHit(
  snapshot: ReviewSnapshot,
  occasion: SentOccasion,
  hit: Pick<ReminderHit, 'subject' | 'audience'> &
    Timing & {
      series: string;
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
    facts: hit.factsOn(factsDayOf(snapshot, dueAt)),
  };
}

/** A day occasion of a rule that carries on while the clock is paused (meetings, actions). */
export function dayHit(
  snapshot: ReviewSnapshot,
  occasion: SentOccasion,
  hit: Pick<ReminderHit, 'subject' | 'knownAt' | 'audience'> & {
    series: string;
    editedAt?: Date | null;
    factsOn: (dueDay: DayNumber) => Facts;
  },
): ReminderHit | null {
  return clockDayHit(snapshot, occasion, { ...hit, movedBy: null, onClock: false });
}

export function dated(prefix: string, day: DayNumber): string {
  return `${prefix}-${toLocalDate(day)}`;
}
