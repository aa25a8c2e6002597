/**
 * Single-agency reports (001 §6): `request` asks an agency for its report, of its Senior Manager, by
 * a date; `due` moves the date; `reports` says which are in, which are due and which are not yet
 * received. An agency the committee does not list yet is added when first named.
 */
import { DateTime } from 'luxon';
import type { Review } from '../../domain';
import type { Agency } from '../../store';
import type { CommandDefinition } from '../command-router';
import { CommandProblem } from '../command-router';
import { findNamed, sayNamed } from '../name-people';
import { readDate } from '../read-date';
import { commandForm, REVIEW_RUNNERS, reviewAnswer, todayIn } from '../review-answers';
import { sayDay, sayLocalDate } from '../say-date';
import type { BotTurnContext } from '../turn-context';

const REQUEST_USAGE = 'request LR-2026-001 Police Scotland from me by 10/11/2026';
const DUE_USAGE = 'due LR-2026-001 Police Scotland 17/11/2026';
const REPORTS_USAGE = 'reports LR-2026-001';

/** Lead officers, the people running the review, and the committee's administrators may read the list. */
const REPORT_READERS = {
  committee: ['lead_officer', 'administrator'],
  review: ['lead_officer', 'review_team_chair'],
} as const;

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * A due date: a whole date. One already past is taken (a request made before it was recorded here)
 * and the answer says so.
 */
function readDueDate(ctx: BotTurnContext, typed: string): string {
  const reading = readDate(typed, ctx.now(), ctx.timeZone);
  if (!reading.ok) throw new CommandProblem(reading.problem);
  return reading.value.date;
}

const pastNote = (ctx: BotTurnContext, dueOn: string): string[] =>
  dueOn < todayIn(ctx) ? ['That date has passed, so the report shows as not yet received.'] : [];

/** The review's open request to an agency (asked, or in), by the agency's name. */
function openRequestTo(review: Review, agencyName: string) {
  return review.reportRequests.find((r) => r.status !== 'withdrawn' && sameName(r.agencyName, agencyName));
}

export const requestCommand: CommandDefinition = {
  name: 'request',
  usage: REQUEST_USAGE,
  summary:
    'Asks an agency for its single-agency report, from its senior manager (me, an @mention or an e-mail), by a date.',
  menu: ['personal'],
  requires: REVIEW_RUNNERS,
  actsOnReview: true,
  work: 'request_report',
  form: () => commandForm('request', 'Ask an agency for its report', REQUEST_USAGE),
  async run(ctx, { args, review }) {
    const match = /^(.+?)(?:\s+from\s+(.+?))?\s+by\s+(.+)$/i.exec(args);
    if (!match) {
      throw new CommandProblem('Say which agency, from whom and by when, as in the example.');
    }
    const [, agencyName, from, dueTyped] = match;
    const dueOn = readDueDate(ctx, dueTyped);
    const already = openRequestTo(review!, agencyName);
    if (already) {
      throw new CommandProblem(
        `${already.agencyName} was already asked for its report for ${review!.reference} (due ${sayLocalDate(already.dueOn)}). To change the date, type due ${review!.reference} ${already.agencyName} and the new date.`,
      );
    }
    const seniorManager = from ? await findNamed(ctx, from) : null;
    const details: string[] = [];
    const agencies = await ctx.store.agencies.list(ctx.tenantId);
    let agency: Agency | undefined = agencies.find((a) => sameName(a.name, agencyName));
    if (!agency) {
      agency = await ctx.store.agencies.add(ctx.tenantId, ctx.person.id, agencyName);
      details.push(`${agency.name} is new to the committee: it was added to the committee's agencies.`);
    }
    await ctx.store.reportRequests.request(ctx.tenantId, ctx.person.id, review!.id, {
      agencyId: agency.id,
      seniorManagerPersonId: seniorManager?.found ? seniorManager.person.id : null,
      dueOn,
    });
    details.unshift(`Agency: ${agency.name}`);
    details.splice(
      1,
      0,
      ...(seniorManager?.found
        ? [`Senior manager: ${sayNamed(seniorManager)}`]
        : [
            'Senior manager: not named yet (the lead officer is reminded instead).',
            // Someone named who could not be found: why, and what to do.
            ...(seniorManager ? [sayNamed(seniorManager)] : []),
          ]),
    );
    return reviewAnswer(
      review!,
      'Report requested',
      { dates: [{ label: 'Due', when: sayLocalDate(dueOn) }], details, notes: pastNote(ctx, dueOn) },
      `reports ${review!.reference}`,
    );
  },
};

