/**
 * Pausing a review's clock, e.g. during criminal proceedings (001 §5, §7). The clock is paused,
 * never reset: deadlines move by the paused time and the original dates stay visible.
 *
 * Rounding: a pause counts the local calendar days from the day it started to the day it ended
 * (the start day counts, the resume day does not). Paused and resumed on the same day: 0 days.
 * A pause still running at `now` counts up to today, so the deadline moves a day each day.
 */
import type { Calendar } from './calendar';
import type { DayNumber } from './day-number';
import { pauseKnownAt, resumeKnownAt } from './known-at';
import type { ClockPause, PauseCategory } from './model';

/** Local days [from, to) during which the clock stood still, and the instants it stopped and resumed. */
export interface PauseSpan {
  from: DayNumber;
  to: DayNumber;
  startedAt: Date;
  /** Null while the pause is still running. */
  resumedAt: Date | null;
  /**
   * When reminders went quiet and came back, as the bot knew it: a pause recorded after it began
   * silenced nothing before it was recorded, and one whose end was recorded late kept reminders
   * quiet until then. Null while the pause is still running.
   */
  quietFrom: Date;
  quietUntil: Date | null;
}

/**
 * One pause as known at `now`, or null if it has not begun: one that ends after `now` is still
 * running and counts up to today. The one place paused days are counted (timeline and deadlines).
 */
export function pauseSpanAt(calendar: Calendar, pause: ClockPause, now: Date): PauseSpan | null {
  if (pause.startedAt > now) return null;
  const resumedAt = pause.endedAt !== null && pause.endedAt <= now ? pause.endedAt : null;
  const from = calendar.dayOf(pause.startedAt);
  const to = resumedAt !== null ? calendar.dayOf(resumedAt) : calendar.dayOf(now);
  return {
    from,
    to: Math.max(from, to),
    startedAt: pause.startedAt,
    resumedAt,
    quietFrom: pauseKnownAt(pause),
    quietUntil: resumedAt === null ? null : resumeKnownAt(pause),
  };
}

/** The pauses as known at `now`, in order. */
export function pauseSpansAt(calendar: Calendar, pauses: readonly ClockPause[], now: Date): PauseSpan[] {
  const spans: PauseSpan[] = [];
  for (const pause of pauses) {
    const span = pauseSpanAt(calendar, pause, now);
    if (span !== null) spans.push(span);
  }
  return spans.sort((a, b) => a.from - b.from);
}

/** The spans cut at `day`: only the paused days before it, for a clock that stopped counting then. */
export function spansBefore(spans: readonly PauseSpan[], day: DayNumber): PauseSpan[] {
  const cut: PauseSpan[] = [];
  for (const span of spans) if (span.from < day) cut.push(span.to <= day ? span : { ...span, to: day });
  return cut;
}

export function isPausedAt(pauses: readonly ClockPause[], now: Date): boolean {
  return pauses.some((pause) => pause.startedAt <= now && (pause.endedAt === null || pause.endedAt > now));
}

/** A date moved by the clock's pauses, and the last pause that moved it (null when none did). */
export interface PauseShift {
  day: DayNumber;
  movedBy: PauseSpan | null;
}

/**
 * Moves a deadline by the paused days that fall after its base (the fact it is counted from) and
 * began no later than the deadline as moved so far. A pause that begins after a deadline has
 * passed does not rescue it.
 */
export function pauseShift(original: DayNumber, base: DayNumber, spans: readonly PauseSpan[]): PauseShift {
  let day = original;
  let movedBy: PauseSpan | null = null;
  for (const span of spans) {
    const from = Math.max(span.from, base);
    if (span.to <= from || from > day) continue;
    day += span.to - from;
    movedBy = span;
  }
  return { day, movedBy };
}

export function shiftByPauses(original: DayNumber, base: DayNumber, spans: readonly PauseSpan[]): DayNumber {
  return pauseShift(original, base, spans).day;
}

export type PauseChange = { ok: true; pauses: ClockPause[] } | { ok: false; reason: string };

/** Starts a pause; refused while one is running or if it would begin before the last one ended. */
export function startPause(
  pauses: readonly ClockPause[],
  pause: { id: string; category: PauseCategory; note: string | null; startedAt: Date },
): PauseChange {
  if (pauses.some((existing) => existing.endedAt === null)) {
    return { ok: false, reason: 'The clock is already paused. Resume it before pausing again.' };
  }
  const lastEnd = latestEnd(pauses);
  if (lastEnd !== null && pause.startedAt < lastEnd) {
    return { ok: false, reason: `A pause cannot start before the previous one ended (${lastEnd.toISOString()}).` };
  }
  return { ok: true, pauses: [...pauses, { ...pause, endedAt: null }] };
}

/** Ends the running pause; refused when none is running or the end would precede its start. */
export function resumePause(pauses: readonly ClockPause[], endedAt: Date): PauseChange {
  const running = pauses.find((pause) => pause.endedAt === null);
  if (!running) return { ok: false, reason: 'The clock is not paused.' };
  if (endedAt < running.startedAt) {
    return { ok: false, reason: `The clock cannot resume before it was paused (${running.startedAt.toISOString()}).` };
  }
  return { ok: true, pauses: pauses.map((pause) => (pause === running ? { ...pause, endedAt } : pause)) };
}

/** What is wrong with a list of pauses (for data read back from a store): empty when sound. */
export function pauseProblems(pauses: readonly ClockPause[]): string[] {
  const problems: string[] = [];
  const sorted = [...pauses].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  sorted.forEach((pause, index) => {
    if (pause.endedAt !== null && pause.endedAt < pause.startedAt)
      problems.push(`pause ${pause.id} ends before it starts`);
    const next = sorted[index + 1];
    if (next && (pause.endedAt === null || next.startedAt < pause.endedAt)) {
      problems.push(`pause ${pause.id} overlaps pause ${next.id}`);
    }
  });
  return problems;
}

function latestEnd(pauses: readonly ClockPause[]): Date | null {
  let latest: Date | null = null;
  for (const pause of pauses) if (pause.endedAt && (!latest || pause.endedAt > latest)) latest = pause.endedAt;
  return latest;
}
