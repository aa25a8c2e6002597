/**
 * The review itself (001 §7, §9; 000). A milestone late by a week alerts the chair; the target
 * and the limit of the timescale (six and nine months for Tier 2/3) alert the chair and the Lead
 * Officer; open improvement actions are checked quarterly by the Sub-group (001 §9). A late
 * milestone or a quarterly check that falls on a non-working day goes out the next working day;
 * a timescale mark the working day before.
 */
import { personAudience, roleAudience, uniqueAudience } from '../audience';
import { addMonths, type DayNumber, partsOfDay, toLocalDate } from '../day-number';
import { actionKnownAt, decisionKnownAt, latest } from '../known-at';
import { planSteps } from '../milestone-plan';
import type { ImprovementAction } from '../model';
import { clockDayHit, dated, dayHit, latestReached, type ReminderHit, sendDayOf, toSend } from '../reminder-occasions';
import type { ReviewSnapshot } from '../review-snapshot';
import { reviewTimescaleOf } from '../stage-deadlines';
import { milestoneStatus } from '../timeline';

/** Milestones and timescale: only while the review runs and its clock is not paused. */
export function reviewStageReminders(snapshot: ReviewSnapshot): ReminderHit[] {
  const { review, reviewTemplate, decidedDay } = snapshot;
  if (review.status !== 'in_review' || !reviewTemplate || decidedDay === null || !review.decision || snapshot.paused)
    return [];
  const decisionKnown = latest(decisionKnownAt(review.decision), snapshot.liveSince);
  return [...lateMilestoneHits(snapshot), ...timescaleHits(snapshot, decisionKnown)];
}

/**
 * A milestone a week late. Its plan is known once the facts it counts from are recorded; when one
 * of them was recorded after it happened (a decision or a milestone entered for a review already
 * under way), a milestone already late then is alerted then, with the days late of that day.
 */
function lateMilestoneHits(snapshot: ReviewSnapshot): ReminderHit[] {
  const lateDays = snapshot.policy.reviewStage.milestoneLateDays;
  return planSteps(snapshot, snapshot.reviewTemplate!)
    .filter((planned) => milestoneStatus(planned, snapshot.today, snapshot.policy.dueSoonDays) === 'late')
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
        audience: roleAudience(snapshot.review, 'chair'),
        factsOn: (dueDay) => ({
          stepTitle: planned.step.title,
          plannedDate: toLocalDate(plannedDay),
          daysLate: dueDay - plannedDay,
        }),
      });
      return hit ? [hit] : [];
    });
}

function timescaleHits(snapshot: ReviewSnapshot, decisionKnown: Date): ReminderHit[] {
  const timescale = reviewTimescaleOf(snapshot);
  if (!timescale || !snapshot.policy.reviewStage.timescaleMarks) return [];
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
  const facts = {
    decidedOn: toLocalDate(snapshot.decidedDay as DayNumber),
    targetDate: toLocalDate(target.adjustedDay),
    limitDate: limit ? toLocalDate(limit.adjustedDay) : null,
  };
  const hit =
    occasion &&
    clockDayHit(snapshot, occasion, {
      series: dated('decided', snapshot.decidedDay as DayNumber),
      movedBy: occasion.rule === 'review.timescale-limit' && limit ? limit.movedBy : target.movedBy,
      subject: { type: 'review', id: snapshot.review.id },
      knownAt: decisionKnown,
      stands: true,
      audience: roleAudience(snapshot.review, 'chair', 'lead_officer'),
      factsOn: () => facts,
    });
  return hit ? [hit] : [];
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

/** Quarterly checks of open improvement actions, whatever stage the review is at. */
export function improvementActionReminders(snapshot: ReviewSnapshot): ReminderHit[] {
  return snapshot.review.improvementActions
    .filter((action) => action.status === 'open')
    .flatMap((action) => actionHits(snapshot, action));
}

function actionHits(snapshot: ReviewSnapshot, action: ImprovementAction): ReminderHit[] {
  const { review, calendar, lastReminderDay } = snapshot;
  const every = snapshot.policy.reviewStage.improvementCheckEveryMonths;
  const agreedDay = calendar.dayOf(action.agreedAt);
  const quarter = latestMonthlyRepeat(snapshot, agreedDay, every, lastReminderDay);
  if (quarter === null) return [];
  const occasion = toSend(snapshot, {
    day: quarter.day,
    rule: 'action.quarterly-check',
    label: `check-${quarter.count}`,
    severity: 'info',
    kind: 'late',
  });
  const owner = action.ownerPersonId ? [personAudience(review, action.ownerPersonId, 'senior_manager')] : [];
  const hit = dayHit(snapshot, occasion, {
    series: dated('agreed', agreedDay),
    subject: { type: 'improvement_action', id: action.id },
    knownAt: latest(actionKnownAt(action), snapshot.liveSince),
    audience: uniqueAudience([...roleAudience(review, 'lead_officer'), ...owner]),
    factsOn: () => ({
      agreedOn: toLocalDate(agreedDay),
      dueOn: action.dueOn,
      checkNumber: quarter.count,
      checkDate: toLocalDate(quarter.day),
    }),
  });
  return hit ? [hit] : [];
}

/** The latest of start + every·k months (k ≥ 1) whose check goes out by lastDay (next working day). */
function latestMonthlyRepeat(
  snapshot: ReviewSnapshot,
  start: DayNumber,
  everyMonths: number,
  lastDay: DayNumber,
): { day: DayNumber; count: number } | null {
  const from = partsOfDay(start);
  const to = partsOfDay(lastDay);
  // Whole months between the two dates, give or take the day of the month: a step or two down.
  let count = Math.floor(((to.year - from.year) * 12 + (to.month - from.month)) / everyMonths);
  while (count >= 1) {
    const day = addMonths(start, count * everyMonths);
    if (sendDayOf(snapshot, day, 'late') <= lastDay) return { day, count };
    count -= 1;
  }
  return null;
}
