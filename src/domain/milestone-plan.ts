/**
 * Plans a template's steps for one review: each step's date counted from its anchor, moved by the
 * clock's pauses, and what actually happened to it.
 *
 * A step anchored on another step counts from that step's actual date once it is done, and from
 * its planned date until then, so the plan re-flows when work runs early or late. The shared
 * closing stage counts the same way from the review template's last step (its final report).
 * A decision-stage step that applies after one outcome only is left out until that decision.
 */
import { type PauseSpan, pauseShift } from './clock-pauses';
import type { DayNumber } from './day-number';
import {
  actionKnownAt,
  decisionKnownAt,
  latest,
  meetingHeldKnownAt,
  milestoneKnownAt,
  reviewKnownAt,
} from './known-at';
import type { Meeting, MilestoneRecord } from './model';
import { applyOffset } from './offset';
import type { ReviewSnapshot } from './review-snapshot';
import type { ProcessTemplate, TemplateStep } from './template-schema';

export interface PlannedStep {
  readonly step: TemplateStep;
  readonly template: ProcessTemplate;
  /** The fact this step's date is counted from (pauses before it are already in its date). */
  readonly baseDay: DayNumber | null;
  /** The date as the template puts it, before pauses; null until its anchor is known. */
  readonly originalDay: DayNumber | null;
  /** The date with the clock's pauses added. */
  readonly plannedDay: DayNumber | null;
  /** The last pause that moved the planned date, if any. */
  readonly movedBy: PauseSpan | null;
  /** From when the planned date was known: the facts it is counted from were recorded by then. */
  readonly knownAt: Date | null;
  readonly completedAt: Date | null;
  /** From when the completion was known (a milestone recorded after the fact is known late). */
  readonly completionKnownAt: Date | null;
  readonly skipped: boolean;
  /** The meeting that fulfils or is booked for this step, if any. */
  readonly meeting: Meeting | null;
}

/** The template's plan for this review, worked out once per snapshot. */
export function planSteps(snapshot: ReviewSnapshot, template: ProcessTemplate): PlannedStep[] {
  const cached = snapshot.plans.get(template) as PlannedStep[] | undefined;
  if (cached) return cached;
  const plan = computePlan(snapshot, template);
  snapshot.plans.set(template, plan);
  return plan;
}

/**
 * When the review was complete: the step that marks it (the report presented to the committee,
 * 001 §8, in the closing stage), done. Null while it is not, or when the review's templates name none.
 */
export function reviewCompletion(snapshot: ReviewSnapshot): { at: Date; knownAt: Date } | null {
  for (const template of [snapshot.closingTemplate, snapshot.reviewTemplate]) {
    if (!template) continue;
    const step = planSteps(snapshot, template).find((planned) => planned.step.completes);
    if (step) return step.completedAt && { at: step.completedAt, knownAt: step.completionKnownAt as Date };
  }
  return null;
}

function computePlan(snapshot: ReviewSnapshot, template: ProcessTemplate): PlannedStep[] {
  const shape = shapeOf(template);
  const records = recordsByStep(snapshot.review.milestones, shape);
  const meetings = meetingsByStep(snapshot.review.meetings, shape);
  // The decision stage stops counting at the decision; a later pause belongs to the review stage.
  const spans = template.stage === 'decision' ? snapshot.decisionSpans : snapshot.spans;
  // The review and closing stages are known no earlier than the decision that chose them.
  const { decision } = snapshot.review;
  const stageKnownAt = template.stage !== 'decision' && decision ? decisionKnownAt(decision) : null;
  const reviewEnd =
    template.stage === 'closing' && snapshot.reviewTemplate
      ? (planSteps(snapshot, snapshot.reviewTemplate).at(-1) ?? null)
      : null;
  const planned: PlannedStep[] = [];
  template.steps.forEach((step, index) => {
    const meeting = meetings[index];
    const record = records[index];
    const completion = record?.skipped
      ? null
      : (recordedCompletion(record) ?? impliedCompletion(snapshot, step, meeting));
    const anchorIndex = shape.anchorIndex[index];
    const [baseDay, anchorDay, anchorKnownAt] = anchorDays(
      snapshot,
      step,
      anchorIndex >= 0 ? planned[anchorIndex] : step.anchor.from === 'review_end' ? reviewEnd : null,
    );
    const knownAt = anchorKnownAt && stageKnownAt ? latest(anchorKnownAt, stageKnownAt) : anchorKnownAt;
    const originalDay =
      baseDay === null || anchorDay === null ? null : applyOffset(snapshot.calendar, anchorDay, step.offset);
    const shift = originalDay === null || baseDay === null ? null : pauseShift(originalDay, baseDay, spans);
    planned.push({
      step,
      template,
      baseDay: originalDay === null ? null : baseDay,
      originalDay,
      plannedDay: shift?.day ?? null,
      movedBy: shift?.movedBy ?? null,
      knownAt: originalDay === null ? null : knownAt,
      completedAt: completion?.at ?? null,
      completionKnownAt: completion?.knownAt ?? null,
      skipped: record?.skipped ?? false,
      meeting,
    });
  });
  const outcome = decision?.outcome ?? null;
  return template.steps.some((step) => step.outcome !== undefined)
    ? planned.filter(({ step }) => step.outcome === undefined || step.outcome === outcome)
    : planned;
}

