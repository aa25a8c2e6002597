/** The steps a review follows: its decision stage, its review template once chosen, and that template's closing stage. */
import type { Review, TemplateStep } from '../domain';
import type { BotTurnContext } from './turn-context';

export function stepsOf(ctx: BotTurnContext, review: Review): TemplateStep[] {
  const templates = ctx.engine.templates;
  const reviewTemplate = review.reviewTemplateId ? templates.get(review.reviewTemplateId) : undefined;
  const closing = reviewTemplate?.closingTemplate ? templates.get(reviewTemplate.closingTemplate) : undefined;
  return [templates.get(review.decisionTemplateId), reviewTemplate, closing].flatMap((t) => (t ? [...t.steps] : []));
}
