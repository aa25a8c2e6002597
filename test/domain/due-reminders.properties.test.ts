import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addWorkingDays,
  type ClockPause,
  dueReminders,
  fromLocalDate,
  idempotencyKey,
  type PauseSpan,
  pauseSpansAt,
  type ReminderIntent,
  shiftByPauses,
  timeline,
  toLocalDate,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
} from '../../src/domain';
import { createEngineContext } from '../../src/templates/load-templates';
import { meetingWith, reportRequestWith, reviewWith } from '../fixtures/synthetic-reviews';

const context = createEngineContext();
const { calendar } = context;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const KEY = 'lr1:tenant-1:review-1';

describe('idempotency keys', () => {
  const part = fc.string({ minLength: 0, maxLength: 6, unit: fc.constantFrom('a', 'b', ':', '%', '/', '.', '-') });
  const parts = fc.record({
    tenantId: part,
    reviewId: part,
    rule: part,
    subject: fc.record({ type: fc.constantFrom('meeting' as const, 'review' as const), id: part }),
    occasion: part,
  });

  it('are the same for the same (tenant, review, rule, subject, occasion) and differ otherwise', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const same = JSON.stringify(a) === JSON.stringify(b);
        expect(idempotencyKey(a) === idempotencyKey(b)).toBe(same);
        expect(idempotencyKey(a)).toBe(idempotencyKey(structuredClone(a)));
      }),
    );
  });
});

/** A review notified at some instant of 2026 with one report request, seen hourly for a year. */
const scenario = fc.record({
  notifiedAt: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }).map((ms) => new Date(ms)),
  requestedAfterHours: fc.integer({ min: 0, max: 24 * 10 }),
  dueAfterDays: fc.integer({ min: 1, max: 30 }),
});

function sweepHourly(review: ReturnType<typeof reviewWith>, from: Date, hours: number) {
  const firstSeen = new Map<string, { at: Date; intent: ReminderIntent }>();
  const unstable: string[] = [];
  const start = Math.ceil(from.getTime() / HOUR) * HOUR;
  for (let hour = 0; hour < hours; hour += 1) {
    const now = new Date(start + hour * HOUR);
    for (const intent of dueReminders(review, context, now)) {
      const seen = firstSeen.get(intent.key);
      if (!seen) firstSeen.set(intent.key, { at: now, intent });
      else if (intent.dueAt.getTime() !== seen.intent.dueAt.getTime()) unstable.push(intent.key);
    }
  }
  expect(unstable).toEqual([]);
  return { firstSeen, end: new Date(start + (hours - 1) * HOUR) };
}

/**
 * The occasions of one series that are ever sent: each goes out at 09:00 on its working day (the
 * one before when it warns ahead, the next when it reports lateness); of two that land on one
 * working day only the later-listed is sent; kept only if due by `end` and not before `knownAt`.
 */
function dayOccasions(entries: Array<[string, number, 'ahead' | 'late']>, knownAt: Date, end: Date): string[] {
  const bySendDay = new Map<number, string>();
  for (const [key, day, kind] of entries) {
    bySendDay.set(kind === 'ahead' ? workingDayOnOrBefore(calendar, day) : workingDayOnOrAfter(calendar, day), key);
  }
  return [...bySendDay]
    .filter(([day]) => {
      const dueAt = calendar.instantAt(day, 9 * 60);
      return dueAt >= knownAt && dueAt <= end;
    })
    .map(([, key]) => key);
}