/** What the planner looks up per template, worked out once. */
interface TemplateShape {
  /** Step id -> position. */
  stepIndex: Map<string, number>;
  /** For each step, the position of the step it anchors on, or -1. */
  anchorIndex: number[];
  /** Meeting kind -> position of the only step of that kind (kinds shared by several steps are absent). */
  uniqueKindIndex: Map<string, number>;
}

const shapeCache = new WeakMap<ProcessTemplate, TemplateShape>();

function shapeOf(template: ProcessTemplate): TemplateShape {
  let shape = shapeCache.get(template);
  if (!shape) {
    const stepIndex = new Map(template.steps.map((step, index) => [step.id, index]));
    const uniqueKindIndex = new Map<string, number>();
    template.steps.forEach((step, index) => {
      if (!step.meetingKind) return;
      const shared = template.steps.some((other) => other !== step && other.meetingKind === step.meetingKind);
      if (!shared) uniqueKindIndex.set(step.meetingKind, index);
    });
    const anchorIndex = template.steps.map((step) =>
      step.anchor.from === 'step' ? (stepIndex.get(step.anchor.step) as number) : -1,
    );
    shape = { stepIndex, anchorIndex, uniqueKindIndex };
    shapeCache.set(template, shape);
  }
  return shape;
}

/** Each step's milestone record: one lookup per record, however long the history. */
function recordsByStep(records: readonly MilestoneRecord[], shape: TemplateShape): Array<MilestoneRecord | undefined> {
  const byStep: Array<MilestoneRecord | undefined> = [];
  for (const record of records) {
    const index = shape.stepIndex.get(record.stepId);
    if (index !== undefined) byStep[index] = record;
  }
  return byStep;
}

/**
 * The meeting booked for each step: one that names the step, else, when the template has only
 * one step of that kind, a meeting of that kind that names no step. A held meeting wins over a
 * scheduled one; cancelled meetings never count.
 */
function meetingsByStep(meetings: readonly Meeting[], shape: TemplateShape): Array<Meeting | null> {
  const named: Array<Meeting | undefined> = [];
  const byKind: Array<Meeting | undefined> = [];
  for (const meeting of meetings) {
    if (meeting.status === 'cancelled') continue;
    const index =
      meeting.stepId === null ? shape.uniqueKindIndex.get(meeting.kind) : shape.stepIndex.get(meeting.stepId);
    if (index === undefined) continue;
    const slot = meeting.stepId === null ? byKind : named;
    const best = slot[index];
    if (best === undefined || rank(meeting) > rank(best)) slot[index] = meeting;
  }
  return shape.anchorIndex.map((_, index) => named[index] ?? byKind[index] ?? null);
}

/**
 * [the fact counted from, the day the offset is applied to, from when both were known]; nulls
 * until the anchor is known.
 */
