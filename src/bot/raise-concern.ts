/**
 * Someone raises a live safeguarding concern about a review's case (`concern LR-2026-001 ...`, or
 * the button on an invitation). They are told at once that it must go through Child Protection or
 * Adult Support and Protection procedures now (003; 001 §7 "managing emerging issues"); if they take
 * part in the review (any role in it, an invitation to one of its meetings, or a lead officer), its
 * lead officer and the committee's Chair are alerted one to one at once, through the outbox, the
 * sender woken. What they wrote is neither logged nor kept: only who raised a concern, about which
 * review, and when (the outbox's alert and the log line, by ids).
 */
import { concernAlert, type Review } from '../domain';
import { InvalidValueError, NotFoundError } from '../store';
import { answer, type CardAnswer } from './present-card';
import type { BotTurnContext } from './turn-context';

const PROCEDURES = { CP: 'Child Protection', ASP: 'Adult Support and Protection' } as const;
const EITHER = 'Child Protection or Adult Support and Protection';

async function takesPart(ctx: BotTurnContext, review: Review): Promise<boolean> {
  if ((await ctx.roles.committeeRolesOf(ctx.tenantId, ctx.person)).size > 0) return true;
  if ((await ctx.roles.reviewRolesOf(ctx.tenantId, ctx.person.id, review.id)).size > 0) return true;
  if (review.committeeMembers.some((m) => m.personId === ctx.person.id)) return true;
  return review.meetings.some((m) => m.invitations.some((i) => i.personId === ctx.person.id));
}

export async function raiseConcern(ctx: BotTurnContext, reference: string | null): Promise<CardAnswer> {
  if (reference === null) return answer('concern-received', { procedures: EITHER, alerted: false, reference: '' });
  let review: Review | null = null;
  try {
    review = await ctx.store.reviews.loadByReference(ctx.tenantId, reference);
  } catch (error) {
    if (!(error instanceof NotFoundError) && !(error instanceof InvalidValueError)) throw error;
  }
  // One answer whether the review does not exist or the person has no part in it.
  if (review === null || !(await takesPart(ctx, review))) {
    ctx.logger.warn(
      { tenantId: ctx.tenantId, personId: ctx.person.id },
      'safeguarding concern not passed on: no part in the review',
    );
    return answer('concern-received', { procedures: EITHER, alerted: false, reference: reference.toUpperCase() });
  }
  const alert = concernAlert(review, ctx.person.id, ctx.now());
  await ctx.store.outbox.enqueue(ctx.tenantId, alert);
  ctx.wakeSender();
  ctx.logger.warn(
    { tenantId: ctx.tenantId, reviewId: review.id, personId: ctx.person.id },
    'safeguarding concern raised; lead officer and committee Chair to be alerted',
  );
  return answer('concern-received', {
    procedures: PROCEDURES[review.kind],
    alerted: true,
    reference: review.reference,
  });
}
