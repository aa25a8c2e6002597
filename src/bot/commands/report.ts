/**
 * `report LR-2026-001 Our involvement began in ...`: a single-agency report sent as a message, in
 * the personal chat only. Typed with the reference alone, it answers with the request card, whose
 * form is the first way offered. `read LR-2026-001 Police Scotland`: a report, for those who may
 * read it, one to one, each read audited.
 */
import type { ReportRequest, Review } from '../../domain';
import { NotFoundError } from '../../store';
import { ANYONE } from '../authorise';
import { CommandProblem, type CommandDefinition, problem } from '../command-router';
import { answer, type CardAnswer } from '../present-card';
import {
  isPastDue,
  mayRead,
  NOT_PERSONAL,
  readReports,
  requestCard,
  type ReportContent,
  sendableRequests,
  submitReport,
} from '../reports';
import type { BotTurnContext } from '../turn-context';

const REFERENCE = /^LR-\d{4}-\d{3,4}$/i;

/** One sentence for a review that does not exist and one with nothing for this person: nothing is learnt. */
const nothingToSend = (reference: string) =>
  `You have no single-agency report to send for ${reference}. If you expected one, ask the review's Lead Officer.`;

async function reviewOf(ctx: BotTurnContext, reference: string): Promise<Review | null> {
  try {
    return await ctx.store.reviews.loadByReference(ctx.tenantId, reference);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** Splits `LR-2026-001 the rest` as typed; the rest keeps its line breaks. */
function splitReference(raw: string, usage: string): { reference: string; rest: string } {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(raw.trim());
  const reference = match?.[1] ?? '';
  if (!REFERENCE.test(reference))
    throw new CommandProblem(`That is not a review reference: a reference looks like LR-2026-007. Type ${usage}.`);
  return { reference: reference.toUpperCase(), rest: match?.[2] ?? '' };
}

/** The request among several whose agency the text starts with, and the text after its name. */
function byAgencyName<T extends { request: ReportRequest }>(
  candidates: T[],
  text: string,
): { found: T; rest: string } | null {
  const lower = text.toLowerCase();
  const found = [...candidates]
    .sort((a, b) => b.request.agencyName.length - a.request.agencyName.length)
    .find((c) => lower.startsWith(c.request.agencyName.toLowerCase()));
  if (!found) return null;
  return { found, rest: text.slice(found.request.agencyName.length).replace(/^[\s:,.-]+/, '') };
}

const agencyList = (requests: ReportRequest[]) => requests.map((r) => r.agencyName).join(', ');

/**
 * A report sent as a message (`via: 'message'`) or a file (`via: 'file'`): which request it is for,
 * whether this person may send it, then the receipt. With no words and no file, the request card.
 */
export async function reportFromMessage(
  ctx: BotTurnContext,
  raw: string,
  attachment: ReportContent['attachment'] | null,
): Promise<CardAnswer> {
  if (ctx.scope !== 'personal') return problem(NOT_PERSONAL);
  const { reference, rest } = splitReference(raw, reportCommand.usage);
  const review = await reviewOf(ctx, reference);
  const candidates = review ? await sendableRequests(ctx, review) : [];
  if (!review || candidates.length === 0) return problem(nothingToSend(reference));
  let chosen = candidates[0];
  let text = rest.trim();
  if (candidates.length > 1) {
    const named = byAgencyName(candidates, text);
    if (!named)
      return problem(
        `Which agency's report is it? Start with its name, e.g. report ${reference} ${candidates[0].request.agencyName} ... (asked of: ${agencyList(candidates.map((c) => c.request))}).`,
        reportCommand.usage,
      );
    chosen = named.found;
    text = named.rest.trim();
  }
  const { request, standing } = chosen;
  if (text === '' && !attachment)
    return requestCard(review, request, { isManager: standing === 'senior_manager', overdue: isPastDue(ctx, request) });
  const content: ReportContent = attachment ? { attachment, ...(text ? { text } : {}) } : { text };
  return submitReport(ctx, review, request, standing, content, attachment ? 'file' : 'message');
}

export const reportCommand: CommandDefinition = {
  name: 'report',
  usage: 'report LR-2026-001 Our involvement began in ...',
  summary:
    "Send your agency's single-agency report, in this personal chat (or type report and the reference for the form).",
  menu: ['personal'],
  requires: ANYONE,
  form: () => answer('reference-form', { command: 'report' }),
  run: (ctx, { raw }) => reportFromMessage(ctx, raw, null),
};

export const readCommand: CommandDefinition = {
  name: 'read',
  usage: 'read LR-2026-001 Police Scotland',
  summary: "Read an agency's single-agency report, one to one (each read is recorded).",
  // Typed only: readers are few, and the personal menu keeps the commands of most days.
  requires: ANYONE,
  async run(ctx, { raw }) {
    if (ctx.scope !== 'personal') return problem(NOT_PERSONAL);
    const { reference, rest } = splitReference(raw, readCommand.usage);
    const review = await reviewOf(ctx, reference);
    if (!review || !(await mayRead(ctx, review)))
      return problem(
        `Only a lead officer, or the Review Team Chair, Reviewer or committee Chair of ${reference}, can read its reports.`,
      );
    const requests = review.reportRequests;
    const agency = rest.replace(/\s+/g, ' ').trim().toLowerCase();
    const request =
      agency === '' && requests.length === 1
        ? requests[0]
        : requests.find((r) => r.agencyName.toLowerCase() === agency);
    if (!request)
      return problem(
        requests.length === 0
          ? `No single-agency report has been asked for in ${reference} yet.`
          : `Which agency? Reports asked for in ${reference}: ${agencyList(requests)}.`,
        readCommand.usage,
      );
    return readReports(ctx, review, { ...request, reviewId: review.id });
  },
};
