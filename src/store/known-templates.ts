/**
 * Template ids name files the bot loaded at start (templates/ and TEMPLATES_DIR), and step ids
 * name steps in them. When the store was told which templates those are, a review cannot point at
 * a template that does not exist, nor a milestone or meeting at a step its templates do not have:
 * either would otherwise be silently ignored by the timeline engine.
 */
import type { Selectable } from 'kysely';
import type { TemplateRegistry } from '../domain/template-schema';
import type { ReviewsTable } from './database-schema';
import { InvalidValueError } from './store-errors';

export function assertKnownTemplate(templates: TemplateRegistry | undefined, field: string, templateId: string): void {
  if (templates === undefined || templates.has(templateId)) return;
  const list = templates.size === 0 ? 'none are loaded' : [...templates.keys()].sort().join(', ');
  throw new InvalidValueError(field, `There is no process template called "${templateId}". Known templates: ${list}.`);
}

/**
 * Each step id must be a step of the review's templates: its decision stage's, and once a decision
 * to proceed names it (`reviewTemplateId`, given when a decision is being recorded), its review's
 * and the closing stage that template names.
 */
export function assertKnownSteps(
  templates: TemplateRegistry | undefined,
  review: Pick<
    Selectable<ReviewsTable>,
    'reference' | 'decision_template_id' | 'review_template_id' | 'decision_outcome'
  >,
  field: string,
  stepIds: ReadonlyArray<string | null>,
  reviewTemplateId: string | null = review.decision_outcome === 'proceed' ? review.review_template_id : null,
): void {
  if (templates === undefined) return;
  const closingTemplateId =
    reviewTemplateId === null ? null : (templates.get(reviewTemplateId)?.closingTemplate ?? null);
  const followed = [review.decision_template_id, reviewTemplateId, closingTemplateId].filter(
    (id): id is string => id !== null,
  );
  const known = new Set(followed.flatMap((id) => templates.get(id)?.steps.map((step) => step.id) ?? []));
  const unknown = stepIds.find((stepId) => stepId !== null && !known.has(stepId));
  if (unknown === undefined || unknown === null) return;
  throw new InvalidValueError(
    field,
    `${review.reference} follows ${listed(followed)}, which ${followed.length === 1 ? 'has' : 'have'} no step "${unknown}". Its steps are: ${[...known].join(', ')}.`,
  );
}

/** "a", "a and b", "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The step whose completion marks the review complete (the report presented to the committee,
 * 001 §8): in the closing stage the review template names, else in the review template itself.
 */
export function completionStepOf(
  templates: TemplateRegistry | undefined,
  reviewTemplateId: string | null,
): string | null {
  if (templates === undefined || reviewTemplateId === null) return null;
  const review = templates.get(reviewTemplateId);
  const closing = review?.closingTemplate ? templates.get(review.closingTemplate) : undefined;
  for (const template of [closing, review])
    for (const step of template?.steps ?? []) if (step.completes) return step.id;
  return null;
}
