/**
 * Process templates as data: the steps of a stage of a review, each anchored to a fact (the
 * notification, the decision) or to an earlier step, with an offset. Templates live in
 * `templates/*.json` and are validated here, once, when loaded.
 */
import { z } from 'zod';
import { DECISION_OUTCOMES, MEETING_KINDS } from './model';
import { offsetSchema } from './offset';
import { templateReminderPolicySchema } from './reminder-policy';
import type { Role } from './roles';

/** Who may own a step: anyone but a practitioner or a report's author, who are never chased (001 §6, 004). */
export const OWNER_ROLES = [
  'committee_chair',
  'public_protection_manager',
  'subgroup_member',
  'lead_officer',
  'administrator',
  'review_team_chair',
  'reviewer',
  'review_team_member',
  'senior_manager',
] as const satisfies readonly Role[];
export type OwnerRole = (typeof OWNER_ROLES)[number];

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case: lower-case letters, digits and hyphens');

/** Where a seed says this comes from, e.g. "001 §6" or "000 Tier 1, weeks 6–7". */
const source = z.string().min(3, 'must cite the seed and section, e.g. "001 §6"');

/**
 * What a step's date counts from: the notification, the decision, an earlier step of the same
 * template, or (for the shared closing stage only) the end of the review template it follows: its
 * last step, done or as planned.
 */
export const anchorSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('notification') }).strict(),
  z.object({ from: z.literal('decision') }).strict(),
  z.object({ from: z.literal('review_end') }).strict(),
  z.object({ from: z.literal('step'), step: kebabId }).strict(),
]);
export type Anchor = z.infer<typeof anchorSchema>;

/**
 * What marks a step done besides a recorded milestone:
 * - `record`: only a milestone record (the Lead Officer marks it);
 * - `notification`: the notification itself (day 0);
 * - `reports_requested`: the first single-agency report request;
 * - `reports_submitted`: every report request that is not withdrawn has been submitted;
 * - `decision`: the Consideration Meeting's decision;
 * - `improvement_actions`: the first improvement action recorded for the review.
 * A step with a `meetingKind` is also done when its meeting is held.
 */
export const COMPLETION_SOURCES = [
  'record',
  'notification',
  'reports_requested',
  'reports_submitted',
  'decision',
  'improvement_actions',
] as const;
export type CompletionSource = (typeof COMPLETION_SOURCES)[number];

export const stepSchema = z
  .object({
    id: kebabId,
    title: z.string().min(1),
    source,
    owner: z.enum(OWNER_ROLES),
    anchor: anchorSchema,
    offset: offsetSchema,
    optional: z.boolean().default(false),
    /** A decision-stage step that applies only after this outcome (e.g. a summary report when not proceeding). */
    outcome: z.enum(DECISION_OUTCOMES).optional(),
    /** A governance duty (001 §6, §8, §11): its owner is reminded on the day and then until it is recorded. */
    duty: z.boolean().default(false),
    /** Done marks the review complete (the report presented to the committee, 001 §8): timescales count to it. */
    completes: z.boolean().default(false),
    meetingKind: z.enum(MEETING_KINDS).optional(),
    completedBy: z.enum(COMPLETION_SOURCES).default('record'),
    /** The seed's own wording of when, e.g. "weeks 6–7". */
    period: z.string().optional(),
    /** Where the offset comes from when the seed gives no time, e.g. "product decision". */
    timing: z.string().optional(),
  })
  .strict();
export type TemplateStep = z.infer<typeof stepSchema>;

/**
 * `decision`: notification to the Consideration Meeting's decision. `review`: the review itself,
 * chosen at the decision (Tier 1, Tier 2/3, a Learning Together option). `closing`: the committee's
 * steps that follow whatever the method (001 §8–§11), shared by the review templates that name it.
 */
export const TEMPLATE_STAGES = ['decision', 'review', 'closing'] as const;
export type TemplateStage = (typeof TEMPLATE_STAGES)[number];

export const timescaleSchema = z
  .object({
    anchor: z.enum(['notification', 'decision']),
    target: offsetSchema,
    limit: offsetSchema.optional(),
    source,
  })
  .strict();
export type Timescale = z.infer<typeof timescaleSchema>;

export const processTemplateSchema = z
  .object({
    $comment: z.string().optional(),
    id: kebabId,
    name: z.string().min(1),
    stage: z.enum(TEMPLATE_STAGES),
    source,
    description: z.string().optional(),
    /** Required for the decision and review stages; the closing stage counts from the review's end. */
    timescale: timescaleSchema.optional(),
    /** For a review template: the closing stage that follows it (e.g. `closing-stage`). */
    closingTemplate: kebabId.optional(),
    /**
     * For a review template: who keeps its timetable and hears of a late step. The Review Team
     * Chair by default (001 Appendix 2); Tier 1 has no Review Team, so there it is the Lead Officer.
     */
    timetableOwner: z.enum(OWNER_ROLES).optional(),
    steps: z.array(stepSchema).min(1),
    reminderPolicy: templateReminderPolicySchema.optional(),
  })
  .strict()
  .superRefine(checkStepsAndAnchors);
