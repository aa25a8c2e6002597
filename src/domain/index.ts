/** The timeline engine's public API: pure functions of a review, its templates, a calendar and an instant. */
export * from './model';
export {
  type DayNumber,
  fromLocalDate,
  toLocalDate,
  isLocalDate,
  isoWeekday,
  addMonths,
  wholeMonthsBetween,
} from './day-number';
export {
  type Calendar,
  type CalendarOptions,
  type DayOff,
  type HolidayRegion,
  HOLIDAY_REGIONS,
  DEFAULT_HOLIDAY_REGION,
  DEFAULT_TIME_ZONE,
  createCalendar,
  createOffsetLookup,
  addWorkingDays,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
  workingDaysBetween,
  minutesOfTime,
} from './calendar';
export { type Offset, type OffsetUnit, OFFSET_UNITS, offsetSchema, applyOffset } from './offset';
export {
  type Anchor,
  type CompletionSource,
  type OwnerRole,
  OWNER_ROLES,
  registryProblems,
  timescaleOf,
  type ProcessTemplate,
  type ProcessTemplateInput,
  type TemplateRegistry,
  type TemplateStage,
  type TemplateStep,
  type Timescale,
  processTemplateSchema,
} from './template-schema';
export {
  type ReminderPolicy,
  type ReminderPolicyOverride,
  reminderPolicySchema,
  reminderPolicyOverrideSchema,
  resolvePolicy,
} from './reminder-policy';
export {
  type PauseChange,
  type PauseShift,
  type PauseSpan,
  startPause,
  resumePause,
  pauseProblems,
  isPausedAt,
  pauseSpanAt,
  pauseSpansAt,
  pauseShift,
  shiftByPauses,
  spansBefore,
} from './clock-pauses';
export { type EngineContext, type EngineSetup, committeeEngine, UnknownTemplateError } from './engine-context';
export {
  type DatePair,
  type DecisionCountdown,
  type MilestoneStatus,
  type MilestoneView,
  type PauseView,
  type Rag,
  type ReviewTimescaleView,
  type Timeline,
  MILESTONE_STATUSES,
  timeline,
} from './timeline';
export { type ReminderSweep, type ReminderSweepFailure, dueReminders, dueRemindersForAll } from './due-reminders';
export { type KeyParts, idempotencyKey, committeeKey } from './idempotency-key';
export {
  type CommitteeMessage,
  type DigestRecipient,
  type DigestRow,
  type DigestStage,
  type WeeklyDigest,
  WEEKLY_DIGEST_RULE,
  weeklyDigest,
  weeklyDigestAudience,
  weeklyDigestMessage,
} from './weekly-digest';
export {
  type QueuedReminder,
  type ReminderCurrency,
  type SupersededReason,
  SUPERSEDED_REASONS,
  reminderCurrency,
} from './reminder-currency';
export {
  type UnreachableReason,
  UNREACHABLE_NOTICE_RULE,
  UNREACHABLE_REASONS,
  unreachableNotice,
} from './unreachable-notice';
export {
  type LifecycleChange,
  type LifecycleRefusal,
  type LifecycleResult,
  type ReviewWork,
  transition,
  isFinal,
  endedReviewRefusal,
  meetingsCancelledWith,
  statusInWords,
} from './review-lifecycle';
export { arrivesLate, reportDueDay, overdueReports } from './report-deadlines';
export { roleAudience, personAudience, isOnlyPractitioner } from './audience';
export {
  type OversightActionRow,
  type OversightDigest,
  OVERSIGHT_DIGEST_RULE,
  latestOversightTime,
  oversightDigest,
  oversightDigestAudience,
  oversightDigestMessage,
} from './oversight-digest';
export {
  type PseudonymCheck,
  DEFAULT_PSEUDONYM_WORDS,
  PSEUDONYM_WORD,
  checkPseudonym,
  nextPseudonym,
  pseudonymWordFor,
} from './pseudonym';
export {
  type EventSizeAdvice,
  type PractitionerEventSize,
  PRACTITIONER_EVENT_SIZE,
  practitionerEventSize,
} from './practitioner-event';
export {
  type DeadlineOutstanding,
  type DecisionDuty,
  type HelpfulAction,
  type OutstandingReport,
  ASKED_REPORT_REMINDER_RULE,
  DEADLINE_ALERT_RULE,
  askedReportReminders,
  deadlineOutstanding,
  isDeadlineAlert,
  seniorManagerFor,
} from './deadline-alert';
export {
  REPORT_RECEIVED_RULE,
  REPORT_REQUESTED_RULE,
  reportReceivedIntent,
  reportRequestedIntent,
} from './report-notices';
export * from './concern-alert';
export { MEETING_CANCELLED_RULE } from './reminder-rules/meeting-reminders';
