/**
 * The buttons of a deadline alert (cards/deadline-alert.json). Each names a review; the review is
 * loaded from this committee and the person's roles are checked again, whatever the card said.
 *
 * - **Remind the senior managers now** queues, through the outbox, one reminder per report still
 *   awaited to its agency's Senior Manager, keyed by the report and the day: a second click that day
 *   (or another chair's) sends nothing more. The card is replaced by one saying what was sent.
 * - **Book the Consideration Meeting** opens the `meet` command's form, where that command exists,
 *   unless the review has since been closed or cancelled.
 */
import { z } from 'zod';
import { askedReportReminders, endedReviewRefusal, isFinal, isPausedAt, type Review, type Role } from '../../domain';
import type { Requirement } from '../authorise';
import { defineAction } from '../card-actions';
import { type CommandRouter, problem } from '../command-router';
import { answer } from '../present-card';
import { sayLocalDate } from '../say-date';
import type { BotTurnContext } from '../turn-context';

/** Who may act on a deadline: the committee's Chair and lead officers; the review's Lead Officer and Review Team Chair. */
export const DEADLINE_ACTORS: Requirement = {
  committee: ['committee_chair', 'lead_officer'],
  review: ['lead_officer', 'review_team_chair'],
};

const ONE_TO_ONE = 'That button works in your personal chat with me, where the alert came. Nothing was sent.';

const payload = z.object({ reference: z.string().trim().min(1).max(40) });

/** The role the reminder names as asking: the highest the person holds. */
async function askingRole(ctx: BotTurnContext, review: Review): Promise<Role> {
  const committee = await ctx.roles.committeeRolesOf(ctx.tenantId, ctx.person);
  if (committee.has('committee_chair')) return 'committee_chair';
  if (committee.has('lead_officer')) return 'lead_officer';
  const inReview = await ctx.roles.reviewRolesOf(ctx.tenantId, ctx.person.id, review.id);
  return inReview.has('lead_officer') ? 'lead_officer' : 'review_team_chair';
}

export const remindSeniorManagersAction = defineAction({
  verb: 'deadline.remind-senior-managers',
  requires: DEADLINE_ACTORS,
  payload,
  reviewOf: (p) => p.reference,
  async run(ctx, _p, found) {
    const review = found!;
    const now = ctx.now();
    // The alert comes one to one; its answer names agencies, so it is given only there.
    if (ctx.scope !== 'personal') return problem(ONE_TO_ONE);
    if (isFinal(review.status)) return problem(`${review.reference} is no longer open, so there is nothing to send.`);
    if (isPausedAt(review.pauses, now))
      return problem(
        `${review.reference}'s clock is paused, so report reminders are held back until it resumes. Nothing was sent.`,
      );
    const asked = askedReportReminders(review, ctx.engine.calendar, now, await askingRole(ctx, review));
    const sent: Array<{ agencyName: string; dueOn: string }> = [];
    const already: Array<{ agencyName: string }> = [];
    const nobody: Array<{ agencyName: string }> = [];
    for (const { request, intent } of asked) {
      if (intent.audience.every((who) => who.personId === null)) {
        nobody.push({ agencyName: request.agencyName });
        continue;
      }
      const { created } = await ctx.queueReminder(intent);
      if (created) sent.push({ agencyName: request.agencyName, dueOn: sayLocalDate(String(intent.facts.dueOn)) });
      else already.push({ agencyName: request.agencyName });
    }
    ctx.logger.info(
      {
        tenantId: ctx.tenantId,
        reviewId: review.id,
        personId: ctx.person.id,
        sent: sent.length,
        already: already.length,
      },
      'senior managers reminded on request',
    );
    return answer('deadline-reminders', {
      reference: review.reference,
      pseudonym: review.subjectPseudonym,
      sent,
      already,
      nobody,
      none: asked.length === 0,
    });
  },
});

export function bookMeetingAction(router: CommandRouter) {
  return defineAction({
    verb: 'deadline.book-meeting',
    requires: DEADLINE_ACTORS,
    payload,
    reviewOf: (p) => p.reference,
    async run(ctx, _p, found) {
      const review = found!;
      // An alert from before the review ended: no form to fill in for a meeting it would refuse.
      const ended = endedReviewRefusal(review, 'book_meeting');
      if (ended !== null) return problem(ended);
      // The `meet` command checks its own roles and answers, typed bare, with its form.
      if (router.find('meet')) return router.answerCommand(ctx, 'meet', '');
      return problem(
        `Book it by typing meet ${review.reference} consideration, then the date, the time and the place, such as meet ${review.reference} consideration 1/12/2026 10:00 at Room 2.`,
      );
    },
  });
}
