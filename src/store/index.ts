/** The store's public API: open it, use its repositories, recognise its errors. */
export { openStore, type Store, type StoreOptions, type StoreHealth, type TransactionStore } from './open-store';
export type { Engine } from './engine';
export type { CommitteeDefaults } from './store-context';
export { DEFAULT_SQLITE_PATH, type StoreLog } from './connect-database';
export { FIELD_LIMITS, DATE_RANGE } from './field-limits';
export {
  ReportKeyError,
  newReportKey,
  parseReportKey,
  reportKeyId,
  reportKeyring,
  type ReportKey,
  type ReportKeyring,
} from './report-cipher';
export {
  StoreError,
  NotFoundError,
  DuplicateReferenceError,
  DuplicateError,
  InvalidValueError,
  TenantMismatchError,
  ConflictError,
  InvalidTransitionError,
  StorageUnavailableError,
  isStoreError,
  type StoreErrorCode,
} from './store-errors';
export type { Committee, CommitteesRepository } from './committees-repository';
export type { CommitteeRolesRepository } from './committee-roles-repository';
export { SCHEDULED_JOBS, type ScheduledJob, type CommitteeSchedulesRepository } from './committee-schedules-repository';
export { OPEN_STATUSES, type Reopening, type ReviewSummary, type ReviewsRepository } from './reviews-repository';
export type { Agency, AgenciesRepository } from './agencies-repository';
export type { Person, Membership, PeopleRepository } from './people-repository';
export type { ScheduledMeeting, MeetingsRepository } from './meetings-repository';
export type {
  AgencyReportRequest,
  ReportSubmission,
  AttachmentInfo,
  ReportRequestsRepository,
} from './report-requests-repository';
export type {
  StoredConversationReference,
  ConversationReferencesRepository,
} from './conversation-references-repository';
export {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  type OutboxDelivery,
  type OutboxReminder,
  type OutboxSubject,
  type DueDelivery,
  type ClaimedDelivery,
  type ClaimOptions,
  type ReminderWithDeliveries,
  type ReminderOutboxRepository,
} from './reminder-outbox-repository';
export type { ReviewImprovementAction, ImprovementActionsRepository } from './improvement-actions-repository';
export type { AuditEntry, AuditQuery, AuditLog } from './audit-log';
export {
  DEFAULT_CLAIM_TTL_MS,
  type InboundActivityId,
  type InboundActivitiesRepository,
} from './inbound-activities-repository';
export {
  ERASURE_REASONS,
  formerMemberName,
  type ErasureReason,
  type ErasedPerson,
  type ErasureOutcome,
  type TeamsIdentity,
  type ErasureRepository,
} from './erasure';
export type { PersonalRecord, ReviewNamed, PersonalDataRepository } from './personal-data';
export {
  MAX_RETENTION_DAYS,
  DRY_RUN_VALID_MS,
  type RetentionSetting,
  type RetentionCandidate,
  type RemovedCounts,
  type RetentionRun,
  type RetentionRepository,
} from './retention';
export type {
  CreateReviewInput,
  DecisionInput,
  MilestoneInput,
  StatusChangeInput,
  ReopenInput,
  PauseInput,
  CommitteeInput,
  PersonInput,
  MembershipInput,
  MeetingInput,
  RescheduleInput,
  ReportRequestInput,
  SubmissionInput,
  ImprovementActionInput,
  ImprovementActionUpdate,
  CommitteeRoleInput,
  SupporterLinkInput,
  AgencySupportInput,
  PageInput,
  CommitteeMessageInput,
} from './input-schemas';
