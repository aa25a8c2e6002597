/**
 * The shape of a review as the rest of the bot sees it: the store loads it, the timeline engine
 * reads it, the bot shows it. Pure data; no framework, no database, no clock.
 *
 * Instants are `Date`s (UTC underneath). Calendar dates that belong to the committee's own calendar
 * (a report's due date, an action's target date) are `LocalDate` strings, `YYYY-MM-DD`, read in the
 * committee's time zone.
 *
 * Facts can be recorded after they happened (a review already under way when the bot arrives), and
 * dates can be moved. Where that matters to a reminder, the model says when the bot learned of it
 * (`recordedAt`, `...SetAt`); the store always fills these in. Left out, a fact counts as recorded
 * when it happened and a date as set when its item was created.
 */

import type { CommitteeRole, ReviewRole, Role } from './roles';

/** A date on the committee's calendar, `YYYY-MM-DD`. */
export type LocalDate = string;

/** Who is who (roles.ts): the bot's commands, authorisation, refusals and cards use these. */
export {
  COMMITTEE_ROLES,
  REVIEW_ROLES,
  ROLES,
  ROLE_LABELS,
  type CommitteeRole,
  type ReviewRole,
  type Role,
  type RecipientTone,
  isCommitteeRole,
  isReviewRole,
  recipientTone,
} from './roles';

