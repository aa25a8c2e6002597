/**
 * The one place cards are rendered: a template from `cards/` bound to data with
 * adaptivecards-templating. Card wording lives in the templates, not in TypeScript.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { Attachment, CardFactory } from 'botbuilder';

export const CARD_NAMES = [
  'help',
  'error',
  'unknown-command',
  'reminder',
  'unreachable-notice',
  'weekly-digest',
] as const;
export type CardName = (typeof CARD_NAMES)[number];

/** `cards/` sits beside `src/` and `dist/` alike, so the same relative path works compiled or not. */
export const CARDS_DIR = path.resolve(__dirname, '..', '..', 'cards');

const templates = new Map<CardName, Template>();

function template(name: CardName): Template {
  let found = templates.get(name);
  if (!found) {
    const file = path.join(CARDS_DIR, `${name}.json`);
    found = new Template(JSON.parse(readFileSync(file, 'utf8')));
    templates.set(name, found);
  }
  return found;
}

/** The card as plain JSON, bound to `data`. */
export function renderCardJson(name: CardName, data: object = {}): Record<string, unknown> {
  return template(name).expand({ $root: data }) as Record<string, unknown>;
}

export function renderCard(name: CardName, data: object = {}): Attachment {
  return CardFactory.adaptiveCard(renderCardJson(name, data));
}
