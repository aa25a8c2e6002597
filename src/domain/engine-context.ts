/**
 * What the engine needs besides a review and an instant: the committee's calendar, the templates
 * and the reminder policy. The templates and the policy are loaded once at start-up and shared;
 * each committee brings its own calendar and reminder time (`committeeEngine`).
 */
import { type Calendar, minutesOfTime } from './calendar';
import type { Review } from './model';
import { type ReminderPolicy, resolvePolicy } from './reminder-policy';
import type { ProcessTemplate, TemplateRegistry } from './template-schema';

/** What every committee shares: the process templates and the policy, as loaded at start. */
export interface EngineSetup {
  readonly templates: TemplateRegistry;
  /** Shipped defaults with the deployment's overrides already applied. */
  readonly policy: ReminderPolicy;
}

/** One committee's engine: the shared setup with its calendar, and its reminder time in the policy. */
export interface EngineContext extends EngineSetup {
  readonly calendar: Calendar;
}

const committeeEngines = new WeakMap<EngineSetup, WeakMap<Calendar, Map<string, EngineContext>>>();

/**
 * The engine for one committee: its calendar (zone, holiday region, own days off) and the time of
 * day its reminders go out (`HH:mm`; the policy's when not given). Memoised per setup, calendar
 * and time, so a committee whose calendar the store has cached gets the same context each sweep.
 */
export function committeeEngine(setup: EngineSetup, calendar: Calendar, reminderTime?: string): EngineContext {
  const time = reminderTime ?? setup.policy.timeOfDay;
  minutesOfTime(time);
  let byCalendar = committeeEngines.get(setup);
  if (!byCalendar) {
    byCalendar = new WeakMap();
    committeeEngines.set(setup, byCalendar);
  }
  let byTime = byCalendar.get(calendar);
  if (!byTime) {
    byTime = new Map();
    byCalendar.set(calendar, byTime);
  }
  let context = byTime.get(time);
  if (!context) {
    const policy = time === setup.policy.timeOfDay ? setup.policy : { ...setup.policy, timeOfDay: time };
    context = { templates: setup.templates, policy, calendar };
    byTime.set(time, context);
  }
  return context;
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
