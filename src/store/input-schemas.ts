/**
 * The store's edge: every value a repository method accepts passes through one of these schemas
 * once. A failure becomes an InvalidValueError whose message is a sentence a person can act on;
 * past this point the repositories trust their inputs.
 */
import { z } from 'zod';
import {
  ACTION_STATUSES,
  COMMITTEE_ROLES,
  INVITATION_RESPONSES,
  MEETING_KINDS,
  MEETING_STATUSES,
  PAUSE_CATEGORIES,
  REVIEW_KINDS,
  REMINDER_SUBJECT_TYPES,
  REVIEW_ROLES,
  REVIEW_STATUSES,
  ROLE_LABELS,
  ROLES,
  SEVERITIES,
  isCommitteeRole,
  type ReviewRole,
} from '../domain/model';
import { PSEUDONYM_WORD } from '../domain/pseudonym';
import { monthDay } from '../domain/reminder-policy';
import { HOLIDAY_REGIONS, isTimeOfDay, isTimeZone } from '../domain/calendar';
import { isLocalDate } from '../domain/day-number';
import { DATE_RANGE, FIELD_LIMITS } from './field-limits';
import { jsonBytes } from './portable-values';
import { InvalidValueError } from './store-errors';

const RANGE_SENTENCE = 'between 1 January 2000 and 31 December 2199';

const inRange = (isoDate: string): boolean => isoDate >= DATE_RANGE.from && isoDate <= DATE_RANGE.to;

/**
 * Schemas are immutable, and building one costs far more than using it; repositories name their
 * field's schema where they use it (`parseInput(id('The person'), personId)`), on every call. So
 * each schema is built once per label (and limit) and kept.
 */
function kept<A extends unknown[], S>(build: (...args: A) => S): (...args: A) => S {
  const schemas = new Map<string, S>();
  return (...args: A) => {
    const key = args.join('\u0000');
    let schema = schemas.get(key);
    if (schema === undefined) {
      schema = build(...args);
      schemas.set(key, schema);
    }
    return schema;
  };
}

export const text = kept((label: string, max: number) =>
  z
    .string({ required_error: `${label} is missing.`, invalid_type_error: `${label} must be text.` })
    .trim()
    .min(1, `${label} cannot be empty.`)
    .max(max, `${label} can be at most ${max} characters; shorten it and try again.`),
);

export const optionalText = kept((label: string, max: number) =>
  text(label, max)
    .nullish()
    .transform((v) => v ?? null),
);

export const id = (label: string) => text(label, FIELD_LIMITS.externalId);
export const optionalId = (label: string) => optionalText(label, FIELD_LIMITS.externalId);

export const slug = kept((label: string) =>
  text(label, FIELD_LIMITS.slug).regex(
    /^[a-z0-9][a-z0-9-]*$/,
    `${label} may use only lower-case letters, digits and hyphens, e.g. tier-1.`,
  ),
);

export const instant = kept((label: string) =>
  z
    .date({ errorMap: () => ({ message: `${label} must be a valid date and time.` }) })
    .refine((d) => inRange(d.toISOString().slice(0, 10)), `${label} must be ${RANGE_SENTENCE}.`),
);

