/**
 * The review itself and what follows it (001 §7–§11; 000).
 *
 * - A step a week late alerts its owner and whoever keeps the review's timetable: the Review Team
 *   Chair (001 Appendix 2), or the Lead Officer for Tier 1, which has no Review Team. The review
 *   template's steps while it is in review; the closing stage's (001 §8–§11) until the review closes.
 * - The timescale's target and limit (six and nine months for Tier 2/3, 001 §7; three months from
 *   the notification for Tier 1, 000) alert the timetable's keeper, the Lead Officer and the
 *   Learning Review Sub-group, which keeps the progress of reviews under scrutiny (001 §7), until
 *   the review is complete.
 * - Governance duties (the decision to CSOG and to the Care Inspectorate whatever it was, 001 §6,
 *   §11; a decision not to proceed's summary report, 001 §4; the report to CSOG and the Care
 *   Inspectorate, 001 §8, §11) remind their owner on the day and then every few working days until
 *   they are recorded.
 * - A pause in the review stage is reported to the Sub-group, which advises CSOG (001 §7).
 *
 * A late step or a duty's repeat that falls on a non-working day goes out the next working day; a
 * timescale mark or a duty's day the working day before. The Sub-group's quarterly oversight of
 * improvement actions is one committee-wide digest (oversight-digest.ts), not a reminder per action.
 */
import { roleAudience, uniqueAudience } from '../audience';
import { type DayNumber, toLocalDate } from '../day-number';
import { decisionKnownAt, latest, pauseKnownAt } from '../known-at';
import { type PlannedStep, planSteps, reviewCompletion } from '../milestone-plan';
import type { Role } from '../model';
import {
  clockDayHit,
  dated,
  dayHit,
  type DayOccasion,
  latestReached,
  latestRepeatWorkingDay,
  type ReminderHit,
  toSend,
} from '../reminder-occasions';
import type { ReviewSnapshot } from '../review-snapshot';
import { reviewTimescaleOf } from '../stage-deadlines';
import type { ProcessTemplate } from '../template-schema';
import { milestoneStatus } from '../timeline';

/** Who keeps the review's timetable and hears of a late step. */
function timetableOwner(snapshot: ReviewSnapshot): Role {
  return snapshot.reviewTemplate?.timetableOwner ?? 'review_team_chair';
}

/** Late steps and timescale marks: on the review's clock, so not while it is paused. */
export function reviewStageReminders(snapshot: ReviewSnapshot): ReminderHit[] {
  const { review, reviewTemplate, closingTemplate, decidedDay } = snapshot;
  if (!reviewTemplate || decidedDay === null || !review.decision || snapshot.paused) return [];
  const inReview = review.status === 'in_review';
  if (!inReview && review.status !== 'improvement') return [];
  const decisionKnown = latest(decisionKnownAt(review.decision), snapshot.liveSince);
  return [
    ...(inReview ? lateMilestoneHits(snapshot, reviewTemplate) : []),
    ...(closingTemplate ? lateMilestoneHits(snapshot, closingTemplate) : []),
    ...(inReview ? timescaleHits(snapshot, decisionKnown) : []),
  ];
}

/**
 * A step a week late. Its plan is known once the facts it counts from are recorded; when one of
 * them was recorded after it happened (a decision or a milestone entered for a review already
 * under way), a step already late then is alerted then, with the days late of that day. Duties
 * have their own reminders.
 */
