/**
 * The one step every card passes through on its way to a person: it applies the scope rules
 * (scope-rules.ts) to the card's data, renders the template, and, where something was withheld,
 * offers to send the details one to one. Handlers return answers; only this step turns them into
 * cards, so no command can forget the rules.
 */
import { type CardName, renderCardJson } from './render-card';
import { isShared, oneToOneOnly, type Scope, viewForScope } from './scope-rules';

export interface CardAnswer {
  card: CardName;
  data: object;
  /**
   * The command that shows the same card one to one (e.g. `status LR-2026-001`). When the scope
   * withholds something, the card offers to send it there.
   */
  detailsCommand?: string;
}

export const answer = (card: CardName, data: object = {}, detailsCommand?: string): CardAnswer => ({
  card,
  data,
  detailsCommand,
});

type CardJson = Record<string, unknown> & { body?: unknown[]; actions?: unknown[] };

export function presentCard(scope: Scope, { card, data, detailsCommand }: CardAnswer): CardJson {
  if (isShared(scope) && oneToOneOnly(card)) {
    return renderCardJson('details-offer', { detailsCommand: detailsCommand ?? '', withheld: 'all' });
  }
  const view = viewForScope(scope, data);
  const rendered = renderCardJson(card, view.data) as CardJson;
  if (!view.withheld) return rendered;
  const offer = renderCardJson('details-offer', { detailsCommand: detailsCommand ?? '', withheld: 'some' }) as CardJson;
  return {
    ...rendered,
    body: [...(rendered.body ?? []), ...(offer.body ?? [])],
    actions: [...(rendered.actions ?? []), ...(offer.actions ?? [])],
  };
}
