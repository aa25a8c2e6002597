/**
 * The one place cards are rendered: a template from `cards/` bound to data with
 * adaptivecards-templating. Card wording lives in the templates, not in TypeScript.
 *
 * TextBlocks render Markdown, so every bound text value is escaped first: what someone typed (a
 * pseudonym, a mistyped command) shows as the characters they typed, never as a link or a heading.
 * Values bound into inputs, action data and URLs are not Markdown and stay as they are.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Template } from 'adaptivecards-templating';
import { Attachment, CardFactory } from 'botbuilder';

export const CARD_NAMES = [
  'help',
  'error',
  'unknown-command',
  'problem',
  'not-allowed',
  'new-review-form',
  'reference-form',
  'review',
  'review-list',
  'timeline',
  'history',
  'details-offer',
  'details-sent',
  'reminder',
  'unreachable-notice',
  'weekly-digest',
  'oversight-digest',
  'answered-one-to-one',
  'my-data',
  'forget-confirm',
  'forget-done',
  'erased-notice',
  'erased-choice',
  'deadline-alert',
  'deadline-reminders',
  'digest-summary',
  'people',
  'person-role-form',
  'handover-form',
  'committee',
  'deliveries',
  'review-answer',
  'command-form',
  'report-request',
  'report-received',
  'report-text',
  'invitation',
  'invitation-reply',
  'meeting-cancelled',
  'attendance',
  'concern-received',
  'concern-alert',
] as const;
export type CardName = (typeof CARD_NAMES)[number];

/** `cards/` sits beside `src/` and `dist/` alike, so the same relative path works compiled or not. */
export const CARDS_DIR = path.resolve(__dirname, '..', '..', 'cards');

/** Fields bound into input values, action data or URLs rather than displayed text. */
const NOT_MARKDOWN: ReadonlySet<string> = new Set([
  'kind',
  'notifiedOn',
  'pseudonymValue',
  'referenceValue',
  'roleValue',
  'personValue',
  'agencyValue',
  'detailsCommand',
  'nextPage',
  'ragColour',
  'verb',
  'url',
  'personId',
  'calendarUrl',
  'requestId',
  'onlineLink',
  'calendarUrl',
  'meetingId',
  'personId',
  'noteValue',
  'response',
]);

/** The characters that start Markdown links, emphasis, code, headings, tables and HTML. */
const MARKDOWN = /[\\`*_[\]<>#|~]/g;

export const escapeMarkdown = (text: string): string => text.replace(MARKDOWN, (c) => `\\${c}`);

function escapeValues(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return NOT_MARKDOWN.has(key) ? value : escapeMarkdown(value);
  if (Array.isArray(value)) return value.map((item) => escapeValues(item, key));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeValues(v, k)]));
}

const templates = new Map<CardName, Template>();

let templating: typeof Template | undefined;

/**
 * adaptivecards-templating (with the expression language it brings), loaded with the first card
 * after a start rather than at start: some 6 MB less at rest, for about 0.13 s once, on that card.
 * Rendering is synchronous, so the load is too, through Node's `module.require`.
 */
function templateClass(): typeof Template {
  templating ??= (module.require('adaptivecards-templating') as { Template: typeof Template }).Template;
  return templating;
}

function template(name: CardName): Template {
  let found = templates.get(name);
  if (!found) {
    const file = path.join(CARDS_DIR, `${name}.json`);
    found = new (templateClass())(JSON.parse(readFileSync(file, 'utf8')));
    templates.set(name, found);
  }
  return found;
}

/** The card as plain JSON, bound to `data`. */
export function renderCardJson(name: CardName, data: object = {}): Record<string, unknown> {
  return template(name).expand({ $root: escapeValues(data) }) as Record<string, unknown>;
}

export function renderCard(name: CardName, data: object = {}): Attachment {
  return CardFactory.adaptiveCard(renderCardJson(name, data));
}