describe('running dueReminders at every hour over a year', () => {
  it('yields each occasion exactly once, first in the run right after it falls due, at 09:00 local on a working day across DST', () => {
    fc.assert(
      fc.property(scenario, ({ notifiedAt, requestedAfterHours, dueAfterDays }) => {
        const requestedAt = new Date(notifiedAt.getTime() + requestedAfterHours * HOUR);
        const dueDay = calendar.dayOf(requestedAt) + dueAfterDays;
        const review = reviewWith({
          notifiedAt,
          reportRequests: [reportRequestWith({ requestedAt, dueOn: toLocalDate(dueDay) })],
        });
        const { firstSeen, end } = sweepHourly(review, notifiedAt, 365 * 24);

        for (const { at, intent } of firstSeen.values()) {
          expect(at.getTime()).toBeGreaterThanOrEqual(intent.dueAt.getTime());
          expect(at.getTime() - intent.dueAt.getTime()).toBeLessThan(HOUR);
          if (!intent.rule.endsWith('no-meeting')) {
            expect(DateTime.fromJSDate(intent.dueAt, { zone: 'Europe/London' }).toFormat('HH:mm')).toBe('09:00');
            expect([intent.key, calendar.isWorkingDay(calendar.dayOf(intent.dueAt))]).toEqual([intent.key, true]);
          }
        }

        const deadline = calendar.dayOf(notifiedAt) + 42;
        const series = `${KEY}:deadline42.%s:decision_deadline:review-1:deadline-${toLocalDate(deadline)}.`;
        const d42 = (rule: string, occasion: string) => series.replace('%s', rule) + occasion;
        // Daily while overdue, on working days: each alert is named after the day it goes out.
        const overdueDays = Array.from({ length: 400 }, (_, index) =>
          workingDayOnOrAfter(calendar, deadline + 1 + index),
        );
        const expectedDeadline = [
          ...dayOccasions(
            [
              [d42('days-left', 'left-14'), deadline - 14, 'ahead'],
              [d42('days-left', 'left-7'), deadline - 7, 'ahead'],
              [d42('days-left', 'left-2'), deadline - 2, 'ahead'],
              [d42('on-the-day', 'on-the-day'), deadline, 'ahead'],
              ...overdueDays.map((day): [string, number, 'late'] => [
                d42('overdue', `overdue-${toLocalDate(day)}`),
                day,
                'late',
              ]),
            ],
            notifiedAt,
            end,
          ),
          d42('no-meeting', 'no-meeting-left-14'),
        ];
        const seenDeadline = [...firstSeen.keys()].filter((key) => key.includes(':deadline42.'));
        expect(seenDeadline.sort()).toEqual(expectedDeadline.sort());

        const report = (rule: string, occasion: string) =>
          `${KEY}:report.${rule}:report_request:report-1:due-${toLocalDate(dueDay)}.${occasion}`;
        const overdueReportDays = Array.from({ length: 120 }, (_, index) =>
          addWorkingDays(calendar, dueDay, 3 * (index + 1)),
        );
        const expectedReport = [
          ...dayOccasions(
            [
              [report('before-due', 'before-7'), dueDay - 7, 'ahead'],
              [report('before-due', 'before-2'), dueDay - 2, 'ahead'],
              [report('due-today', 'due-day'), dueDay, 'ahead'],
              ...overdueReportDays.map((day): [string, number, 'late'] => [
                report('overdue', `overdue-${toLocalDate(day)}`),
                day,
                'late',
              ]),
            ],
            requestedAt,
            end,
          ),
          ...dayOccasions(
            [[report('escalation', 'escalate'), addWorkingDays(calendar, dueDay, 5), 'late']],
            requestedAt,
            end,
          ),
        ];
        const seenReport = [...firstSeen.keys()].filter((key) => key.includes(':report.'));
        expect(seenReport.sort()).toEqual(expectedReport.sort());
      }),
      { numRuns: 12 },
    );
  });
});