function anchorDays(
  snapshot: ReviewSnapshot,
  step: TemplateStep,
  anchor: PlannedStep | null,
): [DayNumber | null, DayNumber | null, Date | null] {
  switch (step.anchor.from) {
    case 'notification':
      return [snapshot.notifiedDay, snapshot.notifiedDay, reviewKnownAt(snapshot.review)];
    case 'decision': {
      const { decision } = snapshot.review;
      return [snapshot.decidedDay, snapshot.decidedDay, decision ? decisionKnownAt(decision) : null];
    }
    case 'step':
    case 'review_end': {
      // The schema guarantees the anchor is an earlier step, already planned; the review's end is
      // its last step. A closing stage without a review template before it has no dates.
      if (anchor === null) return [null, null, null];
      const { completedAt, completionKnownAt, baseDay, originalDay, knownAt } = anchor;
      if (completedAt === null) return [baseDay, originalDay, knownAt];
      const doneDay = snapshot.calendar.dayOf(completedAt);
      return [doneDay, doneDay, completionKnownAt];
    }
  }
}

interface Completion {
  at: Date;
  knownAt: Date;
}

function recordedCompletion(record: MilestoneRecord | undefined): Completion | null {
  if (!record || record.completedAt === null) return null;
  return { at: record.completedAt, knownAt: milestoneKnownAt(record) as Date };
}

/** Facts in the review that complete a step without anyone marking it. */
function impliedCompletion(snapshot: ReviewSnapshot, step: TemplateStep, meeting: Meeting | null): Completion | null {
  const { review } = snapshot;
  if (meeting?.status === 'held')
    return { at: meeting.endsAt ?? meeting.startsAt, knownAt: meetingHeldKnownAt(meeting) };
  switch (step.completedBy) {
    case 'record':
      return null;
    case 'notification':
      return { at: review.notifiedAt, knownAt: reviewKnownAt(review) };
    case 'decision':
      return review.decision ? { at: review.decision.decidedAt, knownAt: decisionKnownAt(review.decision) } : null;
    case 'reports_requested': {
      const at = reportDates(snapshot).firstRequestedAt;
      return at && { at, knownAt: at };
    }
    case 'reports_submitted': {
      const at = reportDates(snapshot).allSubmittedAt;
      return at && { at, knownAt: at };
    }
    case 'improvement_actions': {
      const first = firstAction(snapshot);
      return first && { at: first.agreedAt, knownAt: actionKnownAt(first) };
    }
  }
}

interface ReportDates {
  firstRequestedAt: Date | null;
  /** When the last of the reports still wanted came in; null while one is awaited (or none was asked for). */
  allSubmittedAt: Date | null;
}

/** Read once per snapshot of a review, however many steps and plans ask. */
const reportDatesOf = new WeakMap<ReviewSnapshot, ReportDates>();

function reportDates(snapshot: ReviewSnapshot): ReportDates {
  let dates = reportDatesOf.get(snapshot);
  if (!dates) {
    let firstRequestedAt: Date | null = null;
    let allSubmittedAt: Date | null = null;
    let live = 0;
    let awaited = false;
    for (const request of snapshot.review.reportRequests) {
      if (firstRequestedAt === null || request.requestedAt.getTime() < firstRequestedAt.getTime())
        firstRequestedAt = request.requestedAt;
      if (request.status === 'withdrawn') continue;
      live += 1;
      const submittedAt = request.submittedAt;
      if (submittedAt === null) awaited = true;
      else if (allSubmittedAt === null || submittedAt.getTime() > allSubmittedAt.getTime())
        allSubmittedAt = submittedAt;
    }
    dates = { firstRequestedAt, allSubmittedAt: live === 0 || awaited ? null : allSubmittedAt };
    reportDatesOf.set(snapshot, dates);
  }
  return dates;
}

type Action = ReviewSnapshot['review']['improvementActions'][number];

/** The first improvement action agreed, read once per snapshot however many steps ask. */
const firstActionOf = new WeakMap<ReviewSnapshot, Action | null>();

function firstAction(snapshot: ReviewSnapshot): Action | null {
  let first = firstActionOf.get(snapshot);
  if (first === undefined) {
    first = null;
    for (const action of snapshot.review.improvementActions)
      if (first === null || action.agreedAt.getTime() < first.agreedAt.getTime()) first = action;
    firstActionOf.set(snapshot, first);
  }
  return first;
}

/** Held before scheduled; among equals, the later one (the latest booking is the live one). */
function rank(meeting: Meeting): number {
  return (meeting.status === 'held' ? 1e15 : 0) + meeting.startsAt.getTime();
}
