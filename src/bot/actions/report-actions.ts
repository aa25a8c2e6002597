/**
 * The request card's buttons: send the report written in its form, and (for the agency's Senior
 * Manager) name its author by e-mail address. The payload names a request; it is looked up in this
 * committee only, and who may act on it is decided again here, whatever the card said. A report
 * still arrives after its review is closed or cancelled; an author is named only while it is open.
 */
import { z } from 'zod';
import { endedReviewRefusal, reportRequestedIntent, type ReportRequest, type Review } from '../../domain';
import { NotFoundError } from '../../store';
import { ANYONE } from '../authorise';
import { defineAction } from '../card-actions';
import { problem } from '../command-router';
import type { CardAnswer } from '../present-card';
import { isPastDue, NOT_PERSONAL, requestCard, standingFor, submitReport } from '../reports';
import type { BotTurnContext } from '../turn-context';

const STALE =
  "That card is out of date, or the report isn't yours to send, so I did nothing. Type report and the review's reference to start again.";

const requestId = z.string().trim().min(1).max(64);

/** The request and its review, from this committee; null for an unknown id or another committee's. */
async function requestOf(ctx: BotTurnContext, id: string): Promise<{ review: Review; request: ReportRequest } | null> {
  try {
    const found = await ctx.store.reportRequests.get(ctx.tenantId, id);
    const review = await ctx.store.reviews.load(ctx.tenantId, found.reviewId);
    const request = review.reportRequests.find((r) => r.id === found.id);
    return request ? { review, request } : null;
  } catch (error) {
    if (error instanceof NotFoundError || (error as { code?: string }).code === 'invalid_value') return null;
    throw error;
  }
}

function refused(ctx: BotTurnContext, verb: string): CardAnswer {
  ctx.logger.warn(
    { tenantId: ctx.tenantId, personId: ctx.person.id, verb, refusal: 'not_allowed' },
    'card action refused',
  );
  return problem(STALE);
}

export const submitReportAction = defineAction({
  verb: 'report.submit',
  requires: ANYONE,
  payload: z.object({ requestId, reportText: z.string().max(20_000).default('') }),
  async run(ctx, form) {
    if (ctx.scope !== 'personal') return problem(NOT_PERSONAL);
    const found = await requestOf(ctx, form.requestId);
    const standing = found && (await standingFor(ctx, found.review, found.request));
    if (!found || !standing) return refused(ctx, 'report.submit');
    const { review, request } = found;
    if (form.reportText.trim() === '')
      return requestCard(review, request, {
        isManager: standing === 'senior_manager',
        overdue: isPastDue(ctx, request),
        sentence: 'Write the report in the box, or send it as a file.',
      });
    return submitReport(ctx, review, request, standing, { text: form.reportText.trim() }, 'card');
  },
});

const EMAIL = z.string().trim().toLowerCase().max(254);

export const nameAuthorAction = defineAction({
  verb: 'report.name-author',
  requires: ANYONE,
  payload: z.object({ requestId, authorEmail: EMAIL.default('') }),
  async run(ctx, form) {
    const found = await requestOf(ctx, form.requestId);
    const standing = found && (await standingFor(ctx, found.review, found.request));
    // The Senior Manager names the author; the Lead Officer may too, on the agency's behalf.
    if (!found || (standing !== 'senior_manager' && standing !== 'lead_officer'))
      return refused(ctx, 'report.name-author');
    const { review, request } = found;
    // A card from before the review was closed or cancelled: nobody is asked to write for it now.
    const ended = endedReviewRefusal(review, 'name_author');
    if (ended !== null) return problem(ended);
    const again = (sentence: string) =>
      requestCard(review, request, { isManager: true, overdue: isPastDue(ctx, request), sentence });
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.authorEmail))
      return again("Give the author's work e-mail address, such as name@agency.example.");
    const [author] = await ctx.store.people.findByIdentities(ctx.tenantId, {
      emails: [form.authorEmail],
      aadObjectIds: [],
    });
    if (!author)
      return again(
        'No one with that address has talked to the bot in this committee yet. Ask them to open a chat with the bot and say hello, then name them again.',
      );
    const named = await ctx.store.reportRequests.nameAuthor(ctx.tenantId, ctx.person.id, request.id, author.id);
    const updated = { ...request, authorPersonId: named.authorPersonId };
    await ctx.queue(
      reportRequestedIntent(
        review,
        updated,
        { role: 'report_author', personId: author.id },
        `author-named-${ctx.now().toISOString()}`,
        ctx.now(),
      ),
    );
    return requestCard(review, updated, {
      isManager: true,
      overdue: isPastDue(ctx, request),
      sentence: `${author.displayName} is named as the author and has been sent this card.`,
    });
  },
});
