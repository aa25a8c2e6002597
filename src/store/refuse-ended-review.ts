/**
 * A closed or cancelled review takes no new work until it is reopened (the lifecycle's rule, with
 * its words). Each repository method that adds or changes a review's work asks here first, with
 * the review locked, so a refusal writes, queues and audits nothing, whoever the caller.
 */
import type { Selectable, Transaction } from 'kysely';
import { endedReviewRefusal, type ReviewWork } from '../domain/review-lifecycle';
import type { Database, ReviewsTable } from './database-schema';
import type { Engine } from './engine';
import { toReviewShell } from './row-mappers';
import { lockReview } from './scoped-lookups';
import { ConflictError } from './store-errors';

/** Refuses `work` on `review` once it is closed or cancelled, with the sentence the person is shown. */
export function refuseIfEnded(review: Selectable<ReviewsTable>, work: ReviewWork): void {
  const refusal = endedReviewRefusal(toReviewShell(review), work);
  if (refusal !== null) throw new ConflictError(refusal);
}

/**
 * The same, for a change reached through one of the review's items (a meeting, a report request, an
 * action): the review is locked first, so a cancel committing at the same moment is seen.
 */
export async function refuseIfEndedById(
  trx: Transaction<Database>,
  engine: Engine,
  tenantId: string,
  reviewId: string,
  work: ReviewWork,
): Promise<void> {
  refuseIfEnded(await lockReview(trx, engine, tenantId, reviewId), work);
}
