/**
 * The timeline of one review at one instant: every milestone with its planned and actual date,
 * status and RAG rating, the 42-day countdown and the review's timescale. Pure: the instant is a
 * parameter.
 */
import type { Calendar } from './calendar';
import { pauseSpanAt } from './clock-pauses';
import { type DayNumber, toLocalDate } from './day-number';
import type { EngineContext } from './engine-context';
import { type PlannedStep, planSteps } from './milestone-plan';
import type { LocalDate, MeetingKind, Review, Role } from './model';
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
  deadline: DatePair;
  pausedDays: number;
  paused: boolean;
  /** At the decision once decided, else today; paused days are not used. */
  daysUsed: number;
  /** Negative when overdue. */
  daysLeft: number;
  decidedDate: LocalDate | null;
  /** Whether the decision came in time; null while undecided. */
  met: boolean | null;
  considerationMeetingStartsAt: Date | null;
  considerationMeetingAfterDeadline: boolean;
  rag: Rag;
}

export interface ReviewTimescaleView {
  decidedDate: LocalDate;
  target: DatePair;
  limit: DatePair | null;
  daysLeftToTarget: number;
  rag: Rag;
}

export interface PauseView {
  id: string;
  reason: string;
  startedAt: Date;
  endedAt: Date | null;
  days: number;
}

export interface Timeline {
  reviewId: string;
  reference: string;
  subjectPseudonym: string;
  today: LocalDate;
  paused: boolean;
  pauses: PauseView[];
  decisionStage: { templateId: string; countdown: DecisionCountdown; milestones: MilestoneView[] };
  reviewStage: { templateId: string; timescale: ReviewTimescaleView | null; milestones: MilestoneView[] } | null;
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
          timescale: reviewTimescaleView(snapshot),
          milestones: planSteps(snapshot, reviewTemplate).map((step) => milestoneView(step, snapshot, calendar)),
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
  const referenceDay = snapshot.decidedDay ?? snapshot.today;
  const daysLeft = deadline.adjustedDay - referenceDay;
  const meeting = considerationMeetingsOf(snapshot.review).sort(
    (a, b) => b.startsAt.getTime() - a.startsAt.getTime(),
  )[0];
  const meetingAfterDeadline =
    meeting !== undefined && snapshot.calendar.dayOf(meeting.startsAt) > deadline.adjustedDay;
  const decided = snapshot.decidedDay !== null;
  return {
    standardDays,
    notifiedDate: toLocalDate(snapshot.notifiedDay),
    deadline: datePair(deadline),
    pausedDays: deadline.adjustedDay - deadline.originalDay,
    paused: snapshot.paused,
    daysUsed: standardDays - daysLeft,
    daysLeft,
    decidedDate: optionalDate(snapshot.decidedDay),
    met: decided ? daysLeft >= 0 : null,
    considerationMeetingStartsAt: meeting?.startsAt ?? null,
    considerationMeetingAfterDeadline: meetingAfterDeadline,
    rag: countdownRag(snapshot, daysLeft, decided, meeting !== undefined, meetingAfterDeadline),
  };
}

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

function reviewTimescaleView(snapshot: ReviewSnapshot): ReviewTimescaleView | null {
  const timescale = reviewTimescaleOf(snapshot);
  if (!timescale || snapshot.decidedDay === null) return null;
  const finished = snapshot.review.status !== 'in_review';
  const referenceDay =
    finished && snapshot.review.closedAt ? snapshot.calendar.dayOf(snapshot.review.closedAt) : snapshot.today;
  const daysLeftToTarget = timescale.target.adjustedDay - referenceDay;
  const pastLimit = timescale.limit !== null && referenceDay > timescale.limit.adjustedDay;
  return {
    decidedDate: toLocalDate(snapshot.decidedDay),
    target: datePair(timescale.target),
    limit: timescale.limit ? datePair(timescale.limit) : null,
    daysLeftToTarget,
    rag: pastLimit ? 'red' : daysLeftToTarget < 0 ? (timescale.limit ? 'amber' : 'red') : 'green',
  };
}

function pauseViews(snapshot: ReviewSnapshot): PauseView[] {
  return snapshot.review.pauses.map((pause) => {
    const span = pauseSpanAt(snapshot.calendar, pause, snapshot.now);
    return { ...pause, days: span === null ? 0 : span.to - span.from };
  });
}

function datePair(deadline: StageDeadline): DatePair {
  return { original: toLocalDate(deadline.originalDay), adjusted: toLocalDate(deadline.adjustedDay) };
}

function optionalDate(day: DayNumber | null): LocalDate | null {
  return day === null ? null : toLocalDate(day);
}
