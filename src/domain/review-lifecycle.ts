/**
 * A review's lifecycle, written down once: which status it may move to from which, and how.
 *
 * - decision stage -> in review (a decision to proceed) or improvement (a decision not to proceed);
 * - in review -> improvement (the review is done) -> closed;
 * - decision stage or in review -> cancelled (e.g. a duplicate notification);
 * - closed and cancelled are final, except through an explicit reopen with a reason, which takes
 *   the review back to where it was: a closed one to improvement, a cancelled one to the decision
 *   stage (no decision yet) or into review (decided to proceed).
 *
 * Anything else is refused with a sentence that says what is allowed from here.
 */
import type { DecisionOutcome, Meeting, Review, ReviewStatus } from './model';

/** How a review is asked to move. */
export type LifecycleChange =
  { kind: 'decision'; outcome: DecisionOutcome } | { kind: 'status'; to: ReviewStatus } | { kind: 'reopen' };

interface Transition {
  to: ReviewStatus;
  change: LifecycleChange;
  /** What a person does to make it, e.g. "record a decision to proceed". */
  how: string;
}

const decide = (outcome: DecisionOutcome): LifecycleChange => ({ kind: 'decision', outcome });
const move = (to: ReviewStatus): LifecycleChange => ({ kind: 'status', to });
const REOPEN: LifecycleChange = { kind: 'reopen' };

/** The allowed moves from each status. A cancelled review reopens to where it was cancelled from. */
function transitionsFrom(review: Pick<Review, 'status' | 'decision'>): Transition[] {
  switch (review.status) {
    case 'decision_stage':
      return [
        { to: 'in_review', change: decide('proceed'), how: 'record a decision to proceed (it then moves into review)' },
        {
          to: 'improvement',
          change: decide('not_proceed'),
          how: 'record a decision not to proceed (it then moves to improvement)',
        },
        { to: 'cancelled', change: move('cancelled'), how: 'cancel it' },
      ];
    case 'in_review':
      return [
        { to: 'improvement', change: move('improvement'), how: 'move it to improvement once the review is done' },
        { to: 'cancelled', change: move('cancelled'), how: 'cancel it' },
      ];
    case 'improvement':
      return [{ to: 'closed', change: move('closed'), how: 'close it' }];
    case 'closed':
      return [{ to: 'improvement', change: REOPEN, how: 'reopen it, giving a reason' }];
    case 'cancelled':
      return [
        {
          to: review.decision?.outcome === 'proceed' ? 'in_review' : 'decision_stage',
          change: REOPEN,
          how: 'reopen it, giving a reason',
        },
      ];
  }
}

const STATE_WORDS: Record<ReviewStatus, string> = {
  decision_stage: 'in the decision stage',
  in_review: 'in review',
  improvement: 'at the improvement stage',
  closed: 'closed',
  cancelled: 'cancelled',
};

/** Where a review stands, in words: "in review", "at the improvement stage", "closed". */
export const statusInWords = (status: ReviewStatus): string => STATE_WORDS[status];

const MOVE_WORDS: Record<ReviewStatus, string> = {
  decision_stage: 'moved back to the decision stage',
  in_review: 'moved into review',
  improvement: 'moved to improvement',
  closed: 'closed',
  cancelled: 'cancelled',
};

function attemptWords(change: LifecycleChange): string {
  switch (change.kind) {
    case 'decision':
      return 'given a decision';
    case 'reopen':
      return 'reopened';
    case 'status':
      return MOVE_WORDS[change.to];
  }
}

function sameChange(a: LifecycleChange, b: LifecycleChange): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'decision' && b.kind === 'decision') return a.outcome === b.outcome;
  if (a.kind === 'status' && b.kind === 'status') return a.to === b.to;
  return true;
}

export interface LifecycleRefusal {
  from: ReviewStatus;
  /** The statuses it may move to from here. */
  allowed: ReviewStatus[];
  /** A sentence for the person who asked: what is wrong, and what they can do from here. */
  reason: string;
}

export type LifecycleResult = { ok: true; status: ReviewStatus } | { ok: false; refusal: LifecycleRefusal };

