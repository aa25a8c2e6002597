/**
 * Process templates as data: the steps of a stage of a review, each anchored to a fact (the
 * notification, the decision) or to an earlier step, with an offset. Templates live in
 * `templates/*.json` and are validated here, once, when loaded.
 */
import { z } from 'zod';
import { MEETING_KINDS, ROLES } from './model';
import { offsetSchema } from './offset';
import { templateReminderPolicySchema } from './reminder-policy';

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case: lower-case letters, digits and hyphens');

/** Where a seed says this comes from, e.g. "001 §6" or "000 Tier 1, weeks 6–7". */
const source = z.string().min(3, 'must cite the seed and section, e.g. "001 §6"');

export const anchorSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('notification') }).strict(),
  z.object({ from: z.literal('decision') }).strict(),
  z.object({ from: z.literal('step'), step: kebabId }).strict(),
]);
export type Anchor = z.infer<typeof anchorSchema>;

/**
 * What marks a step done besides a recorded milestone:
 * - `record`: only a milestone record (the Lead Officer marks it);
 * - `notification`: the notification itself (day 0);
 * - `reports_requested`: the first single-agency report request;
 * - `reports_submitted`: every report request that is not withdrawn has been submitted;
 * - `decision`: the Consideration Meeting's decision.
 * A step with a `meetingKind` is also done when its meeting is held.
 */
export const COMPLETION_SOURCES = [
  'record',
  'notification',
  'reports_requested',
  'reports_submitted',
  'decision',
] as const;
export type CompletionSource = (typeof COMPLETION_SOURCES)[number];

export const stepSchema = z
  .object({
    id: kebabId,
    title: z.string().min(1),
    source,
    owner: z.enum(ROLES),
    anchor: anchorSchema,
    offset: offsetSchema,
    optional: z.boolean().default(false),
    meetingKind: z.enum(MEETING_KINDS).optional(),
    completedBy: z.enum(COMPLETION_SOURCES).default('record'),
    /** The seed's own wording of when, e.g. "weeks 6–7". */
    period: z.string().optional(),
    /** Where the offset comes from when the seed gives no time, e.g. "product decision". */
    timing: z.string().optional(),
  })
  .strict();
export type TemplateStep = z.infer<typeof stepSchema>;

export const TEMPLATE_STAGES = ['decision', 'review'] as const;
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
    timescale: timescaleSchema,
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
 * so nothing in it may anchor on the decision.
 */
interface TemplateShape {
  stage: TemplateStage;
  timescale: { anchor: string };
  steps: ReadonlyArray<{ id: string; anchor: Anchor }>;
}

function checkStepsAndAnchors({ stage, steps, timescale }: TemplateShape, ctx: z.RefinementCtx): void {
  const expectedAnchor = stage === 'decision' ? 'notification' : 'decision';
  if (timescale.anchor !== expectedAnchor) {
    ctx.addIssue({
      code: 'custom',
      path: ['timescale', 'anchor'],
      message: `a ${stage} template's timescale runs from the ${expectedAnchor}`,
    });
  }
  const seen = new Set<string>();
  steps.forEach((step, index) => {
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
