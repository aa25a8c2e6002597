/**
 * The timeline of one review at one instant: every milestone with its planned and actual date,
 * status and RAG rating, the 42-day countdown and the review's timescale. Pure: the instant is a
 * parameter.
 *
 * Compliance is judged on real calendar days: the 42-day standard is met or not by the days from
 * the notification to the decision, pauses or not (001 §6); a pause is shown as the stated reason
 * (its category) and the date it moved as a planning aid. The review stage shows its raw elapsed
 * days beside any figure a pause adjusted (001 §7), and is measured to its completion (the report
 * presented to the committee, 001 §8), so a review finished on time stays so.
 */
import type { Calendar } from './calendar';
import { pauseSpanAt } from './clock-pauses';
import { type DayNumber, toLocalDate } from './day-number';
import type { EngineContext } from './engine-context';
import { type PlannedStep, planSteps, reviewCompletion } from './milestone-plan';
import type { LocalDate, MeetingKind, PauseCategory, Review, Role } from './model';
import { type ReviewSnapshot, snapshotOf } from './review-snapshot';
import { considerationMeetingsOf, decisionDeadlineOf, reviewTimescaleOf, type StageDeadline } from './stage-deadlines';
import type { TemplateStage } from './template-schema';

export const MILESTONE_STATUSES = ['done', 'due', 'late', 'upcoming', 'skipped'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
export type Rag = 'red' | 'amber' | 'green';

export interface MilestoneView {
  stepId: string;
  title: string;
  stage: TemplateStage;
  templateId: string;
  owner: Role;
  optional: boolean;
  meetingKind: MeetingKind | null;
  source: string;
  /** The seed's wording of when, e.g. "weeks 6–7". */
  period: string | null;
  /** As the template puts it, before any pause; null until its anchor is known. */
  originalDate: LocalDate | null;
  /** With the clock's pauses added: the date that counts. */
  plannedDate: LocalDate | null;
  /** When the booked meeting starts, for steps a meeting fulfils. */
  meetingStartsAt: Date | null;
  completedAt: Date | null;
  completedDate: LocalDate | null;
  status: MilestoneStatus;
  rag: Rag;
  /** Days past the planned date: while late, or by how much a done step was late. */
  daysLate: number;
}

export interface DatePair {
  original: LocalDate;
  adjusted: LocalDate;
}

export interface DecisionCountdown {
  /** 42 unless the decision template says otherwise. */
  standardDays: number;
  notifiedDate: LocalDate;
  /**
   * `original`: the standard's own date (day 42), which compliance is judged against;
   * `adjusted`: that date moved by the clock's pauses, a planning aid only.
   */
  deadline: DatePair;
  /** Days the pauses moved the planning date. */
  pausedDays: number;
  /** The categories of those pauses, in order: the stated reason, never an extension. */
  pauseCategories: PauseCategory[];
  paused: boolean;
  /**
   * Calendar days from the notification to the decision, pauses or not: to today while undecided, or
   * to the day it was closed or cancelled if that came first.
   */
  daysUsed: number;
  /** Calendar days left to the standard's own date; negative once it has passed. */
  daysLeft: number;
  /** Planning aid: days left to the date moved by the pauses. */
  plannedDaysLeft: number;
  decidedDate: LocalDate | null;
  /** Whether the decision came within the standard, on calendar days; null while undecided. */
  met: boolean | null;
  considerationMeetingStartsAt: Date | null;
  /** The deciding meeting is booked for after the standard's own date. */
  considerationMeetingAfterDeadline: boolean;
  rag: Rag;
}

export interface ReviewTimescaleView {
  /** What the timescale counts from: the decision (001 §7), or the notification (Tier 1, 000). */
  countsFrom: 'notification' | 'decision';
  startDate: LocalDate;
  decidedDate: LocalDate;
  /** Each as the template puts it, and moved by the clock's pauses. */
  target: DatePair;
  limit: DatePair | null;
  /** When the review was complete: the report presented to the committee (001 §8); null until then. */
  completedDate: LocalDate | null;
  /** Raw calendar days from the start to completion (or today), pauses or not. */
  daysElapsed: number;
  /** Days the pauses moved the target. */
  pausedDays: number;
  /** Days left to the target as the pauses moved it, at completion or today; negative once past. */
  daysLeftToTarget: number;
  /** The same without the pauses: the raw figure shown beside the adjusted one. */
  rawDaysLeftToTarget: number;
  /** Whether it was complete by its limit (its target when it has none), as moved by pauses; null until complete. */
  met: boolean | null;
  rag: Rag;
}

export interface PauseView {
  id: string;
  /** All a shared view shows of why the clock stopped; the note is for the review's members only. */
  category: PauseCategory;
  startedAt: Date;
  endedAt: Date | null;
  days: number;
  /** Whether it began before the decision (the 42-day stage) or after it (the review stage). */
  stage: 'decision' | 'review';
}

export interface Timeline {
  reviewId: string;
  reference: string;
  subjectPseudonym: string;
  today: LocalDate;
  paused: boolean;
  pauses: PauseView[];
  decisionStage: { templateId: string; countdown: DecisionCountdown; milestones: MilestoneView[] };
  /** The review template's steps followed by its closing stage's (`stage: 'closing'`). */
  reviewStage: {
    templateId: string;
    closingTemplateId: string | null;
    timescale: ReviewTimescaleView | null;
    milestones: MilestoneView[];
  } | null;
}

export function timeline(review: Review, context: EngineContext, now: Date): Timeline {
  const snapshot = snapshotOf(review, context, now);
  const { calendar } = snapshot;
  const reviewTemplate = snapshot.reviewTemplate;
  return {
    reviewId: review.id,
    reference: review.reference,
    subjectPseudonym: review.subjectPseudonym,
    today: toLocalDate(snapshot.today),
    paused: snapshot.paused,
    pauses: pauseViews(snapshot),
    decisionStage: {
      templateId: snapshot.decisionTemplate.id,
      countdown: decisionCountdown(snapshot),
      milestones: planSteps(snapshot, snapshot.decisionTemplate).map((step) => milestoneView(step, snapshot, calendar)),
    },
    reviewStage: reviewTemplate
      ? {
          templateId: reviewTemplate.id,
          closingTemplateId: snapshot.closingTemplate?.id ?? null,
          timescale: reviewTimescaleView(snapshot),
          milestones: [
            ...planSteps(snapshot, reviewTemplate),
            ...(snapshot.closingTemplate ? planSteps(snapshot, snapshot.closingTemplate) : []),
          ].map((step) => milestoneView(step, snapshot, calendar)),
        }
      : null,
  };
}

/** Status of a step on `today`; shared with the reminder rules so both always agree. */
export function milestoneStatus(planned: PlannedStep, today: DayNumber, dueSoonDays: number): MilestoneStatus {
  if (planned.skipped) return 'skipped';
  if (planned.completedAt !== null) return 'done';
  if (planned.plannedDay === null) return 'upcoming';
  if (today > planned.plannedDay) return 'late';
  return planned.plannedDay - today <= dueSoonDays ? 'due' : 'upcoming';
}

function milestoneView(planned: PlannedStep, snapshot: ReviewSnapshot, calendar: Calendar): MilestoneView {
  const { step } = planned;
  const status = milestoneStatus(planned, snapshot.today, snapshot.policy.dueSoonDays);
  const completedDay = planned.completedAt ? calendar.dayOf(planned.completedAt) : null;
  const meetingStartsAt = planned.meeting?.startsAt ?? null;
  const meetingDay = meetingStartsAt ? calendar.dayOf(meetingStartsAt) : null;
  const lateAgainst = status === 'done' ? completedDay : snapshot.today;
  const daysLate =
    planned.plannedDay !== null && lateAgainst !== null && (status === 'done' || status === 'late')
      ? Math.max(0, lateAgainst - planned.plannedDay)
      : 0;
  return {
    stepId: step.id,
    title: step.title,
    stage: planned.template.stage,
    templateId: planned.template.id,
    owner: step.owner,
    optional: step.optional,
    meetingKind: step.meetingKind ?? null,
    source: step.source,
    period: step.period ?? null,
    originalDate: optionalDate(planned.originalDay),
    plannedDate: optionalDate(planned.plannedDay),
    meetingStartsAt,
    completedAt: planned.completedAt,
    completedDate: optionalDate(completedDay),
    status,
    rag: milestoneRag(
      status,
      daysLate,
      meetingDay !== null && planned.plannedDay !== null && meetingDay > planned.plannedDay,
    ),
    daysLate,
  };
}

/**
 * Green: on track. Amber: due soon, done late, or booked for after its planned date. Red: late.
 */
function milestoneRag(status: MilestoneStatus, daysLate: number, bookedLate: boolean): Rag {
  switch (status) {
    case 'late':
      return 'red';
    case 'due':
      return 'amber';
    case 'done':
      return daysLate > 0 ? 'amber' : 'green';
    case 'skipped':
      return 'green';
    case 'upcoming':
      return bookedLate ? 'amber' : 'green';
  }
}

function decisionCountdown(snapshot: ReviewSnapshot): DecisionCountdown {
  const deadline = decisionDeadlineOf(snapshot);
  const standardDays = deadline.originalDay - deadline.baseDay;
  // Undecided, it counts to today, or to the day it was closed or cancelled.
  const referenceDay = snapshot.decidedDay ?? snapshot.endedDay ?? snapshot.today;
  const daysLeft = deadline.originalDay - referenceDay;
  const meeting = considerationMeetingsOf(snapshot.review).sort(
    (a, b) => b.startsAt.getTime() - a.startsAt.getTime(),
  )[0];
  const meetingAfterDeadline =
    meeting !== undefined && snapshot.calendar.dayOf(meeting.startsAt) > deadline.originalDay;
  const decided = snapshot.decidedDay !== null;
  return {
    standardDays,
    notifiedDate: toLocalDate(snapshot.notifiedDay),
    deadline: datePair(deadline),
    pausedDays: deadline.adjustedDay - deadline.originalDay,
    pauseCategories: categoriesOf(snapshot, snapshot.decisionSpans),
    paused: snapshot.paused,
    daysUsed: referenceDay - deadline.baseDay,
    daysLeft,
    plannedDaysLeft: deadline.adjustedDay - referenceDay,
    decidedDate: optionalDate(snapshot.decidedDay),
    met: decided ? daysLeft >= 0 : null,
    considerationMeetingStartsAt: meeting?.startsAt ?? null,
    considerationMeetingAfterDeadline: meetingAfterDeadline,
    rag: countdownRag(snapshot, daysLeft, decided, meeting !== undefined, meetingAfterDeadline),
  };
}

/** On real days: red once the standard is missed or cannot be met, amber with a fortnight left. */
function countdownRag(
  snapshot: ReviewSnapshot,
  daysLeft: number,
  decided: boolean,
  hasMeeting: boolean,
  meetingLate: boolean,
): Rag {
  if (decided) return daysLeft >= 0 ? 'green' : 'red';
  const { noMeetingAlertDaysLeft, daysLeft: alertDays } = snapshot.policy.decisionDeadline;
  if (daysLeft < 0 || meetingLate || (!hasMeeting && daysLeft <= noMeetingAlertDaysLeft)) return 'red';
  return daysLeft <= Math.max(0, ...alertDays) ? 'amber' : 'green';
}

/** The categories of the pauses among `spans` that stopped the clock for at least a day. */
function categoriesOf(snapshot: ReviewSnapshot, spans: ReadonlyArray<{ startedAt: Date; from: number; to: number }>) {
  return spans
    .filter((span) => span.to > span.from)
    .map((span) => snapshot.review.pauses.find((pause) => pause.startedAt.getTime() === span.startedAt.getTime()))
    .filter((pause) => pause !== undefined)
    .map((pause) => pause.category);
}

function reviewTimescaleView(snapshot: ReviewSnapshot): ReviewTimescaleView | null {
  const timescale = reviewTimescaleOf(snapshot);
  if (!timescale || snapshot.decidedDay === null) return null;
  const { review, calendar } = snapshot;
  const completion = reviewCompletion(snapshot);
  // Measured to the completion; a review that left the review stage before completions were
  // recorded is measured to when it closed, if it did.
  const completedDay = completion ? calendar.dayOf(completion.at) : null;
  const legacyEnd = review.status !== 'in_review' && review.closedAt ? calendar.dayOf(review.closedAt) : null;
  const referenceDay = completedDay ?? legacyEnd ?? snapshot.today;
  const { target, limit } = timescale;
  const daysLeftToTarget = target.adjustedDay - referenceDay;
  const pastLimit = limit !== null && referenceDay > limit.adjustedDay;
  return {
    countsFrom: timescale.from,
    startDate: toLocalDate(target.baseDay),
    decidedDate: toLocalDate(snapshot.decidedDay),
    target: datePair(target),
    limit: limit ? datePair(limit) : null,
    completedDate: optionalDate(completedDay),
    daysElapsed: referenceDay - target.baseDay,
    pausedDays: target.adjustedDay - target.originalDay,
    daysLeftToTarget,
    rawDaysLeftToTarget: target.originalDay - referenceDay,
    met: completedDay === null ? null : completedDay <= (limit ?? target).adjustedDay,
    rag: pastLimit ? 'red' : daysLeftToTarget < 0 ? (limit ? 'amber' : 'red') : 'green',
  };
}

function pauseViews(snapshot: ReviewSnapshot): PauseView[] {
  return snapshot.review.pauses.map((pause) => {
    const span = pauseSpanAt(snapshot.calendar, pause, snapshot.now);
    const decidedBefore =
      snapshot.decidedDay !== null && snapshot.calendar.dayOf(pause.startedAt) >= snapshot.decidedDay;
    return {
      id: pause.id,
      category: pause.category,
      startedAt: pause.startedAt,
      endedAt: pause.endedAt,
      days: span === null ? 0 : span.to - span.from,
      stage: decidedBefore ? 'review' : 'decision',
    };
  });
}

function datePair(deadline: StageDeadline): DatePair {
  return { original: toLocalDate(deadline.originalDay), adjusted: toLocalDate(deadline.adjustedDay) };
}

function optionalDate(day: DayNumber | null): LocalDate | null {
  return day === null ? null : toLocalDate(day);
}
