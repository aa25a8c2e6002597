/**
 * Kysely's view of the tables. Column types follow portable-values.ts: instants are ISO-8601 UTC
 * text, calendar dates `YYYY-MM-DD`, flags 0/1, JSON as text, ids as text. Every table carries
 * `tenant_id`, and child tables reference their parent by (tenant_id, id), so the database itself
 * refuses a row that points into another tenant.
 */
import type { Generated } from 'kysely';
import type { InstantText } from './portable-values';

type LocalDateText = string;

export interface CommitteesTable {
  tenant_id: string;
  name: string | null;
  time_zone: string;
  holiday_region: string;
  /** `HH:mm` local. */
  reminder_time: string;
  /** Goes up with every change of the committee's settings, so cached calendars know they are stale. */
  calendar_version: number;
  /** JSON list of the committee's own pseudonym words; null: the defaults (Child, Adult, ...). */
  pseudonym_words: string | null;
  /** JSON list of `MM-DD` dates of the Sub-group's quarterly digest; null: the policy's. */
  oversight_dates: string | null;
  created_at: InstantText;
  updated_at: InstantText;
}

/** A committee's own non-working days, beyond the public holidays of its region. */
export interface CommitteeDaysOffTable {
  tenant_id: string;
  day: LocalDateText;
  name: string;
  created_at: InstantText;
}

export interface ReviewsTable {
  id: string;
  tenant_id: string;
  reference: string;
  reference_year: number;
  reference_number: number;
  kind: string;
  status: string;
  subject_pseudonym: string;
  notified_at: InstantText;
  decision_template_id: string;
  review_template_id: string | null;
  decision_outcome: string | null;
  decided_at: InstantText | null;
  /** When the decision was recorded: `decided_at` may be earlier (recorded after the fact). */
  decision_recorded_at: InstantText | null;
  closed_at: InstantText | null;
  /** When it was last reopened after being closed or cancelled, and why (free text). */
  reopened_at: InstantText | null;
  reopen_reason: string | null;
  /** Why it was closed or cancelled, when someone said (free text); cleared when it is reopened. */
  close_reason: string | null;
  created_at: InstantText;
  updated_at: InstantText;
}

export interface ClockPausesTable {
  id: string;
  tenant_id: string;
  review_id: string;
  /** criminal_proceedings, fatal_accident_inquiry, other_statutory_review or other. */
  category: string;
  /** Free text for the review's members only. */
  note: string | null;
  started_at: InstantText;
  ended_at: InstantText | null;
  /** When the end was recorded; `created_at` is when the pause was. */
  end_recorded_at: InstantText | null;
  created_at: InstantText;
}

export interface MilestonesTable {
  tenant_id: string;
  review_id: string;
  step_id: string;
  completed_at: InstantText | null;
  skipped: number;
  note: string | null;
  updated_at: InstantText;
}

export interface AgenciesTable {
  id: string;
  tenant_id: string;
  name: string;
  /** Its Employee Assistance Programme, and who to contact for support (004). */
  employee_assistance: string | null;
  support_contact: string | null;
  /** Its Senior Manager, whom its reports are asked of (a person of the committee). */
  senior_manager_person_id: string | null;
  created_at: InstantText;
}

export interface PeopleTable {
  id: string;
  tenant_id: string;
  teams_user_id: string | null;
  aad_object_id: string | null;
  display_name: string;
  email: string | null;
  created_at: InstantText;
  updated_at: InstantText;
}

export interface ReviewMembersTable {
  tenant_id: string;
  review_id: string;
  person_id: string;
  role: string;
  agency_id: string | null;
  /** For a practitioner: their agency's Review Team member (004). */
  supporter_person_id: string | null;
  created_at: InstantText;
}

/** A role held for the whole committee. */
export interface CommitteeMembersTable {
  tenant_id: string;
  person_id: string;
  role: string;
  created_at: InstantText;
}

export interface MeetingsTable {
  id: string;
  tenant_id: string;
  review_id: string;
  kind: string;
  title: string;
  step_id: string | null;
  starts_at: InstantText;
  ends_at: InstantText | null;
  venue: string | null;
  online_link: string | null;
  scheduled_at: InstantText;
  /** When `starts_at` was last set. */
  starts_at_set_at: InstantText;
  status: string;
  /** When `status` was last set. */
  status_set_at: InstantText;
  chair_person_id: string | null;
  created_at: InstantText;
  updated_at: InstantText;
}

export interface InvitationsTable {
  tenant_id: string;
  meeting_id: string;
  person_id: string;
  invited_at: InstantText;
  response: string | null;
  responded_at: InstantText | null;
  /** The invitee's note with their answer (free text). */
  note: string | null;
}

export interface ReportRequestsTable {
  id: string;
  tenant_id: string;
  review_id: string;
  agency_id: string;
  author_person_id: string | null;
  senior_manager_person_id: string | null;
  requested_at: InstantText;
  due_on: LocalDateText;
  /** When `due_on` was last set. */
  due_on_set_at: InstantText;
  status: string;
  submitted_at: InstantText | null;
  created_at: InstantText;
  updated_at: InstantText;
}

export interface ReportSubmissionsTable {
  id: string;
  tenant_id: string;
  report_request_id: string;
  text: string | null;
  attachment_name: string | null;
  attachment_content_type: string | null;
  attachment_size: number | null;
  attachment_sha256: string | null;
  attachment_content: Buffer | null;
  submitted_by_person_id: string;
  submitted_at: InstantText;
  /** The reports key the text, file name and file were sealed with; null before encryption began. */
  key_id: string | null;
  /** 1 when it arrived after its due date (as moved by the clock's pauses). */
  late: Generated<number>;
  /** 1 for the first submission to its request, 2 for the next, ...: a second one never replaces the first. */
  version: Generated<number>;
}