function lateMilestoneHits(snapshot: ReviewSnapshot, template: ProcessTemplate): ReminderHit[] {
  const lateDays = snapshot.policy.reviewStage.milestoneLateDays;
  return planSteps(snapshot, template)
    .filter(
      (planned) =>
        !planned.step.duty && milestoneStatus(planned, snapshot.today, snapshot.policy.dueSoonDays) === 'late',
    )
    .flatMap((planned) => {
      const plannedDay = planned.plannedDay as DayNumber;
      const occasion = toSend(snapshot, {
        day: plannedDay + lateDays,
        rule: 'milestone.late',
        label: `late-${lateDays}d`,
        severity: 'warning',
        kind: 'late',
      });
      if (occasion.sendDay > snapshot.lastReminderDay) return [];
      const hit = clockDayHit(snapshot, occasion, {
        series: dated('planned', plannedDay),
        movedBy: planned.movedBy,
        subject: { type: 'milestone', id: planned.step.id },
        knownAt: latest(planned.knownAt as Date, snapshot.liveSince),
        stands: true,
        audience: uniqueAudience(roleAudience(snapshot.review, planned.step.owner, timetableOwner(snapshot))),
        factsOn: (dueDay) => stepFacts(planned, dueDay),
      });
      return hit ? [hit] : [];
    });
}

function stepFacts(planned: PlannedStep, dueDay: DayNumber) {
  const plannedDay = planned.plannedDay as DayNumber;
  return {
    stepTitle: planned.step.title,
    stepOwnerRole: planned.step.owner,
    plannedDate: toLocalDate(plannedDay),
    daysLate: Math.max(0, dueDay - plannedDay),
  };
}

function timescaleHits(snapshot: ReviewSnapshot, decisionKnown: Date): ReminderHit[] {
  const timescale = reviewTimescaleOf(snapshot);
  if (!timescale || !snapshot.policy.reviewStage.timescaleMarks || reviewCompletion(snapshot) !== null) return [];
  const { target, limit } = timescale;
  const occasion = latestReached(
    snapshot,
    [
      {
        day: target.adjustedDay,
        rule: 'review.timescale-target',
        label: dated('target', target.adjustedDay),
        severity: 'warning',
        kind: 'ahead',
      },
      limit
        ? {
            day: limit.adjustedDay,
            rule: 'review.timescale-limit',
            label: dated('limit', limit.adjustedDay),
            severity: 'alert',
            kind: 'ahead',
          }
        : null,
    ],
    snapshot.lastReminderDay,
  );
  const hit =
    occasion &&
    clockDayHit(snapshot, occasion, {
      series: dated('decided', snapshot.decidedDay as DayNumber),
      movedBy: occasion.rule === 'review.timescale-limit' && limit ? limit.movedBy : target.movedBy,
      subject: { type: 'review', id: snapshot.review.id },
      knownAt: decisionKnown,
      stands: true,
      audience: uniqueAudience(
        roleAudience(snapshot.review, timetableOwner(snapshot), 'lead_officer', 'subgroup_member'),
      ),
      factsOn: (dueDay) => ({
        decidedOn: toLocalDate(snapshot.decidedDay as DayNumber),
        countsFrom: timescale.from,
        startDate: toLocalDate(target.baseDay),
        targetDate: toLocalDate(target.adjustedDay),
        originalTargetDate: toLocalDate(target.originalDay),
        limitDate: limit ? toLocalDate(limit.adjustedDay) : null,
        // The raw time beside the adjusted dates (001 §7).
        daysElapsed: dueDay - target.baseDay,
        pausedDays: target.adjustedDay - target.originalDay,
      }),
    });
  return hit ? [hit] : [];
}

/**
 * Governance duties, once the decision is made: the decision stage's (after either outcome, or the
 * one the step names) and the closing stage's. The owner is reminded on the planned day and then
 * every few working days until the step is recorded; a duty is never held back by a pause, since
 * none of them waits for a parallel process.
 */
export function dutyReminders(snapshot: ReviewSnapshot): ReminderHit[] {
  const { review, decisionTemplate, closingTemplate } = snapshot;
  if (review.decision === null) return [];
  return [decisionTemplate, closingTemplate]
    .filter((template) => template !== null)
    .flatMap((template) => planSteps(snapshot, template))
    .filter((planned) => planned.step.duty && !planned.skipped && planned.completedAt === null)
    .flatMap((planned) => dutyHits(snapshot, planned));
}