/** Adult Support and Protection, or Child Protection: which committee holds the review. */
export const REVIEW_KINDS = ['ASP', 'CP'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/**
 * Where a review stands.
 * - `decision_stage`: notified; agency reports and the Consideration Meeting are under way (001 §5–6).
 * - `in_review`: the Consideration Meeting decided to proceed; the review itself runs (001 §7, 000).
 * - `improvement`: report done, or decided not to proceed with actions agreed; actions are monitored.
 * - `closed`: finished. `cancelled`: withdrawn (for example a duplicate notification).
 */
export const REVIEW_STATUSES = ['decision_stage', 'in_review', 'improvement', 'closed', 'cancelled'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const DECISION_OUTCOMES = ['proceed', 'not_proceed'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/**
 * Why a review's clock stood still: the parallel processes 001 §5 and §7 name. The category is all
 * that shared views show; a free-text note is for the review's members, one to one.
 */
export const PAUSE_CATEGORIES = [
  'criminal_proceedings',
  'fatal_accident_inquiry',
  'other_statutory_review',
  'other',
] as const;
export type PauseCategory = (typeof PAUSE_CATEGORIES)[number];

export const PAUSE_CATEGORY_LABELS: Readonly<Record<PauseCategory, string>> = {
  criminal_proceedings: 'criminal proceedings',
  fatal_accident_inquiry: 'a Fatal Accident Inquiry',
  other_statutory_review: 'another statutory review',
  other: 'another reason',
};

/** A stretch of time when the review's clock stood still, e.g. during criminal proceedings (001 §5, §7). */
export interface ClockPause {
  id: string;
  category: PauseCategory;
  /** Free text for the review's members only: never in a shared view, a log line or the audit. */
  note: string | null;
  startedAt: Date;
  /** `null` while the clock is still paused. */
  endedAt: Date | null;
  /** When the pause was recorded (`startedAt` if left out). */
  recordedAt?: Date;
  /** When its end was recorded (`endedAt` if left out). */
  endRecordedAt?: Date | null;
}

/** What actually happened to one step of the review's template. */
export interface MilestoneRecord {
  /** The template step's id, e.g. `consideration-meeting`. */
  stepId: string;
  completedAt: Date | null;
  skipped: boolean;
  note?: string;
  /** When this was last recorded (`completedAt` if left out). */
  recordedAt?: Date;
}

export const MEETING_KINDS = [
  'screening_meeting',
  'consideration_meeting',
  'review_team_meeting',
  'learning_workshop',
  'practitioner_event',
  'strategic_managers_event',
  /** Briefing for attendees of the Practitioner and Strategic Managers events (001 Appendix 1). */
  'briefing',
  'other',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const INVITATION_RESPONSES = ['attending', 'not_attending', 'tentative'] as const;
export type InvitationResponse = (typeof INVITATION_RESPONSES)[number];

export interface Invitation {
  personId: string;
  invitedAt: Date;
  response: InvitationResponse | null;
  respondedAt: Date | null;
  /** The invitee's note with their answer (free text: one to one only, never logged). */
  note?: string | null;
}

export interface Meeting {
  id: string;
  kind: MeetingKind;
  title: string;
  /** The template step this meeting fulfils, if any (e.g. `review-team-meeting-1`). */
  stepId: string | null;
  startsAt: Date;
  endsAt: Date | null;
  /** Where it is held (free text, one to one only), and the link to join online; either may be missing. */
  venue?: string | null;
  onlineLink?: string | null;
  /** When it was put in the diary: the invitation can be no earlier. */
  scheduledAt: Date;
  /** When its start was last set: `scheduledAt`, or when it was last moved. */
  startsAtSetAt?: Date;
  status: MeetingStatus;
  /** When its status was last set (for a held meeting, when it was recorded as held). */
  statusSetAt?: Date;
  chairPersonId: string | null;
  invitations: Invitation[];
}

export const REPORT_REQUEST_STATUSES = ['requested', 'submitted', 'withdrawn'] as const;
export type ReportRequestStatus = (typeof REPORT_REQUEST_STATUSES)[number];

/** A single-agency report asked of one agency (001 §5 step 4). */
export interface ReportRequest {
  id: string;
  agencyId: string;
  agencyName: string;
  authorPersonId: string | null;
  seniorManagerPersonId: string | null;
  requestedAt: Date;
  dueOn: LocalDate;
  /** When the due date was last set: `requestedAt`, or when it was last changed. */
  dueOnSetAt?: Date;
  status: ReportRequestStatus;
  submittedAt: Date | null;
}

export const ACTION_STATUSES = ['open', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** One line of the improvement action plan, monitored quarterly by the Sub-group (001 §9). */
export interface ImprovementAction {
  id: string;
  description: string;
  ownerPersonId: string | null;
  agreedAt: Date;
  /** When it was recorded (`agreedAt` if left out). */
  recordedAt?: Date;
  dueOn: LocalDate | null;
  /** When the target date was last set (null while there is none). */
  dueOnSetAt?: Date | null;
  status: ActionStatus;
  completedAt: Date | null;
  /** Why it was dropped (free text): an action is dropped only with a reason (001 §9). */
  droppedReason?: string | null;
}

export interface ReviewMember {
  personId: string;
  role: ReviewRole;
  agencyId: string | null;
  /** For a practitioner: their agency's Review Team member, who supports them (004). */
  supporterPersonId?: string | null;
}

/** Someone holding a role for the whole committee (every review's alerts reach them). */
export interface CommitteeMember {
  personId: string;
  role: CommitteeRole;
}

export interface Decision {
  outcome: DecisionOutcome;
  decidedAt: Date;
  /** When it was recorded (`decidedAt` if left out). */
  recordedAt?: Date;
}

/** Everything the timeline engine needs to know about one review. */
export interface Review {
  id: string;
  tenantId: string;
  /** e.g. `LR-2026-007`, unique within a committee. */
  reference: string;
  kind: ReviewKind;
  status: ReviewStatus;
  /** How the subject is named outside the review's members, e.g. "Child A". Never a real name. */
  subjectPseudonym: string;
  /** When the notification reached the Lead Officer: day 0 of the 42-day standard. */
  notifiedAt: Date;
  /** When the review was entered in the bot (`notifiedAt` if left out). */
  recordedAt?: Date;
  /** Template of the decision stage, normally `decision-stage`. */
  decisionTemplateId: string;
  /** Template of the review itself, chosen at the decision (e.g. `tier-1`, `tier-2-3`). */
  reviewTemplateId: string | null;
  decision: Decision | null;
  pauses: ClockPause[];
  milestones: MilestoneRecord[];
  meetings: Meeting[];
  reportRequests: ReportRequest[];
  improvementActions: ImprovementAction[];
  members: ReviewMember[];
  /**
   * The committee's own role holders (its Chair, Public Protection Manager, Sub-group, lead officers,
   * administrators), the same for every review of the committee: loaded once per committee.
   */
  committeeMembers: readonly CommitteeMember[];
  closedAt: Date | null;
  /** When it was last reopened after being closed or cancelled: reminders start afresh from then. */
  reopenedAt?: Date | null;
}

/**
 * Someone a reminder is for: a person where one holds the role, else the role alone (unfilled). A
 * card chooses its wording by the role (`recipientTone`).
 */
export interface Audience {
  role: Role;
  personId: string | null;
}

export const SEVERITIES = ['info', 'warning', 'alert'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a reminder can be about; the outbox stores the same list. */
export const REMINDER_SUBJECT_TYPES = [
  'report_request',
  'meeting',
  'invitation',
  'decision_deadline',
  'milestone',
  'review',
  'improvement_action',
] as const;
export type ReminderSubjectType = (typeof REMINDER_SUBJECT_TYPES)[number];

/**
 * Something the bot should say, to whom, and from when. The engine yields these; the scheduler
 * writes them to the outbox under `key` and sends them.
 */
export interface ReminderIntent {
  /**
   * Stable idempotency key: the same (item, rule, occasion) always gives the same key, so a sweep run
   * twice queues nothing twice. Contains no identifying detail.
   */
  key: string;
  tenantId: string;
  reviewId: string;
  /** Which rule fired, e.g. `report.overdue`, `deadline42.days-left`. */
  rule: string;
  /** What the reminder is about. */
  subject: {
    type: ReminderSubjectType;
    id: string;
  };
  /** Which occasion of the rule this is, e.g. `d-7`, `overdue-2026-11-24`. */
  occasion: string;
  /** The instant from which it should be sent. */
  dueAt: Date;
  audience: Audience[];
  severity: Severity;
  /** Values a card template binds to. Reference and pseudonym only: never a name. */
  facts: Record<string, string | number | boolean | null>;
}