export type ProcessTemplate = z.infer<typeof processTemplateSchema>;
export type ProcessTemplateInput = z.input<typeof processTemplateSchema>;

/**
 * Step ids are unique and a step may only anchor on a step listed before it, which rules out
 * cycles and lets the planner work in one pass. The decision stage runs before any decision,
 * so nothing in it may anchor on the decision; only the closing stage counts from the review's
 * end, and it has no timescale of its own.
 */
interface TemplateShape {
  stage: TemplateStage;
  timescale?: { anchor: string };
  closingTemplate?: string;
  timetableOwner?: string;
  steps: ReadonlyArray<{ id: string; anchor: Anchor; outcome?: string; completes: boolean }>;
}

function checkStepsAndAnchors(template: TemplateShape, ctx: z.RefinementCtx): void {
  const { stage, steps, timescale } = template;
  const issue = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (stage === 'closing') {
    if (timescale)
      issue(['timescale'], "a closing template has no timescale of its own: it counts from the review's end");
  } else if (!timescale) {
    issue(['timescale'], `a ${stage} template needs a timescale`);
  } else if (stage === 'decision' && timescale.anchor !== 'notification') {
    // A review's timescale may run from the notification (Tier 1, 000) or from the decision (001 §7).
    issue(['timescale', 'anchor'], "a decision template's timescale runs from the notification");
  }
  if (stage !== 'review') {
    if (template.closingTemplate) issue(['closingTemplate'], 'only a review template is followed by a closing stage');
    if (template.timetableOwner) issue(['timetableOwner'], 'only a review template has a timetable owner');
  }
  if (steps.filter((step) => step.completes).length > 1) issue(['steps'], 'at most one step marks the review complete');
  const seen = new Set<string>();
  steps.forEach((step, index) => {
    if (step.outcome !== undefined && stage !== 'decision')
      issue(['steps', index, 'outcome'], 'only a decision-stage step applies after one outcome');
    if (step.anchor.from === 'review_end' && stage !== 'closing')
      issue(['steps', index, 'anchor', 'from'], "only a closing-stage step counts from the review's end");
    if (stage === 'closing' && (step.anchor.from === 'notification' || step.anchor.from === 'decision'))
      issue(['steps', index, 'anchor', 'from'], "a closing-stage step counts from the review's end or an earlier step");
    if (seen.has(step.id)) {
      ctx.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `duplicate step id "${step.id}"` });
    }
    if (step.anchor.from === 'step' && !seen.has(step.anchor.step)) {
      ctx.addIssue({
        code: 'custom',
        path: ['steps', index, 'anchor', 'step'],
        message: `"${step.anchor.step}" is not a step listed before "${step.id}"`,
      });
    }
    if (stage === 'decision' && step.anchor.from === 'decision') {
      ctx.addIssue({
        code: 'custom',
        path: ['steps', index, 'anchor', 'from'],
        message: 'a decision-stage step cannot anchor on the decision it leads to',
      });
    }
    seen.add(step.id);
  });
}

/** Templates by id, as the loader hands them to the engine. */
export type TemplateRegistry = ReadonlyMap<string, ProcessTemplate>;

/** A decision or review template's timescale (the schema requires one for both). */
export function timescaleOf(template: ProcessTemplate): Timescale {
  if (!template.timescale) throw new Error(`template ${template.id} has no timescale`);
  return template.timescale;
}

/**
 * What is wrong with a set of templates taken together: a review template naming a closing stage
 * that is not loaded or is not one, or a closing step whose id another stage already uses (a
 * milestone is recorded by step id, so the id must say which step it is). Empty when sound.
 */
export function registryProblems(templates: TemplateRegistry): Array<{ templateId: string; reason: string }> {
  const problems: Array<{ templateId: string; reason: string }> = [];
  const decisionStepIds = new Set(
    [...templates.values()].filter((t) => t.stage === 'decision').flatMap((t) => t.steps.map((step) => step.id)),
  );
  for (const template of templates.values()) {
    if (template.stage !== 'review' || !template.closingTemplate) continue;
    const closing = templates.get(template.closingTemplate);
    if (!closing || closing.stage !== 'closing') {
      problems.push({
        templateId: template.id,
        reason: `closingTemplate "${template.closingTemplate}" is not a loaded closing-stage template`,
      });
      continue;
    }
    const own = new Set(template.steps.map((step) => step.id));
    for (const step of closing.steps) {
      if (own.has(step.id) || decisionStepIds.has(step.id))
        problems.push({
          templateId: template.id,
          reason: `step "${step.id}" of ${closing.id} is also a step of ${own.has(step.id) ? template.id : 'a decision stage'}`,
        });
    }
  }
  for (const template of templates.values()) {
    if (template.stage !== 'review') continue;
    for (const step of template.steps)
      if (decisionStepIds.has(step.id))
        problems.push({ templateId: template.id, reason: `step "${step.id}" is also a step of a decision stage` });
  }
  return problems;
}