export const localDate = kept((label: string) =>
  z
    .string({ errorMap: () => ({ message: `${label} must be a date written YYYY-MM-DD.` }) })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date written YYYY-MM-DD, e.g. 2026-12-01.`)
    .refine(isLocalDate, `${label} is not a date on the calendar.`)
    .refine(inRange, `${label} must be ${RANGE_SENTENCE}.`),
);

function oneOf<T extends readonly [string, ...string[]]>(label: string, values: T) {
  return z.enum(values, { errorMap: () => ({ message: `${label} must be one of: ${values.join(', ')}.` }) });
}

const jsonWithin = (label: string, maxBytes: number) => (value: unknown) =>
  jsonBytes(value) <= maxBytes || `${label} is larger than ${Math.round(maxBytes / 1024)} KB.`;

export const tenantIdSchema = id('The tenant id');
export const actorSchema = text('Who made the change (actor)', FIELD_LIMITS.actor);
/**
 * A review reference in its one stored form: `LR-`, the year, and the number with at least three
 * digits and no other leading zeros (`LR-2026-007`, `LR-2026-1234`).
 */
export function formatReference(year: number, number: number): string {
  return `LR-${year}-${String(number).padStart(3, '0')}`;
}

/** Typed references in any case and with extra leading zeros (`lr-2026-0050`) name the same review. */
export const referenceSchema = z
  .string({ errorMap: () => ({ message: 'A review reference looks like LR-2026-007.' }) })
  .trim()
  .toUpperCase()
  .regex(/^LR-\d{4}-\d{3,4}$/, 'A review reference looks like LR-2026-007.')
  .transform((reference) => formatReference(Number(reference.slice(3, 7)), Number(reference.slice(8))))
  .refine((reference) => !reference.endsWith('-000'), 'Review numbers start at 001, e.g. LR-2026-001.');

export const createReviewSchema = z.object({
  kind: oneOf('The kind of review', REVIEW_KINDS),
  /**
   * "Child A", "Adult B2": checked against the committee's pseudonym words when the review is
   * created. Leave out to get the next free letter of the committee's year.
   */
  subjectPseudonym: text('The pseudonym', FIELD_LIMITS.subjectPseudonym).optional(),
  notifiedAt: instant('The notification date'),
  decisionTemplateId: slug('The decision template').default('decision-stage'),
  /** Leave out to get the next free reference for the year. */
  reference: referenceSchema.optional(),
  /** The review's own Lead Officer (a person of the committee); a later handover moves it. */
  leadOfficerPersonId: optionalId('The Lead Officer'),
});
export type CreateReviewInput = z.input<typeof createReviewSchema>;

export const milestoneSchema = z.object({
  stepId: slug('The step'),
  completedAt: instant('The completion date').nullable(),
  skipped: z.boolean().default(false),
  note: optionalText('The note', FIELD_LIMITS.milestoneNote),
});
export type MilestoneInput = z.input<typeof milestoneSchema>;

/**
 * A decision to proceed says which review follows (its template); a decision not to proceed starts
 * none, so a template given with it is refused rather than silently stored or dropped. The template
 * is also the review's tier (`tier-1`, `tier-2-3`): no separate tier is kept that could disagree.
 */
export const decisionSchema = z
  .object({
    outcome: oneOf('The decision', ['proceed', 'not_proceed'] as const),
    decidedAt: instant('The decision date'),
    reviewTemplateId: slug('The review template')
      .nullish()
      .transform((v) => v ?? null),
    /** The milestones the decision completes or creates, written in the same transaction. */
    milestones: z.array(milestoneSchema).max(100).default([]),
  })
  .superRefine((d, ctx) => {
    const issue = (message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['reviewTemplateId'], message });
    if (d.outcome === 'proceed' && d.reviewTemplateId === null) {
      issue(
        'A decision to proceed needs the review template it will follow, e.g. tier-1 or tier-2-3. Add it and record the decision again.',
      );
    }
    if (d.outcome === 'not_proceed' && d.reviewTemplateId !== null) {
      issue(
        'A decision not to proceed starts no review, so it takes no review template. Leave the template out, or record the decision as proceed.',
      );
    }
  });
export type DecisionInput = z.input<typeof decisionSchema>;

export const statusChangeSchema = z.object({
  status: oneOf('The status', REVIEW_STATUSES),
  at: instant('The date of the change'),
  /** Why it is closed or cancelled (free text, kept with the review, never in the audit trail). */
  reason: optionalText('The reason', FIELD_LIMITS.reason).optional(),
});
export type StatusChangeInput = z.input<typeof statusChangeSchema>;

export const reopenSchema = z.object({
  reason: text('The reason for reopening', FIELD_LIMITS.reason),
});
export type ReopenInput = z.input<typeof reopenSchema>;

export const pauseSchema = z.object({
  /** All a shared view shows of why the clock stopped (001 §5, §7). */
  category: oneOf('The kind of parallel process', PAUSE_CATEGORIES),
  /** Free text for the review's members, one to one. */
  note: optionalText('The note on the pause', FIELD_LIMITS.reason),
  startedAt: instant('The start of the pause'),
});
export type PauseInput = z.input<typeof pauseSchema>;
export const resumeAtSchema = instant('The end of the pause');
export const notifiedAtSchema = instant('The notification date');

const dayOffSchema = z.object({
  date: localDate('A day off'),
  name: text("The day off's name", FIELD_LIMITS.dayOffName),
});

/** Every field may be left out: what is left out stays as it was. */
export const committeeSchema = z.object({
  /**
   * The words a pseudonym may start with, replacing the defaults (Child, Adult, Young Person,
   * Family); null goes back to them. The one-capital-letter part is not the committee's to change.
   */
  pseudonymWords: z
    .array(
      z
        .string({ invalid_type_error: 'A pseudonym word must be text.' })
        .trim()
        .regex(
          PSEUDONYM_WORD,
          'A pseudonym word is one to three capitalised words of letters, such as Child or Young Person.',
        ),
    )
    .min(1, 'Give at least one pseudonym word, such as Child.')
    .max(12, 'A committee can have at most 12 pseudonym words.')
    .nullable()
    .optional(),
  /** The days of the year (`MM-DD`) the Sub-group's quarterly digest goes out (001 §9); null: the policy's. */
  oversightDates: z
    .array(z.string().pipe(monthDay.describe('A quarter date')), {
      invalid_type_error: 'The quarter dates must be a list of dates such as 04-15.',
    })
    .min(1, 'Give at least one quarter date, such as 04-15.')
    .max(12, 'A committee can have at most 12 quarter dates.')
    .transform((dates) => [...new Set(dates)].sort())
    .nullable()
    .optional(),
  name: text('The committee name', FIELD_LIMITS.agencyName).nullable().optional(),
  timeZone: text('The time zone', 64)
    .refine(isTimeZone, 'The time zone must be an IANA name such as Europe/London.')
    .optional(),
  holidayRegion: oneOf('The holiday region', HOLIDAY_REGIONS).optional(),
  reminderTime: z
    .string({ invalid_type_error: 'The reminder time must be a time such as 09:00.' })
    .refine(isTimeOfDay, 'The reminder time must be a time of day written HH:mm, such as 09:00.')
    .optional(),
  /** The committee's own non-working days: the whole list, replacing the one before. */
  daysOff: z
    .array(dayOffSchema)
    .max(FIELD_LIMITS.daysOff, `A committee can list at most ${FIELD_LIMITS.daysOff} days off.`)
    .refine(
      (days) => new Set(days.map((day) => day.date)).size === days.length,
      'Each day off can be listed only once.',
    )
    .transform((days) => [...days].sort((a, b) => a.date.localeCompare(b.date)))
    .optional(),
});
export type CommitteeInput = z.input<typeof committeeSchema>;

export const agencyNameSchema = text('The agency name', FIELD_LIMITS.agencyName);

/** How the agency supports its staff who take part (004): its Employee Assistance Programme and who to contact. */
export const agencySupportSchema = z.object({
  employeeAssistance: optionalText('The Employee Assistance Programme details', FIELD_LIMITS.reason),
  supportContact: optionalText('Who to contact for support', FIELD_LIMITS.reason),
});
export type AgencySupportInput = z.input<typeof agencySupportSchema>;

export const personSchema = z
  .object({
    teamsUserId: optionalId('The Teams user id'),
    aadObjectId: optionalId('The Entra object id'),
    displayName: text('The display name', FIELD_LIMITS.displayName),
    email: z
      .string()
      .trim()
      .max(FIELD_LIMITS.email, `The email address can be at most ${FIELD_LIMITS.email} characters.`)
      .email('The email address is not valid.')
      .nullish()
      .transform((v) => v ?? null),
  })
  .refine(
    (p) => p.teamsUserId !== null || p.aadObjectId !== null,
    'A person needs a Teams user id or an Entra object id.',
  );
export type PersonInput = z.input<typeof personSchema>;

/** A role in one review; a committee-wide role is refused with where it belongs. */
const reviewRoleSchema = z.string({ invalid_type_error: 'The role must be text.' }).superRefine((role, ctx) => {
  if ((REVIEW_ROLES as readonly string[]).includes(role)) return;
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: isCommitteeRole(role)
      ? `The ${ROLE_LABELS[role]} holds that role for the whole committee, not for one review: give it as a committee role.`
      : `The role in a review must be one of: ${REVIEW_ROLES.join(', ')}.`,
  });
}) as unknown as z.ZodType<ReviewRole, z.ZodTypeDef, string>;

export const membershipSchema = z.object({
  reviewId: id('The review'),
  personId: id('The person'),
  role: reviewRoleSchema,
  agencyId: optionalId('The agency'),
});

export const committeeRoleSchema = z.object({
  personId: id('The person'),
  role: oneOf('The committee role', COMMITTEE_ROLES),
});
export type CommitteeRoleInput = z.input<typeof committeeRoleSchema>;

/** A practitioner and their agency's Review Team member, who supports them (004). */
export const supporterLinkSchema = z.object({
  reviewId: id('The review'),
  practitionerPersonId: id('The practitioner'),
  supporterPersonId: optionalId('The Review Team member'),
});
export type SupporterLinkInput = z.input<typeof supporterLinkSchema>;
export type MembershipInput = z.input<typeof membershipSchema>;

/** An https address to join a meeting online. */
const onlineLink = z
  .string({ invalid_type_error: 'The online link must be text.' })
  .trim()
  .max(FIELD_LIMITS.onlineLink, `The online link can be at most ${FIELD_LIMITS.onlineLink} characters.`)
  .url('The online link must be a web address, such as https://teams.microsoft.com/l/meetup-join/...')
  .refine((value) => value.startsWith('https://'), 'The online link must start with https://.')
  .nullish()
  .transform((v) => v ?? null);

const venue = optionalText('The venue', FIELD_LIMITS.meetingTitle);

export const meetingSchema = z
  .object({
    kind: oneOf('The kind of meeting', MEETING_KINDS),
    title: text('The meeting title', FIELD_LIMITS.meetingTitle),
    /** Where it is held, or the link to join it: either, both, or (until known) neither. */
    venue,
    onlineLink,
    stepId: slug('The step')
      .nullish()
      .transform((v) => v ?? null),
    startsAt: instant('The start time'),
    endsAt: instant('The end time')
      .nullish()
      .transform((v) => v ?? null),
    chairPersonId: optionalId('The chair'),
  })
  .refine((m) => m.endsAt === null || m.endsAt >= m.startsAt, 'A meeting cannot end before it starts.');
export type MeetingInput = z.input<typeof meetingSchema>;

export const rescheduleSchema = z
  .object({
    startsAt: instant('The start time'),
    endsAt: instant('The end time')
      .nullish()
      .transform((v) => v ?? null),
    /** Left out: the venue and link stay as they were. */
    venue: venue.optional(),
    onlineLink: onlineLink.optional(),
  })
  .refine((m) => m.endsAt === null || m.endsAt >= m.startsAt, 'A meeting cannot end before it starts.');
export type RescheduleInput = z.input<typeof rescheduleSchema>;

export const meetingStatusSchema = oneOf('The meeting status', MEETING_STATUSES);
export const invitationResponseSchema = oneOf('The answer', INVITATION_RESPONSES);
export const invitationNoteSchema = optionalText('The note', FIELD_LIMITS.invitationNote);
export const inviteesSchema = z.array(id('The person')).min(1, 'Name at least one person to invite.').max(200);

export const reportRequestSchema = z.object({
  agencyId: id('The agency'),
  authorPersonId: optionalId('The author'),
  seniorManagerPersonId: optionalId('The senior manager'),
  dueOn: localDate('The due date'),
});
export type ReportRequestInput = z.input<typeof reportRequestSchema>;

export const attachmentSchema = z.object({
  name: text('The file name', FIELD_LIMITS.attachmentName),
  contentType: text('The file type', FIELD_LIMITS.attachmentContentType),
  content: z
    .instanceof(Buffer, { message: 'The file content must be bytes.' })
    .refine((b) => b.length > 0, 'The file is empty.')
    .refine(
      (b) => b.length <= FIELD_LIMITS.attachmentBytes,
      `The file is larger than ${FIELD_LIMITS.attachmentBytes / 1024 / 1024} MB; send a smaller file or a link.`,
    ),
});

export const submissionSchema = z
  .object({
    submittedByPersonId: id('Who submitted the report'),
    text: optionalText('The report text', FIELD_LIMITS.submissionText),
    attachment: attachmentSchema.nullish().transform((v) => v ?? null),
  })
  .refine((s) => s.text !== null || s.attachment !== null, 'A report needs text or a file.');
export type SubmissionInput = z.input<typeof submissionSchema>;

export const improvementActionSchema = z.object({
  description: text('The action', FIELD_LIMITS.actionDescription),
  ownerPersonId: optionalId('The owner'),
  agreedAt: instant('The date it was agreed'),
  dueOn: localDate('The target date')
    .nullish()
    .transform((v) => v ?? null),
});
export type ImprovementActionInput = z.input<typeof improvementActionSchema>;

export const improvementActionUpdateSchema = z
  .object({
    status: oneOf('The status', ACTION_STATUSES).optional(),
    completedAt: instant('The completion date').nullish(),
    dueOn: localDate('The target date').nullish(),
    ownerPersonId: optionalId('The owner').optional(),
    /** Why it is dropped: required to drop an action (001 §9: the Sub-group reviews the plan). */
    reason: optionalText('The reason for dropping it', FIELD_LIMITS.reason).optional(),
  })
  .refine((u) => u.status !== 'dropped' || (u.reason !== undefined && u.reason !== null), {
    message:
      'An improvement action is dropped only with a reason, for the Sub-group that oversees the plan: say why it is no longer needed.',
    path: ['reason'],
  });
export type ImprovementActionUpdate = z.input<typeof improvementActionUpdateSchema>;

const factValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const reminderIntentSchema = z.object({
  key: text('The reminder key', FIELD_LIMITS.reminderKey),
  tenantId: tenantIdSchema,
  reviewId: id('The review'),
  rule: text('The reminder rule', FIELD_LIMITS.slug * 2),
  subject: z.object({
    type: oneOf('The reminder subject', REMINDER_SUBJECT_TYPES),
    id: id('The reminder subject id'),
  }),
  occasion: text('The reminder occasion', FIELD_LIMITS.slug * 2),
  dueAt: instant('The reminder time'),
  audience: z
    .array(z.object({ role: oneOf('The role', ROLES), personId: optionalId('The person') }))
    .min(1, 'A reminder needs at least one recipient.')
    .max(FIELD_LIMITS.reminderAudience),
  severity: oneOf('The severity', SEVERITIES),
  facts: z.record(factValue).superRefine((facts, ctx) => {
    const verdict = jsonWithin('The reminder facts', FIELD_LIMITS.reminderFactsBytes)(facts);
    if (verdict !== true) ctx.addIssue({ code: z.ZodIssueCode.custom, message: verdict });
  }),
});

/** A message about the whole committee (the weekly digest): to named people, about no one review. */
export const committeeMessageSchema = reminderIntentSchema
  .omit({ reviewId: true, subject: true, audience: true })
  .extend({
    audience: z
      .array(z.object({ role: oneOf('The role', ROLES), personId: id('The person') }))
      .min(1, 'A message needs at least one recipient.')
      .max(FIELD_LIMITS.committeeMessageAudience),
  });
export type CommitteeMessageInput = z.input<typeof committeeMessageSchema>;

export const deliveryErrorSchema = text('The delivery error', FIELD_LIMITS.deliveryError * 10).transform((s) =>
  s.slice(0, FIELD_LIMITS.deliveryError),
);

export const conversationReferenceSchema = z
  .object({ conversation: z.object({ id: id('The conversation id'), tenantId: z.string().optional() }).passthrough() })
  .passthrough()
  .superRefine((ref, ctx) => {
    const verdict = jsonWithin('The conversation reference', FIELD_LIMITS.conversationReferenceBytes)(ref);
    if (verdict !== true) ctx.addIssue({ code: z.ZodIssueCode.custom, message: verdict });
  });

export const pageSchema = z.object({
  limit: z.number().int().min(1).max(1_000).default(100),
  /** Keyset cursor: the last id of the previous page. */
  afterId: z
    .string()
    .max(FIELD_LIMITS.externalId)
    .nullish()
    .transform((v) => v ?? null),
});
export type PageInput = z.input<typeof pageSchema>;

/**
 * Parses at the edge; the first problem becomes the error's sentence. `field` names a bare value
 * (one not inside an object), so the error still says which field was wrong.
 */
export function parseInput<S extends z.ZodTypeAny>(schema: S, value: unknown, field = 'value'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data as z.output<S>;
  const issue = result.error.issues[0];
  const path = issue.path.join('.') || field;
  throw new InvalidValueError(path, issue.message);
}
