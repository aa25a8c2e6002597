/**
 * What the engine needs besides a review and an instant: the committee's calendar, its templates
 * and its reminder policy. Built once at start-up by the shell and passed to every call.
 */
import type { Calendar } from './calendar';
import type { Review } from './model';
import { type ReminderPolicy, resolvePolicy } from './reminder-policy';
import type { ProcessTemplate, TemplateRegistry } from './template-schema';

export interface EngineContext {
  readonly calendar: Calendar;
  readonly templates: TemplateRegistry;
  /** The committee's policy: shipped defaults with the committee's overrides already applied. */
  readonly policy: ReminderPolicy;
}

export class UnknownTemplateError extends Error {
  constructor(
    readonly templateId: string,
    readonly reviewId: string,
  ) {
    super(`Review ${reviewId} names template "${templateId}", which is not loaded.`);
    this.name = 'UnknownTemplateError';
  }
}

export function templateFor(context: EngineContext, review: Review, templateId: string): ProcessTemplate {
  const template = context.templates.get(templateId);
  if (!template) throw new UnknownTemplateError(templateId, review.id);
  return template;
}

const policyCache = new WeakMap<EngineContext, Map<string, ReminderPolicy>>();

/** The committee's policy with the review's templates' own overrides on top (memoised per pair). */
export function policyFor(
  context: EngineContext,
  decisionTemplate: ProcessTemplate,
  reviewTemplate: ProcessTemplate | null,
): ReminderPolicy {
  let byPair = policyCache.get(context);
  if (!byPair) {
    byPair = new Map();
    policyCache.set(context, byPair);
  }
  const pairKey = `${decisionTemplate.id}\u0000${reviewTemplate?.id ?? ''}`;
  let policy = byPair.get(pairKey);
  if (!policy) {
    policy = resolvePolicy(context.policy, decisionTemplate.reminderPolicy, reviewTemplate?.reminderPolicy);
    byPair.set(pairKey, policy);
  }
  return policy;
}