describe('clock pauses', () => {
  const pausesArbitrary = fc.array(
    fc.record({ gapHours: fc.integer({ min: 0, max: 240 }), lengthHours: fc.integer({ min: 0, max: 24 * 40 }) }),
    { minLength: 1, maxLength: 3 },
  );

  /** Pauses one after another from `from`, each after a gap; returns them and when the last ended. */
  function pausesAfter(
    from: Date,
    spans: Array<{ gapHours: number; lengthHours: number }>,
  ): { pauses: ClockPause[]; lastEnd: Date } {
    let cursor = from.getTime();
    const pauses: ClockPause[] = spans.map(({ gapHours, lengthHours }, index) => {
      const startedAt = new Date(cursor + gapHours * HOUR);
      const endedAt = new Date(startedAt.getTime() + lengthHours * HOUR);
      cursor = endedAt.getTime();
      return {
        id: `p${index}`,
        category: 'criminal_proceedings' as const,
        note: 'criminal proceedings',
        startedAt,
        endedAt,
      };
    });
    return { pauses, lastEnd: new Date(cursor) };
  }

  it('shift the deadline and the milestones by exactly the paused days before the decision, never overlapping', () => {
    const decidedAfterHours = fc.option(fc.integer({ min: 0, max: 24 * 80 }), { nil: null });
    fc.assert(
      fc.property(scenario, pausesArbitrary, decidedAfterHours, ({ notifiedAt }, spans, decidedAfter) => {
        const { pauses, lastEnd } = pausesAfter(notifiedAt, spans);
        const decidedAt = decidedAfter === null ? null : new Date(notifiedAt.getTime() + decidedAfter * HOUR);
        const decidedDay = decidedAt === null ? Infinity : calendar.dayOf(decidedAt);
        // The 42-day clock stops at the decision: only paused days before the decision day count.
        const counted = pauses.filter((pause) => calendar.dayOf(pause.startedAt) < decidedDay);
        // Every counted pause starts within the original 42 days, so each one counts in full.
        fc.pre(counted.every((pause) => calendar.dayOf(pause.startedAt) <= calendar.dayOf(notifiedAt) + 42));
        const pausedDays = counted.reduce(
          (sum, pause) => sum + Math.min(calendar.dayOf(pause.endedAt!), decidedDay) - calendar.dayOf(pause.startedAt),
          0,
        );
        const review = reviewWith({
          notifiedAt,
          pauses,
          ...(decidedAt && {
            status: 'in_review' as const,
            reviewTemplateId: 'tier-2-3',
            decision: { outcome: 'proceed' as const, decidedAt },
          }),
        });
        const end = new Date(Math.max(lastEnd.getTime(), decidedAt?.getTime() ?? 0) + DAY);
        const view = timeline(review, context, end);
        const { countdown } = view.decisionStage;
        expect(fromLocalDate(countdown.deadline.adjusted) - fromLocalDate(countdown.deadline.original)).toBe(
          pausedDays,
        );
        const meeting = view.decisionStage.milestones.find((entry) => entry.stepId === 'consideration-meeting')!;
        expect(fromLocalDate(meeting.plannedDate!) - fromLocalDate(meeting.originalDate!)).toBe(pausedDays);
        expect(countdown.pausedDays).toBe(pausedDays);
        if (decidedAt) {
          // Frozen at the decision: what it said then, it says for ever after, whatever pauses follow.
          const frozen = ({
            deadline,
            pausedDays: days,
            daysUsed,
            daysLeft,
            plannedDaysLeft,
            met,
          }: typeof countdown) => ({
            deadline,
            days,
            daysUsed,
            daysLeft,
            plannedDaysLeft,
            met,
          });
          expect(frozen(countdown)).toEqual(
            frozen(timeline(review, context, new Date(decidedAt.getTime() + HOUR)).decisionStage.countdown),
          );
          // Met or not on calendar days, pauses or not (001 §6); the moved date is a planning aid.
          expect(countdown.daysLeft).toBe(fromLocalDate(countdown.deadline.original) - decidedDay);
          expect(countdown.plannedDaysLeft).toBe(fromLocalDate(countdown.deadline.adjusted) - decidedDay);
          expect(countdown.daysUsed + countdown.daysLeft).toBe(countdown.standardDays);
          expect(countdown.met).toBe(countdown.daysLeft >= 0);
        }
      }),
    );
  });

  /** `deadline-2026-02-17.left-7` -> 2026-02-17: the date a series counts to. */
  const seriesDay = (occasion: string) => fromLocalDate(/^(?:deadline|due)-(\d{4}-\d{2}-\d{2})\./.exec(occasion)![1]);

  /** The pause after which `day` became the date counted to (its index), or -1 if it is the original date. */
  function pauseThatCreated(original: number, base: number, spans: PauseSpan[], day: number): number {
    for (let count = 1; count <= spans.length; count += 1) {
      const before = shiftByPauses(original, base, spans.slice(0, count - 1));
      if (before !== day && shiftByPauses(original, base, spans.slice(0, count)) === day) return count - 1;
    }
    return -1;
  }

  it('emit nothing of a moved series before the resume, and only counts that are true on the day they are due', () => {
    const extras = fc.record({
      dueAfterDays: fc.integer({ min: 1, max: 30 }),
      meeting: fc.option(
        fc.record({
          bookedAfterHours: fc.integer({ min: 0, max: 24 * 60 }),
          startsAfterDays: fc.integer({ min: 20, max: 90 }),
        }),
        { nil: null },
      ),
    });
    fc.assert(
      fc.property(scenario, pausesArbitrary, extras, ({ notifiedAt }, spans, { dueAfterDays, meeting }) => {
        const { pauses, lastEnd } = pausesAfter(notifiedAt, spans);
        const notifiedDay = calendar.dayOf(notifiedAt);
        const dueDay = notifiedDay + dueAfterDays;
        const review = reviewWith({
          notifiedAt,
          pauses,
          reportRequests: [reportRequestWith({ requestedAt: notifiedAt, dueOn: toLocalDate(dueDay) })],
          meetings: meeting
            ? [
                meetingWith({
                  scheduledAt: new Date(notifiedAt.getTime() + meeting.bookedAfterHours * HOUR),
                  startsAt: calendar.instantAt(notifiedDay + meeting.startsAfterDays, 10 * 60),
                }),
              ]
            : [],
        });
        const hours = Math.ceil((lastEnd.getTime() - notifiedAt.getTime()) / HOUR) + 60 * 24;
        const { firstSeen } = sweepHourly(review, notifiedAt, hours);

        // All pauses have ended by then, and they follow one another, so spans and pauses share indices.
        const allSpans = pauseSpansAt(calendar, pauses, new Date(lastEnd.getTime() + DAY));
        const counts = new Map<string, Set<number>>();
        for (const { at, intent } of firstSeen.values()) {
          const isDeadline = intent.rule.startsWith('deadline42.');
          // A meeting after day 42 is judged against the standard's own date, which no pause moves.
          if (intent.rule === 'deadline42.meeting-after-deadline') continue;
          if (!isDeadline && !intent.rule.startsWith('report.')) continue;
          const series = seriesDay(intent.occasion);
          const creator = pauseThatCreated(isDeadline ? notifiedDay + 42 : dueDay, notifiedDay, allSpans, series);
          if (creator >= 0) expect(intent.dueAt.getTime()).toBeGreaterThanOrEqual(pauses[creator].endedAt!.getTime());

          // Counted on the day it goes out: the day it is due, or the later day a sweep first saw it.
          const count = Number(isDeadline ? intent.facts.daysLeft : intent.facts.daysUntilDue);
          expect(count).toBe(series - Math.max(calendar.dayOf(intent.dueAt), calendar.dayOf(at)));
          const sameDay = `${intent.subject.id} ${intent.rule} ${toLocalDate(calendar.dayOf(at))}`;
          counts.set(sameDay, (counts.get(sameDay) ?? new Set()).add(count));
        }
        for (const [sameDay, seen] of counts) expect([sameDay, seen.size]).toEqual([sameDay, 1]);
      }),
      { numRuns: 40 },
    );
  });
});