export interface ConversationReferencesTable {
  tenant_id: string;
  person_id: string;
  conversation_id: string;
  reference_json: string;
  created_at: InstantText;
  updated_at: InstantText;
}

export interface OutboxRemindersTable {
  id: string;
  tenant_id: string;
  idempotency_key: string;
  /** Null for a message about the whole committee (the weekly digest). */
  review_id: string | null;
  rule: string;
  subject_type: string;
  subject_id: string;
  occasion: string;
  due_at: InstantText;
  severity: string;
  facts_json: string;
  created_at: InstantText;
}

export interface OutboxDeliveriesTable {
  id: string;
  tenant_id: string;
  reminder_id: string;
  /** The person id, or `role:<role>` when no person held the role when the reminder was queued. */
  recipient_key: string;
  recipient_role: string;
  recipient_person_id: string | null;
  status: string;
  attempts: number;
  next_attempt_at: InstantText;
  last_attempt_at: InstantText | null;
  last_error: string | null;
  /** The claim token of the sender holding the lease; null when nobody holds it. */
  claimed_by: string | null;
  sent_at: InstantText | null;
  created_at: InstantText;
  updated_at: InstantText;
  /** End of the current claim, by the database's clock; null when nobody holds it. */
  lease_expires_at: InstantText | null;
  /** Set just before the call to Teams, cleared with the outcome: set at a claim means "maybe sent". */
  send_started_at: InstantText | null;
  /** How many times it was sent again after an attempt whose outcome was not known. */
  uncertain_sends: Generated<number>;
  conversation_id: string | null;
  activity_id: string | null;
}

export interface CommitteeSchedulesTable {
  tenant_id: string;
  /** `reminder-sweep` or `weekly-digest`. */
  job: string;
  /** The instant up to which the job has run for this committee. */
  last_run_at: InstantText;
  updated_at: InstantText;
}

export interface ImprovementActionsTable {
  id: string;
  tenant_id: string;
  review_id: string;
  description: string;
  owner_person_id: string | null;
  agreed_at: InstantText;
  due_on: LocalDateText | null;
  /** When `due_on` was last set; null while there is none. */
  due_on_set_at: InstantText | null;
  status: string;
  completed_at: InstantText | null;
  dropped_reason: string | null;
  created_at: InstantText;
  updated_at: InstantText;
}

export interface AuditLogTable {
  /** Insertion order; PostgreSQL returns bigint as a string, so read it through Number(). */
  id: Generated<number | string>;
  tenant_id: string;
  /** When the change was recorded. */
  occurred_at: InstantText;
  /** When what it records happened, for facts that can be recorded after the fact. */
  happened_at: InstantText | null;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  review_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

export interface TurnStateTable {
  storage_key: string;
  etag: string;
  value_json: string;
  updated_at: InstantText;
}

export interface InboundActivitiesTable {
  /** SHA-256 of tenant, channel, conversation and activity ids. */
  activity_key: string;
  tenant_id: string;
  received_at: InstantText;
  expires_at: InstantText;
}

/** A person erased at a lead officer's request: their people row now reads "Former member N". */
export interface ErasedPeopleTable {
  tenant_id: string;
  person_id: string;
  ordinal: number;
  /** One of ERASURE_REASONS. */
  reason: string;
  /** SHA-256 of the tenant and the id they wrote from; the ids themselves are gone. */
  aad_object_id_sha256: string | null;
  teams_user_id_sha256: string | null;
  erased_at: InstantText;
  /** When they chose to be known by name again; null while erased. */
  restored_at: InstantText | null;
}

/** A committee's retention period for closed and cancelled reviews, and its first run's confirmation. */
export interface RetentionSettingsTable {
  tenant_id: string;
  /** Null: none set, nothing is ever removed. */
  retention_days: number | null;
  set_at: InstantText;
  /** When a real run first followed a dry run; null until then (scheduled runs wait for it). */
  confirmed_at: InstantText | null;
  dry_run_token: string | null;
  dry_run_at: InstantText | null;
  /** JSON array of the review ids the dry run listed. */
  dry_run_review_ids: string | null;
}

export interface RetentionAppliedTable {
  tenant_id: string;
  review_id: string;
  retention_days: number;
  applied_at: InstantText;
}

export interface Database {
  committees: CommitteesTable;
  committee_days_off: CommitteeDaysOffTable;
  reviews: ReviewsTable;
  clock_pauses: ClockPausesTable;
  milestones: MilestonesTable;
  agencies: AgenciesTable;
  people: PeopleTable;
  review_members: ReviewMembersTable;
  committee_members: CommitteeMembersTable;
  meetings: MeetingsTable;
  invitations: InvitationsTable;
  report_requests: ReportRequestsTable;
  report_submissions: ReportSubmissionsTable;
  conversation_references: ConversationReferencesTable;
  outbox_reminders: OutboxRemindersTable;
  outbox_deliveries: OutboxDeliveriesTable;
  improvement_actions: ImprovementActionsTable;
  audit_log: AuditLogTable;
  committee_schedules: CommitteeSchedulesTable;
  turn_state: TurnStateTable;
  inbound_activities: InboundActivitiesTable;
  erased_people: ErasedPeopleTable;
  retention_settings: RetentionSettingsTable;
  retention_applied: RetentionAppliedTable;
}
