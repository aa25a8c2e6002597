/**
 * The building blocks of the reminder rules. A rule names its occasions (the d-7 reminder, the
 * overdue reminder of 2026-11-27, ...) and returns, per series, only the latest occasion already
 * due: an earlier one has been superseded, and the outbox has it already if it was ever sent.
 */
import { addWorkingDays, workingDaysBetween } from './calendar';
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
export function latestRepeatWorkingDay(snapshot: ReviewSnapshot, start: DayNumber, every: number, lastDay: DayNumber): DayNumber | null {
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

export function dated(prefix: string, day: DayNumber): string {
  return `${prefix}-${toLocalDate(day)}`;
}