function dutyHits(snapshot: ReviewSnapshot, planned: PlannedStep): ReminderHit[] {
  if (planned.plannedDay === null || planned.knownAt === null) return [];
  const rules = snapshot.policy.duty;
  const day = planned.plannedDay;
  const repeatDay = latestRepeatWorkingDay(snapshot, day, rules.repeatEveryWorkingDays, snapshot.lastReminderDay);
  const onTheDay: DayOccasion = { day, rule: 'duty.due', label: 'due-day', severity: 'info', kind: 'ahead' };
  const repeat: DayOccasion | null =
    repeatDay === null
      ? null
      : { day: repeatDay, rule: 'duty.overdue', label: dated('overdue', repeatDay), severity: 'warning', kind: 'late' };
  const occasion = latestReached(snapshot, [rules.onDueDate ? onTheDay : null, repeat], snapshot.lastReminderDay);
  if (!occasion) return [];
  const hit = dayHit(snapshot, occasion, {
    series: dated('planned', day),
    subject: { type: 'milestone', id: planned.step.id },
    knownAt: latest(planned.knownAt, snapshot.liveSince),
    audience: roleAudience(snapshot.review, planned.step.owner),
    factsOn: (dueDay) => stepFacts(planned, dueDay),
  });
  return hit ? [hit] : [];
}

/**
 * A pause after the decision to proceed is reported to the Sub-group at once (001 §7: it keeps
 * the progress of reviews under scrutiny and advises CSOG), with its category only: the note is
 * for the review's members.
 */
export function reviewPauseReminders(snapshot: ReviewSnapshot): ReminderHit[] {
  const { review, decidedDay, calendar } = snapshot;
  if (review.status !== 'in_review' || decidedDay === null || review.decision?.outcome !== 'proceed') return [];
  const timescale = reviewTimescaleOf(snapshot);
  // The same days the decision stage stops counting at (a pause begun on the decision's day is the
  // review stage's); reported once both the pause and the decision are known.
  const decisionKnown = decisionKnownAt(review.decision);
  return review.pauses
    .filter((pause) => calendar.dayOf(pause.startedAt) >= decidedDay)
    .map((pause): ReminderHit => {
      const startDay = calendar.dayOf(pause.startedAt);
      const knownAt = latest(pauseKnownAt(pause), decisionKnown, snapshot.liveSince);
      return {
        rule: 'pause.reported',
        subject: { type: 'review', id: review.id },
        occasion: `${dated('paused', startDay)}.${pause.id}`,
        dueAt: knownAt,
        knownAt,
        audience: roleAudience(review, 'subgroup_member'),
        severity: 'info',
        facts: {
          pauseCategory: pause.category,
          pausedOn: toLocalDate(startDay),
          decidedOn: toLocalDate(decidedDay),
          daysElapsed: timescale ? startDay - timescale.target.baseDay : startDay - decidedDay,
        },
      };
    });
}

/**
 * A decision to proceed names the review's template; without one there is no plan, so no
 * milestone or timescale reminder could ever fall due. Rather than stay silent, the Lead Officer
 * is alerted at the decision, and the alert stands until a template is chosen.
 */
export function missingReviewTemplateReminders(snapshot: ReviewSnapshot): ReminderHit[] {
  const { review, decidedDay } = snapshot;
  if (
    review.decision?.outcome !== 'proceed' ||
    review.reviewTemplateId !== null ||
    review.status === 'improvement' ||
    decidedDay === null
  )
    return [];
  const known = latest(decisionKnownAt(review.decision), snapshot.liveSince);
  return [
    {
      rule: 'review.template-missing',
      subject: { type: 'review', id: review.id },
      occasion: `${dated('decided', decidedDay)}.template-missing`,
      dueAt: known,
      knownAt: known,
      audience: roleAudience(review, 'lead_officer'),
      severity: 'alert',
      facts: { decidedOn: toLocalDate(decidedDay) },
    },
  ];
}
