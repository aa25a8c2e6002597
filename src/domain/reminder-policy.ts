/**
 * When reminders go out, as data. The defaults are a product decision (issue 4) shipped in
 * `templates/reminder-policy.json`; a template or a committee overrides any part of them.
 */
import { z } from 'zod';
import { minutesOfTime } from './calendar';

const days = z.number().int().min(0).max(366);
const positiveDays = z.number().int().min(1).max(366);
const dayList = z.array(days).max(20);
/** `MM-DD`, a day of the year that every year has (so not 29 February). */
export const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a day of the year written MM-DD, e.g. "04-15"')
  .refine((value) => {
    const [month, day] = value.split('-').map(Number);
    return day <= [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  }, 'must be a day every year has (not 29 February)');

const timeOfDay = z.string().refine(
  (value) => {
    try {
      minutesOfTime(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a time HH:mm, e.g. "09:00"' },
);

export const reminderPolicySchema = z
  .object({
    source: z.string().min(1),
    /** Local wall-clock time at which day-based reminders fall due. */
    timeOfDay,
    /** A milestone counts as `due` (amber) this many days before its planned date. */
    dueSoonDays: days,
    report: z
      .object({
        daysBefore: dayList,
        onDueDate: z.boolean(),
        overdueEveryWorkingDays: positiveDays,
        escalateAfterWorkingDays: positiveDays,
      })
      .strict(),
    meeting: z
      .object({
        invitationOnScheduling: z.boolean(),
        daysBefore: dayList,
        nudgeUnansweredAfterWorkingDays: positiveDays,
        attendanceListWorkingDaysBefore: positiveDays,
      })
      .strict(),
    decisionDeadline: z
      .object({
        daysLeft: dayList,
        onTheDay: z.boolean(),
        overdueEveryDays: positiveDays,
        noMeetingAlertDaysLeft: days,
        alertMeetingAfterDeadline: z.boolean(),
      })
      .strict(),
    reviewStage: z
      .object({
        milestoneLateDays: positiveDays,
        timescaleMarks: z.boolean(),
      })
      .strict(),
    /** Governance duties (the decision to CSOG and the Care Inspectorate, the report to CSOG, ...). */
    duty: z
      .object({
        onDueDate: z.boolean(),
        repeatEveryWorkingDays: positiveDays,
      })
      .strict(),
    /**
     * The Sub-group's quarterly oversight (001 §9): the dates of the year (`MM-DD`) its digest goes
     * out on, until the committee sets its own; a date that is not a working day moves to the next.
     */
    oversight: z
      .object({
        quarterDates: z.array(monthDay).min(1).max(12),
      })
      .strict(),
  })
  .strict();
export type ReminderPolicy = z.infer<typeof reminderPolicySchema>;

/** Any part of a policy; what is absent is inherited. */
export const reminderPolicyOverrideSchema = reminderPolicySchema.deepPartial();
export type ReminderPolicyOverride = z.infer<typeof reminderPolicyOverrideSchema>;

/**
 * What a process template may change: anything but the time of day, which belongs to the
 * committee (its reminder time), so that every reminder of a committee goes out at one time.
 */
export const templateReminderPolicySchema = reminderPolicySchema.omit({ timeOfDay: true }).deepPartial();

/** Later overrides win; lists are replaced whole, not merged item by item. */
export function resolvePolicy(
  base: ReminderPolicy,
  ...overrides: ReadonlyArray<ReminderPolicyOverride | undefined>
): ReminderPolicy {
  return overrides.reduce<ReminderPolicy>(
    (policy, override) => (override ? (mergeDeep(policy, override) as ReminderPolicy) : policy),
    base,
  );
}

function mergeDeep(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeDeep(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
