/**
 * A live safeguarding concern raised about a review's case (003; 001 §7 "managing emerging issues"):
 * it must go through Child Protection or Adult Support and Protection procedures now, and the
 * review's lead officer and the committee's Chair are alerted one to one at once. The alert says who
 * raised it (by id: the sender looks the name up) and when, never what they wrote, which is not kept.
 */
import { roleAudience, uniqueAudience } from './audience';
import { idempotencyKey } from './idempotency-key';
import type { ReminderIntent, Review } from './model';

export const CONCERN_ALERT_RULE = 'concern.raised';

export function concernAlert(review: Review, raisedByPersonId: string, at: Date): ReminderIntent {
  const subject = { type: 'review' as const, id: review.id };
  // Each concern is its own alert: two raised a second apart are two alerts.
  const occasion = `${at.toISOString().replace(/:|\.\d{3}/g, '')}-${raisedByPersonId}`;
  return {
    key: idempotencyKey({
      tenantId: review.tenantId,
      reviewId: review.id,
      rule: CONCERN_ALERT_RULE,
      subject,
      occasion,
    }),
    tenantId: review.tenantId,
    reviewId: review.id,
    rule: CONCERN_ALERT_RULE,
    subject,
    occasion,
    dueAt: at,
    audience: uniqueAudience(roleAudience(review, 'lead_officer', 'committee_chair')),
    severity: 'alert',
    facts: {
      reference: review.reference,
      subjectPseudonym: review.subjectPseudonym,
      reviewKind: review.kind,
      raisedAt: at.toISOString(),
      raisedByPersonId,
    },
  };
}
