/**
 * What a group chat or a channel may see, in one place. Others read those conversations, so a card
 * there shows only a review's reference, its pseudonym, dates, counts and RAG, and fixed wording:
 * never a pause note, a report's text, a person's role in the case or a meeting's title.
 *
 * The rule is an allow-list of the data fields cards bind to: in a shared conversation every field
 * not named here is replaced before the card is rendered, so a field added tomorrow is withheld
 * until someone decides it may be shown. Some cards are one-to-one only as a whole.
 */
import type { CardName } from './render-card';

export type Scope = 'personal' | 'groupChat' | 'channel';

/** Shown in place of a withheld value. */
export const WITHHELD = '(details one to one)';

/** Fields a shared conversation may see. Names, roles, notes, titles and free text are not among them. */
export const SHAREABLE_FIELDS: ReadonlySet<string> = new Set([
  // The review, as anyone in the committee may know it.
  'reference',
  'pseudonym',
  'pseudonymValue',
  'kindWords',
  'stageWords',
  // Dates in words, counts and the countdown.
  'notifiedDate',
  'decisionDueDate',
  'originalDecisionDueDate',
  'decidedDate',
  'pausedSince',
  'opened',
  'daysUsed',
  // Counts of answers to a meeting's invitations, never who gave them.
  'invited',
  'attending',
  'notAttending',
  'tentative',
  'noAnswer',
  'kindName',
  // A concern's guidance: which procedures, and whether the lead officer was told (never what was written).
  'procedures',
  'alerted',
  'daysLeft',
  'countdownWords',
  'nextDeadlineDate',
  'lateSteps',
  'plannedDate',
  'originalDate',
  'actualDate',
  'when',
  // RAG, in words and colour; a step's status in words is its RAG said plainly.
  'ragWords',
  'ragColour',
  'statusWords',
  // Template step titles ("Consideration Meeting held") are the process, not the case.
  'nextDeadlineStep',
  'step',
  // Lists and paging.
  'reviews',
  'steps',
  'entries',
  'page',
  'pages',
  'hasMore',
  'nextPage',
  'empty',
  // Fixed wording the bot composes: help, problems, refusals, error ids, form defaults.
  'commands',
  'usage',
  'summary',
  'sentence',
  'neededRole',
  'askWho',
  'errorId',
  'command',
  'kind',
  'notifiedOn',
  'detailsCommand',
  'referenceValue',
  'roleValue',
  'withheld',
  'sent',
  // The digest's summary for a shared conversation: counts and references.
  'asOf',
  'count',
  'redCount',
  'amberCount',
  'greenCount',
  'references',
  'example',
  // A change to a review: its dates, each named by fixed wording ("Due", "Starts"); the list of its
  // details (each detail's text is withheld); notes in fixed wording (a Practitioner Event's size).
  'dates',
  'label',
  'details',
  'notes',
  // A meeting's calendar file names only its kind, the reference and the pseudonym, and its times.
  'calendarUrl',
]);

/**
 * Cards that make no sense with their details withheld: in a shared conversation only the offer is
 * shown. The weekly digest lists every open review of the committee, for its chairs and lead officers;
 * the Sub-group's quarterly digest every open review and improvement action, with the actions' text;
 * a person's own data, and erasing a person, are between the bot and that one person; a deadline alert
 * (and the answer to its button) names the agencies whose reports are awaited.
 * a review's people card names everyone in it and their roles, the committee card its role holders,
 * the deliveries card who was sent what.
 * An invitation names the meeting, who supports the person and their answer: it is theirs alone, and
 * so is the notice that the meeting is cancelled (its title, who cancelled it).
 */
const ONE_TO_ONE_ONLY: ReadonlySet<CardName> = new Set([
  'history',
  'weekly-digest',
  'oversight-digest',
  'my-data',
  'forget-confirm',
  'forget-done',
  'erased-notice',
  'erased-choice',
  'deadline-alert',
  'deadline-reminders',
  'people',
  'committee',
  'deliveries',
  // A single-agency report, its request card and its receipt are for the people writing and reading it.
  'report-request',
  'report-received',
  'report-text',
  'invitation',
  'invitation-reply',
  'meeting-cancelled',
]);

export const isShared = (scope: Scope): boolean => scope !== 'personal';

export function oneToOneOnly(card: CardName): boolean {
  return ONE_TO_ONE_ONLY.has(card);
}

/**
 * `data` as the scope may see it: unchanged in a personal chat; elsewhere every field not in
 * SHAREABLE_FIELDS replaced by WITHHELD, at any depth. Also says whether anything was withheld.
 */
export function viewForScope(scope: Scope, data: object): { data: Record<string, unknown>; withheld: boolean } {
  if (!isShared(scope)) return { data: { ...data }, withheld: false };
  let withheld = false;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object' || value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (SHAREABLE_FIELDS.has(key)) out[key] = walk(inner);
      else {
        withheld = true;
        out[key] = WITHHELD;
      }
    }
    return out;
  };
  const view = walk(data) as Record<string, unknown>;
  return { data: view, withheld };
}