export const dueCommand: CommandDefinition = {
  name: 'due',
  usage: DUE_USAGE,
  summary: "Changes the date an agency's report is due.",
  requires: REVIEW_RUNNERS,
  actsOnReview: true,
  work: 'change_due_date',
  form: () => commandForm('due', "Change a report's due date", DUE_USAGE),
  async run(ctx, { args, review }) {
    // The date is the end of the line; the agency's name is everything before it.
    const requests = review!.reportRequests.filter((r) => r.status !== 'withdrawn');
    const request = requests
      .filter((r) => args.toLowerCase().startsWith(`${r.agencyName.toLowerCase()} `))
      .sort((a, b) => b.agencyName.length - a.agencyName.length)[0];
    if (!request) {
      const asked = requests.map((r) => r.agencyName).join(', ');
      throw new CommandProblem(
        asked === ''
          ? `No report has been requested for ${review!.reference} yet: ask for one with request.`
          : `That agency has not been asked for a report for ${review!.reference}. Asked: ${asked}.`,
      );
    }
    if (request.status === 'submitted') {
      throw new CommandProblem(`${request.agencyName}'s report is already in, so it has no due date to change.`);
    }
    const dueOn = readDueDate(ctx, args.slice(request.agencyName.length));
    await ctx.store.reportRequests.changeDueDate(ctx.tenantId, ctx.person.id, request.id, dueOn);
    return reviewAnswer(
      review!,
      'Due date changed',
      {
        dates: [
          { label: 'Due', when: sayLocalDate(dueOn) },
          { label: 'Was due', when: sayLocalDate(request.dueOn) },
        ],
        details: [`Agency: ${request.agencyName}`],
        notes: pastNote(ctx, dueOn),
      },
      `reports ${review!.reference}`,
    );
  },
};

export const reportsCommand: CommandDefinition = {
  name: 'reports',
  usage: REPORTS_USAGE,
  summary: "A review's single-agency reports: which are in, which are due, and which are not yet received.",
  menu: ['personal'],
  requires: REPORT_READERS,
  actsOnReview: true,
  form: () => commandForm('reports', "A review's reports", REPORTS_USAGE),
  run(ctx, { review }) {
    const today = todayIn(ctx);
    const requests = review!.reportRequests.filter((r) => r.status !== 'withdrawn');
    const inCount = requests.filter((r) => r.status === 'submitted').length;
    const notYet = requests.filter((r) => r.status === 'requested' && r.dueOn < today).length;
    const details = requests.map((r) => {
      if (r.status === 'submitted') {
        return `${r.agencyName}: in, ${sayDay(r.submittedAt ?? r.requestedAt, ctx.timeZone)}`;
      }
      const daysLeft = DateTime.fromISO(r.dueOn).diff(DateTime.fromISO(today), 'days').days;
      return r.dueOn < today
        ? `${r.agencyName}: not yet received, was due ${sayLocalDate(r.dueOn)}`
        : `${r.agencyName}: due ${sayLocalDate(r.dueOn)} (${daysLeft === 0 ? 'today' : daysLeft === 1 ? 'in 1 day' : `in ${daysLeft} days`})`;
    });
    const sentence =
      requests.length === 0
        ? 'No reports have been requested yet.'
        : `${requests.length} requested: ${inCount} in, ${requests.length - inCount - notYet} due, ${notYet} not yet received`;
    return Promise.resolve(reviewAnswer(review!, sentence, { details }, `reports ${review!.reference}`));
  },
};
