/** `status LR-2026-001`: the review card. */
import { isFinal, PAUSE_CATEGORY_LABELS, type Review } from '../../domain';
import type { CommandDefinition } from '../command-router';
import { answer, type CardAnswer } from '../present-card';
import { summaryFields, viewOf } from '../review-views';
import { days, sayDay, sayLocalDate } from '../say-date';
import type { BotTurnContext } from '../turn-context';

/** Everyone holding a committee role, and the people running this review, may read it. */
export const REVIEW_READERS = {
  committee: ['lead_officer', 'administrator', 'committee_chair', 'public_protection_manager', 'subgroup_member'],
  review: ['lead_officer', 'review_team_chair', 'reviewer', 'review_team_member'],
} as const;

export function reviewCard(ctx: BotTurnContext, review: Review, extra: { opened?: boolean } = {}): CardAnswer {
  const view = viewOf(ctx, review);
  const countdown = view.timeline.decisionStage.countdown;
  const ended = isFinal(review.status);
  // A pause still running when the review ended holds nothing up any more.
  const running = ended ? undefined : review.pauses.find((p) => p.endedAt === null);
  const moved = countdown.deadline.adjusted !== countdown.deadline.original;
  return answer(
    'review',
    {
      ...summaryFields(ctx, view),
      opened: extra.opened === true,
      notifiedDate: sayDay(review.notifiedAt, ctx.timeZone),
      decisionDueDate: sayLocalDate(countdown.deadline.adjusted),
      originalDecisionDueDate: moved ? sayLocalDate(countdown.deadline.original) : '',
      decidedDate: countdown.decidedDate ? sayLocalDate(countdown.decidedDate) : '',
      daysUsed: days(countdown.daysUsed),
      // Once decided or ended, the 42-day line says how it went; nothing is left to count.
      daysLeft:
        countdown.decidedDate !== null || ended
          ? ''
          : countdown.daysLeft >= 0
            ? days(countdown.daysLeft)
            : `none (${days(-countdown.daysLeft)} over)`,
      pausedSince: running ? sayDay(running.startedAt, ctx.timeZone) : '',
      pauseReason: running ? (running.note ?? PAUSE_CATEGORY_LABELS[running.category]) : '',
    },
    `status ${review.reference}`,
  );
}

export const statusCommand: CommandDefinition = {
  name: 'status',
  usage: 'status LR-2026-001',
  summary: "A review's card: its stage, the 42-day countdown and its RAG rating.",
  menu: ['personal', 'groupChat', 'team'],
  requires: REVIEW_READERS,
  actsOnReview: true,
  form: () => answer('reference-form', { command: 'status' }),
  run(ctx, { review }) {
    return Promise.resolve(reviewCard(ctx, review!));
  },
};
