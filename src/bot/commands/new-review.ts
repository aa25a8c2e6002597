/**
 * `new cp 20/10/2026 Child A`: opens a review in the decision stage and answers with its card. Typed
 * without everything it needs, it answers with the card form, pre-filled with what was given.
 */
import { DateTime } from 'luxon';
import type { ReviewKind } from '../../domain';
import { LEAD_OFFICERS_ONLY } from '../authorise';
import type { CommandDefinition } from '../command-router';
import { CommandProblem } from '../command-router';
import { answer, type CardAnswer } from '../present-card';
import { type ReadDate, readDateAtStart } from '../read-date';
import { reviewCard } from './review-status';
import { sayLocalDate } from '../say-date';
import type { BotTurnContext } from '../turn-context';

const KINDS: Record<string, ReviewKind> = { cp: 'CP', asp: 'ASP' };
export const USAGE = 'new cp 20/10/2026 Child A';

export function newReviewForm(fields: {
  kind?: string;
  notifiedOn?: string;
  pseudonym?: string;
  sentence?: string;
}): CardAnswer {
  return answer('new-review-form', {
    kind: fields.kind ?? 'cp',
    notifiedOn: fields.notifiedOn ?? '',
    pseudonymValue: fields.pseudonym ?? '',
    sentence: fields.sentence ?? '',
  });
}

export function readKind(word: string): ReviewKind {
  const kind = KINDS[word.toLowerCase()];
  if (!kind)
    throw new CommandProblem('The kind of review is cp (Child Protection) or asp (Adult Support and Protection).');
  return kind;
}

/** The notification's instant: the time given; now, for today; else the start of that day. */
function notifiedAt(ctx: BotTurnContext, date: ReadDate): Date {
  const today = DateTime.fromJSDate(ctx.now(), { zone: ctx.timeZone }).toISODate();
  if (date.date > (today ?? '')) {
    throw new CommandProblem(
      `The notification date cannot be in the future: ${sayLocalDate(date.date)} is after today.`,
    );
  }
  if (date.hasTime) {
    if (date.instant > ctx.now()) throw new CommandProblem('The notification time cannot be in the future.');
    return date.instant;
  }
  return date.date === today ? ctx.now() : date.instant;
}

/** Opens the review; shared by the typed command and the form's submit action. */
export async function openReview(
  ctx: BotTurnContext,
  kind: ReviewKind,
  date: ReadDate,
  pseudonym: string,
): Promise<CardAnswer> {
  const review = await ctx.store.reviews.create(ctx.tenantId, ctx.person.id, {
    kind,
    subjectPseudonym: pseudonym,
    notifiedAt: notifiedAt(ctx, date),
    // The person who opens a review leads it until a handover: the 42-day alerts need someone to reach.
    leadOfficerPersonId: ctx.person.id,
  });
  return reviewCard(ctx, review, { opened: true });
}

export const newReviewCommand: CommandDefinition = {
  name: 'new',
  usage: USAGE,
  summary: 'Opens a review: cp or asp, the date the notification came in, and the pseudonym.',
  menu: ['personal'],
  requires: LEAD_OFFICERS_ONLY,
  form: () => newReviewForm({}),
  async run(ctx, { args }) {
    const [kindWord, ...rest] = args.split(' ');
    const kind = readKind(kindWord);
    const after = rest.join(' ');
    if (after === '') return newReviewForm({ kind: kindWord.toLowerCase() });
    const date = readDateAtStart(after, ctx.now(), ctx.timeZone, 'past');
    if (!date.ok) throw new CommandProblem(date.problem);
    if (date.value.rest === '') {
      return newReviewForm({
        kind: kindWord.toLowerCase(),
        notifiedOn: date.value.date,
        sentence: 'Give the pseudonym the review will use, such as Child A.',
      });
    }
    return openReview(ctx, kind, date.value, date.value.rest);
  },
};
