/**
 * What the review cards show, worked out once from the timeline engine's answer: the stage, the
 * countdown or the months since the decision, the RAG rating in words and colour, the next deadline.
 */
import { DateTime } from 'luxon';
import { isFinal, type MilestoneView, type Rag, type Review, type Timeline, timeline } from '../domain';
import { days, sayDay, sayLocalDate } from './say-date';
import type { BotTurnContext } from './turn-context';

const STAGE_WORDS: Record<Review['status'], string> = {
  decision_stage: 'Decision stage',
  in_review: 'Learning Review under way',
  improvement: 'Improvement actions',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

const KIND_WORDS: Record<Review['kind'], string> = {
  CP: 'Child Protection',
  ASP: 'Adult Support and Protection',
};

const RAG_WORDS: Record<Rag, string> = {
  red: 'Red: overdue or at risk',
  amber: 'Amber: due soon',
  green: 'Green: on track',
};

/** Adaptive Card text colours for each rating. */
const RAG_COLOUR: Record<Rag, string> = { red: 'Attention', amber: 'Warning', green: 'Good' };

const STATUS_WORDS: Record<MilestoneView['status'], string> = {
  done: 'Done',
  due: 'Due soon',
  late: 'Late',
  upcoming: 'Upcoming',
  skipped: 'Skipped',
};

const RAG_ORDER: Record<Rag, number> = { red: 0, amber: 1, green: 2 };

export const ragWords = (rag: Rag) => RAG_WORDS[rag];
export const ragColour = (rag: Rag) => RAG_COLOUR[rag];

/**
 * A step's status in words and colour. Once the review has ended, a step left undone is neither late
 * nor coming: it was not done.
 */
export function stepStatus(review: Review, m: MilestoneView): { statusWords: string; ragColour: string } {
  if (isFinal(review.status) && m.status !== 'done' && m.status !== 'skipped')
    return { statusWords: 'Not done', ragColour: 'Default' };
  return { statusWords: STATUS_WORDS[m.status], ragColour: RAG_COLOUR[m.rag] };
}

export interface ReviewView {
  review: Review;
  timeline: Timeline;
  rag: Rag;
  /** The earliest step not yet late, for "next deadline". */
  next: MilestoneView | null;
  /** Steps past their planned date and not done. */
  late: number;
  /** The date that counts for urgency: the next deadline, or the 42-day date while undecided. */
  urgentOn: string | null;
}

export function viewOf(ctx: BotTurnContext, review: Review): ReviewView {
  const line = timeline(review, ctx.engine, ctx.now());
  const open = (m: MilestoneView) => m.status !== 'done' && m.status !== 'skipped' && m.plannedDate !== null;
  const stage = line.reviewStage ?? line.decisionStage;
  const openSteps = stage.milestones
    .filter(open)
    .sort((a, b) => (a.plannedDate ?? '').localeCompare(b.plannedDate ?? ''));
  const next = openSteps.find((m) => m.status !== 'late') ?? null;
  const late = openSteps.filter((m) => m.status === 'late').length;
  const countdown = line.decisionStage.countdown;
  const finished = isFinal(review.status);
  // The review's rating is its stage deadline's: the 42-day standard, then the review's timescale. A
  // step's own rating shows on the timeline.
  const rag: Rag = finished ? 'green' : line.reviewStage ? (line.reviewStage.timescale?.rag ?? 'green') : countdown.rag;
  const undecided = countdown.decidedDate === null;
  // The earliest open step's date counts for urgency, late or not.
  const candidates = [openSteps[0]?.plannedDate ?? null, undecided ? countdown.deadline.adjusted : null].filter(
    (d): d is string => d !== null,
  );
  if (finished) return { review, timeline: line, rag, next: null, late: 0, urgentOn: null };
  return { review, timeline: line, rag, next, late, urgentOn: candidates.sort()[0] ?? null };
}

/** Most urgent first: red before amber before green, then the soonest deadline, then the reference. */
export function byUrgency(a: ReviewView, b: ReviewView): number {
  return (
    RAG_ORDER[a.rag] - RAG_ORDER[b.rag] ||
    (a.urgentOn ?? '9999').localeCompare(b.urgentOn ?? '9999') ||
    a.review.reference.localeCompare(b.review.reference)
  );
}

/**
 * "Day 12 of 42: 30 days left", "3 days past the 42", or the months since the decision; for a review
 * that has ended, how it stood when it did.
 */
export function countdownWords(view: ReviewView, today: string): string {
  const countdown = view.timeline.decisionStage.countdown;
  const ended = isFinal(view.review.status);
  if (countdown.decidedDate === null) {
    const of = countdown.standardDays;
    if (ended)
      return `Not decided: ${STAGE_WORDS[view.review.status].toLowerCase()} on day ${countdown.daysUsed} of ${of}`;
    const paused = countdown.paused ? ' (clock paused)' : '';
    if (countdown.daysLeft < 0) return `Day ${countdown.daysUsed} of ${of}: ${days(-countdown.daysLeft)} over${paused}`;
    return `Day ${countdown.daysUsed} of ${of}: ${days(countdown.daysLeft)} left${paused}`;
  }
  const met = `Decided ${countdown.met ? 'within' : 'after'} the ${countdown.standardDays} days`;
  if (ended) return met;
  const months = Math.floor(DateTime.fromISO(today).diff(DateTime.fromISO(countdown.decidedDate), 'months').months);
  if (months === 0) return `${met}; less than a month since the decision`;
  return `${met}; ${months} ${months === 1 ? 'month' : 'months'} since the decision`;
}

export function summaryFields(ctx: BotTurnContext, view: ReviewView) {
  const { review, timeline: line } = view;
  return {
    reference: review.reference,
    pseudonym: review.subjectPseudonym,
    kindWords: KIND_WORDS[review.kind],
    stageWords: STAGE_WORDS[review.status],
    countdownWords: countdownWords(view, line.today),
    ...ratingOf(ctx, view),
    nextDeadlineStep: view.next?.title ?? '',
    nextDeadlineDate: view.next?.plannedDate ? sayLocalDate(view.next.plannedDate) : '',
    lateSteps: view.late === 0 ? '' : `${view.late} (see the timeline)`,
  };
}

/** The review's RAG rating in words and colour; once it has ended, when it ended instead. */
function ratingOf(ctx: BotTurnContext, { review, rag }: ReviewView): { ragWords: string; ragColour: string } {
  if (isFinal(review.status) && review.closedAt)
    return {
      ragWords: `${STAGE_WORDS[review.status]} on ${sayDay(review.closedAt, ctx.timeZone)}`,
      ragColour: 'Default',
    };
  return { ragWords: ragWords(rag), ragColour: ragColour(rag) };
}

/** Every open review of the committee, as views, most urgent first. */
export async function openReviewViews(ctx: BotTurnContext): Promise<ReviewView[]> {
  const views: ReviewView[] = [];
  let afterId: string | null = null;
  for (;;) {
    const page: Review[] = await ctx.store.reviews.listForSweep(ctx.tenantId, { limit: 500, afterId });
    for (const review of page) views.push(viewOf(ctx, review));
    if (page.length < 500) break;
    afterId = page[page.length - 1].id;
  }
  return views.sort(byUrgency);
}
