/**
 * When a reminder cannot reach someone (they blocked or removed the bot, Teams does not know
 * them, nobody holds the role), the review's lead officer is told once, in words, who could not be
 * reached and why. The notice is itself an intent, queued under a key that names the review and
 * the person (or the unfilled role), so however many reminders fail for them it is queued once.
 */
import { roleAudience } from './audience';
import { idempotencyKey } from './idempotency-key';
import type { Audience, ReminderIntent, Review } from './model';

export const UNREACHABLE_NOTICE_RULE = 'delivery.unreachable';

export const UNREACHABLE_REASONS = [
  'blocked-or-removed',
  'not-found',
  'no-one-holds-role',
  'no-teams-account',
  'not-installed',
  /** A lead officer erased them: the bot no longer writes to them, and their role needs someone else. */
  'erased',
] as const;
export type UnreachableReason = (typeof UNREACHABLE_REASONS)[number];

/** The notice for the lead officer, or null when there is nobody else to tell. */
export function unreachableNotice(
  review: Review,
  recipient: Audience,
  reason: UnreachableReason,
  failedRule: string,
  now: Date,
): ReminderIntent | null {
  // A notice that itself cannot be delivered is not reported again (that way lies a loop).
  if (failedRule === UNREACHABLE_NOTICE_RULE) return null;
  const audience = roleAudience(review, 'lead_officer').filter(
    (lead) => lead.personId !== null && lead.personId !== recipient.personId,
  );
  if (audience.length === 0) return null;
  const subject = { type: 'review' as const, id: review.id };
  const occasion = recipient.personId === null ? `role-${recipient.role}` : `person-${recipient.personId}`;
  return {
    key: idempotencyKey({
      tenantId: review.tenantId,
      reviewId: review.id,
      rule: UNREACHABLE_NOTICE_RULE,
      subject,
      occasion,
    }),
    tenantId: review.tenantId,
    reviewId: review.id,
    rule: UNREACHABLE_NOTICE_RULE,
    subject,
    occasion,
    dueAt: now,
    audience,
    severity: 'warning',
    facts: {
      reference: review.reference,
      subjectPseudonym: review.subjectPseudonym,
      reviewKind: review.kind,
      unreachableRole: recipient.role,
      unreachablePersonId: recipient.personId,
      reason,
      failedRule,
    },
  };
}