/** Where `change` takes the review, or why it may not. */
export function transition(
  review: Pick<Review, 'status' | 'decision' | 'reference'>,
  change: LifecycleChange,
): LifecycleResult {
  const allowed = transitionsFrom(review);
  const found = allowed.find((candidate) => sameChange(candidate.change, change));
  if (found) return { ok: true, status: found.to };
  const already = change.kind === 'status' && change.to === review.status;
  const wrong = already
    ? `${review.reference} is already ${STATE_WORDS[review.status]}.`
    : change.kind === 'reopen'
      ? `${review.reference} is open (${STATE_WORDS[review.status]}): there is nothing to reopen.`
      : `${review.reference} is ${STATE_WORDS[review.status]}, so it cannot be ${attemptWords(change)}.`;
  return {
    ok: false,
    refusal: {
      from: review.status,
      allowed: allowed.map((candidate) => candidate.to),
      reason: `${wrong} ${fromHere(allowed)}`,
    },
  };
}

/** "From here you can close it.": the moves a review may make from where it stands, in words. */
function fromHere(allowed: Transition[]): string {
  const options = allowed.map((candidate) => candidate.how);
  const list =
    options.length === 1 ? options[0] : `${options.slice(0, -1).join('; ')}; or ${options[options.length - 1]}`;
  return `From here you can ${list}.`;
}

/** Closed and cancelled reviews get no reminders and take no decision. */
export function isFinal(status: ReviewStatus): boolean {
  return status === 'closed' || status === 'cancelled';
}

/**
 * The work a closed or cancelled review no longer takes until it is reopened: anything that would
 * book, ask, remind or count on its behalf. What keeps its record right (a date typed wrong, who is
 * who, calling off a meeting, an agency's report arriving) or only reads it is not work here.
 */
export type ReviewWork =
  | 'book_meeting'
  | 'move_meeting'
  | 'invite'
  | 'request_report'
  | 'change_due_date'
  | 'name_author'
  | 'pause_clock'
  | 'resume_clock'
  | 'record_step'
  | 'improvement_action';

const WORK_WORDS: Record<ReviewWork, string> = {
  book_meeting: 'no meeting can be booked for it',
  move_meeting: 'its meetings cannot be moved',
  invite: 'nobody can be invited to its meetings',
  request_report: 'no agency can be asked for a report',
  change_due_date: "its reports' due dates cannot be changed",
  name_author: 'no author can be named for its reports',
  pause_clock: 'its clock cannot be paused',
  resume_clock: 'its clock cannot be restarted',
  record_step: 'its steps cannot be marked done or skipped',
  improvement_action: 'its improvement actions cannot be added or changed',
};

/**
 * Why a closed or cancelled review refuses `work`, in a sentence for the person who asked (what is
 * wrong, and how to reopen it); null while the review is open. The one rule for every such change,
 * whoever asks: a typed command, a card button, or the store's own check.
 */
export function endedReviewRefusal(
  review: Pick<Review, 'status' | 'decision' | 'reference'>,
  work: ReviewWork,
): string | null {
  if (!isFinal(review.status)) return null;
  const { reference, status } = review;
  return `${reference} is ${STATE_WORDS[status]}, so ${WORK_WORDS[work]}. ${fromHere(transitionsFrom(review))} Type reopen ${reference} and the reason.`;
}

/**
 * The meetings a cancelled review's cancellation took with it: cancelled while still to come, at or
 * after the moment the review counts as cancelled from (cancelling it cancels every meeting booked
 * ahead). A meeting called off on its own before that is not among them. Reopening the review
 * leaves them cancelled.
 */
export function meetingsCancelledWith(review: Pick<Review, 'status' | 'closedAt' | 'meetings'>): Meeting[] {
  const cancelledAt = review.closedAt;
  if (review.status !== 'cancelled' || cancelledAt === null) return [];
  return review.meetings
    .filter((m) => {
      const setAt = m.statusSetAt;
      return m.status === 'cancelled' && setAt !== undefined && setAt >= cancelledAt && m.startsAt > setAt;
    })
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
