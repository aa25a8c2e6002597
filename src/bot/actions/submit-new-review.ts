/** The `new` card form's submit: the same review the typed command would open. */
import { z } from 'zod';
import { defineAction } from '../card-actions';
import { LEAD_OFFICERS_ONLY } from '../authorise';
import { newReviewForm, openReview, readKind } from '../commands/new-review';
import { CommandProblem, problem } from '../command-router';
import { readDate } from '../read-date';

const payload = z.object({
  kind: z.enum(['cp', 'asp', 'CP', 'ASP']),
  /** Input.Date sends YYYY-MM-DD; a client without a date picker sends what was typed. */
  notifiedOn: z.string().trim().max(40).default(''),
  pseudonym: z.string().trim().max(200).default(''),
});

export const submitNewReview = defineAction({
  verb: 'new-review',
  requires: LEAD_OFFICERS_ONLY,
  // Once the review is open the form is done with: everyone in the chat sees the review instead.
  replacesForEveryone: (answer) => answer.card === 'review',
  payload,
  async run(ctx, form) {
    const kind = form.kind.toLowerCase();
    if (form.notifiedOn === '') {
      return newReviewForm({ kind, pseudonym: form.pseudonym, sentence: 'Give the date the notification came in.' });
    }
    const date = readDate(form.notifiedOn, ctx.now(), ctx.timeZone, 'past');
    if (!date.ok) return newReviewForm({ kind, pseudonym: form.pseudonym, sentence: date.problem });
    if (form.pseudonym === '') {
      return newReviewForm({
        kind,
        notifiedOn: date.value.date,
        sentence: 'Give the pseudonym the review will use, such as Child A.',
      });
    }
    try {
      return await openReview(ctx, readKind(kind), date.value, form.pseudonym);
    } catch (error) {
      if (error instanceof CommandProblem) return problem(error.message);
      throw error;
    }
  },
});
