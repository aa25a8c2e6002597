/**
 * Single-agency reports in Teams: who may send one for a request, who may read them, the request
 * card, the receipt, and the notice to the Lead Officer. Everything here happens one to one: a
 * report's words are never shown in a shared conversation, never echoed back to the sender, and
 * never written to a log line.
 *
 * Who may send: the request's Senior Manager (or, where the request names none, the review's Senior
 * Manager for that agency), the author they named, and the review's Lead Officer on the agency's
 * behalf (a report that arrived some other way). Who may read: the lead officers, the review's
 * Review Team Chair and Reviewer, and the committee's Chair.
 */
import { reportReceivedIntent, type ReportRequest, type Review, toLocalDate } from '../domain';
import type { AgencyReportRequest, ReportSubmission } from '../store';
import { answer, type CardAnswer } from './present-card';
import { sayDayAndTime, sayLocalDate } from './say-date';
import type { BotTurnContext } from './turn-context';

export type SubmitVia = 'card' | 'message' | 'file';

export const NOT_PERSONAL =
  'Reports are sent and read only in your personal chat with me, never in a shared chat. Nothing was stored or shown here; if you wrote a report in this chat, you may wish to delete it.';

/** How someone stands to a request: may they send it, and as whom. */
export type SenderStanding = 'senior_manager' | 'author' | 'lead_officer' | null;

async function isLeadOfficerOf(ctx: BotTurnContext, review: Review): Promise<boolean> {
  if ((await ctx.roles.committeeRolesOf(ctx.tenantId, ctx.person)).has('lead_officer')) return true;
  return (await ctx.roles.reviewRolesOf(ctx.tenantId, ctx.person.id, review.id)).has('lead_officer');
}

/** The request's Senior Manager: the one it names, else the review's for that agency. */
function seniorManagerOf(review: Review, request: ReportRequest): string | null {
  if (request.seniorManagerPersonId) return request.seniorManagerPersonId;
  return review.members.find((m) => m.role === 'senior_manager' && m.agencyId === request.agencyId)?.personId ?? null;
}

export async function standingFor(
  ctx: BotTurnContext,
  review: Review,
  request: ReportRequest,
): Promise<SenderStanding> {
  if (request.status === 'withdrawn') return null;
  if (seniorManagerOf(review, request) === ctx.person.id) return 'senior_manager';
  if (request.authorPersonId === ctx.person.id) return 'author';
  if (await isLeadOfficerOf(ctx, review)) return 'lead_officer';
  return null;
}

/** The requests of a review this person may send a report for, with how they stand to each. */
export async function sendableRequests(
  ctx: BotTurnContext,
  review: Review,
): Promise<Array<{ request: ReportRequest; standing: Exclude<SenderStanding, null> }>> {
  const out: Array<{ request: ReportRequest; standing: Exclude<SenderStanding, null> }> = [];
  for (const request of review.reportRequests) {
    const standing = await standingFor(ctx, review, request);
    if (standing) out.push({ request, standing });
  }
  return out;
}

/** Lead officers, the review's Review Team Chair and Reviewer, and the committee's Chair. */
export async function mayRead(ctx: BotTurnContext, review: Review): Promise<boolean> {
  if (await isLeadOfficerOf(ctx, review)) return true;
  const inReview = await ctx.roles.reviewRolesOf(ctx.tenantId, ctx.person.id, review.id);
  if (inReview.has('review_team_chair') || inReview.has('reviewer')) return true;
  const committee = await ctx.store.committeeRoles.rolesOf(ctx.tenantId, ctx.person.id);
  return committee.includes('committee_chair');
}

/** The request card: the review, the due date in words, what to cover, and the form. */
export function requestCard(
  review: Pick<Review, 'reference' | 'subjectPseudonym'>,
  request: Pick<ReportRequest, 'id' | 'agencyName' | 'dueOn' | 'status'>,
  options: { isManager: boolean; overdue: boolean; sentence?: string },
): CardAnswer {
  return answer('report-request', {
    reference: review.reference,
    pseudonym: review.subjectPseudonym,
    agencyName: request.agencyName,
    dueDate: sayLocalDate(request.dueOn),
    requestId: request.id,
    isManager: options.isManager,
    // Never "overdue" on this card: whoever reads it is told only that it is not yet received.
    notYetReceived: options.overdue && request.status === 'requested',
    received: request.status === 'submitted',
    sentence: options.sentence ?? '',
  });
}

/** Whether its date has passed, in the committee's zone (the card says only "not yet received"). */
export function isPastDue(ctx: BotTurnContext, request: ReportRequest): boolean {
  return toLocalDate(ctx.engine.calendar.dayOf(ctx.now())) > request.dueOn;
}

export interface ReportContent {
  text?: string;
  attachment?: { name: string; contentType: string; content: Buffer };
}

/**
 * Stores a report (sealed at rest by the store), queues the Lead Officer's notice, and answers with
 * the receipt: the time it was received, never its words.
 */
export async function submitReport(
  ctx: BotTurnContext,
  review: Review,
  request: ReportRequest,
  standing: Exclude<SenderStanding, null>,
  content: ReportContent,
  via: SubmitVia,
): Promise<CardAnswer> {
  const submission = await ctx.store.reportRequests.submit(ctx.tenantId, ctx.person.id, request.id, {
    submittedByPersonId: ctx.person.id,
    text: content.text ?? null,
    attachment: content.attachment ?? null,
  });
  await ctx.queue(reportReceivedIntent(review, request, submission, submission.submittedAt));
  ctx.logger.info(
    {
      tenantId: ctx.tenantId,
      reviewId: review.id,
      reportRequestId: request.id,
      version: submission.version,
      late: submission.late,
      via,
    },
    'report received',
  );
  return receipt(ctx, review, request, submission, via, standing === 'lead_officer');
}

function receipt(
  ctx: BotTurnContext,
  review: Review,
  request: ReportRequest,
  submission: ReportSubmission,
  via: SubmitVia,
  onBehalf: boolean,
): CardAnswer {
  return answer('report-received', {
    reference: review.reference,
    pseudonym: review.subjectPseudonym,
    agencyName: request.agencyName,
    receivedAt: sayDayAndTime(submission.submittedAt, ctx.timeZone),
    version: submission.version,
    late: submission.late,
    viaMessage: via === 'message',
    viaFile: via === 'file',
    onBehalf,
  });
}

const kilobytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** A request's reports as their reader sees them, one to one; the read is audited by the store. */
export async function readReports(
  ctx: BotTurnContext,
  review: Review,
  request: AgencyReportRequest,
): Promise<CardAnswer> {
  const { submissions } = await ctx.store.reportRequests.readSubmissions(ctx.tenantId, ctx.person.id, request.id);
  return answer('report-text', {
    reference: review.reference,
    pseudonym: review.subjectPseudonym,
    agencyName: request.agencyName,
    dueDate: sayLocalDate(request.dueOn),
    versions: submissions.map((s) => ({
      version: s.version,
      receivedAt: sayDayAndTime(s.submittedAt, ctx.timeZone),
      late: s.late,
      reportText: s.text ?? '',
      fileName: s.attachment?.name ?? '',
      fileSize: s.attachment ? kilobytes(s.attachment.size) : '',
    })),
  });
}
