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
import type { ClockPause } from './model';

/** Local days [from, to) during which the clock stood still. */
export interface PauseSpan {
  from: DayNumber;
  to: DayNumber;
}

/** The pauses as known at `now`: one that ends after `now` is still running. */
export function pauseSpansAt(calendar: Calendar, pauses: readonly ClockPause[], now: Date): PauseSpan[] {
  const today = calendar.dayOf(now);
  const spans: PauseSpan[] = [];
  for (const pause of pauses) {
    if (pause.startedAt > now) continue;
    const ended = pause.endedAt !== null && pause.endedAt <= now;
    const to = ended ? calendar.dayOf(pause.endedAt as Date) : today;
    spans.push({ from: calendar.dayOf(pause.startedAt), to });
  }
  return spans.sort((a, b) => a.from - b.from);
}

export function isPausedAt(pauses: readonly ClockPause[], now: Date): boolean {
  return pauses.some((pause) => pause.startedAt <= now && (pause.endedAt === null || pause.endedAt > now));
}

/**
 * Moves a deadline by the paused days that fall after its base (the fact it is counted from) and
 * began no later than the deadline as moved so far. A pause that begins after a deadline has
 * passed does not rescue it.
 */
export function shiftByPauses(original: DayNumber, base: DayNumber, spans: readonly PauseSpan[]): DayNumber {
  let adjusted = original;
  for (const span of spans) {
    const from = Math.max(span.from, base);
    if (span.to <= from || from > adjusted) continue;
    adjusted += span.to - from;
  }
  return adjusted;
}

export type PauseChange = { ok: true; pauses: ClockPause[] } | { ok: false; reason: string };

/** Starts a pause; refused while one is running or if it would begin before the last one ended. */
export function startPause(
  pauses: readonly ClockPause[],
  pause: { id: string; reason: string; startedAt: Date },
): PauseChange {
  if (pause.reason.trim() === '') return { ok: false, reason: 'Give a reason for pausing the clock.' };
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
    if (pause.endedAt !== null && pause.endedAt < pause.startedAt) problems.push(`pause ${pause.id} ends before it starts`);
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
