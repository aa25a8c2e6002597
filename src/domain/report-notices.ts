/**
 * Messages about single-agency reports that are not reminders of a date: the request card itself,
 * sent to the agency's Senior Manager and to the author they name (`report.requested`), and the
 * notice to the review's Lead Officer that a report arrived (`report.received`). Both go one to one
 * through the outbox, like every other message the bot starts.
 */
import { roleAudience } from './audience';
import { idempotencyKey } from './idempotency-key';
import type { Audience, ReminderIntent, ReportRequest, Review } from './model';

export const REPORT_REQUESTED_RULE = 'report.requested';
export const REPORT_RECEIVED_RULE = 'report.received';

const subjectOf = (request: ReportRequest) => ({ type: 'report_request' as const, id: request.id });

/**
 * The request card for one person: `occasion` tells one sending from another (the request itself,
 * the author named on a given day), so a repeat of the same sending queues nothing.
 */
export function reportRequestedIntent(
  review: Review,
  request: ReportRequest,
  recipient: Audience,
  occasion: string,
  at: Date,
): ReminderIntent {
  return {
    key: idempotencyKey({
      tenantId: review.tenantId,
      reviewId: review.id,
      rule: REPORT_REQUESTED_RULE,
      subject: subjectOf(request),
      occasion: `${occasion}:${recipient.personId ?? recipient.role}`,
    }),
    tenantId: review.tenantId,
    reviewId: review.id,
    rule: REPORT_REQUESTED_RULE,
    subject: subjectOf(request),
    occasion,
    dueAt: at,
    audience: [recipient],
    severity: 'info',
    facts: {
      reference: review.reference,
      subjectPseudonym: review.subjectPseudonym,
      reviewKind: review.kind,
      agencyName: request.agencyName,
      dueOn: request.dueOn,
      requestId: request.id,
    },
  };
}

/** The review's Lead Officer is told a report arrived: which agency, which version, whether late. Never its text. */
export function reportReceivedIntent(
  review: Review,
  request: ReportRequest,
  submission: { version: number; late: boolean },
  at: Date,
): ReminderIntent {
  const occasion = `version-${submission.version}`;
  return {
    key: idempotencyKey({
      tenantId: review.tenantId,
      reviewId: review.id,
      rule: REPORT_RECEIVED_RULE,
      subject: subjectOf(request),
      occasion,
    }),
    tenantId: review.tenantId,
    reviewId: review.id,
    rule: REPORT_RECEIVED_RULE,
    subject: subjectOf(request),
    occasion,
    dueAt: at,
    audience: roleAudience(review, 'lead_officer'),
    severity: 'info',
    facts: {
      reference: review.reference,
      subjectPseudonym: review.subjectPseudonym,
      reviewKind: review.kind,
      agencyName: request.agencyName,
      version: submission.version,
      late: submission.late,
    },
  };
}
