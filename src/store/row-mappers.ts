/** From table rows to the shapes of domain/model.ts. */
import type { Selectable } from 'kysely';
import type {
  ActionStatus,
  ClockPause,
  ImprovementAction,
  Invitation,
  InvitationResponse,
  Meeting,
  MeetingKind,
  MeetingStatus,
  MilestoneRecord,
  ReportRequest,
  ReportRequestStatus,
  Review,
  ReviewKind,
  ReviewMember,
  ReviewStatus,
  ReviewRole,
  DecisionOutcome,
  PauseCategory,
  CommitteeMember,
  CommitteeRole,
} from '../domain/model';
import type {
  ClockPausesTable,
  CommitteeMembersTable,
  ImprovementActionsTable,
  InvitationsTable,
  MeetingsTable,
  MilestonesTable,
  ReportRequestsTable,
  ReviewMembersTable,
  ReviewsTable,
} from './database-schema';
import { fromFlag, fromInstantText as instant, fromNullableInstantText as nullableInstant } from './portable-values';

export const toClockPause = (row: Selectable<ClockPausesTable>): ClockPause => ({
  id: row.id,
  category: row.category as PauseCategory,
  note: row.note,
  startedAt: instant(row.started_at),
  endedAt: nullableInstant(row.ended_at),
  recordedAt: instant(row.created_at),
  endRecordedAt: nullableInstant(row.end_recorded_at),
});

export const toMilestone = (row: Selectable<MilestonesTable>): MilestoneRecord => ({
  stepId: row.step_id,
  completedAt: nullableInstant(row.completed_at),
  skipped: fromFlag(row.skipped),
  ...(row.note === null ? {} : { note: row.note }),
  recordedAt: instant(row.updated_at),
});

export const toInvitation = (row: Selectable<InvitationsTable>): Invitation => ({
  personId: row.person_id,
  invitedAt: instant(row.invited_at),
  response: row.response as InvitationResponse | null,
  respondedAt: nullableInstant(row.responded_at),
  note: row.note ?? null,
});

export const toMeeting = (row: Selectable<MeetingsTable>, invitations: Invitation[]): Meeting => ({
  id: row.id,
  kind: row.kind as MeetingKind,
  title: row.title,
  stepId: row.step_id,
  startsAt: instant(row.starts_at),
  endsAt: nullableInstant(row.ends_at),
  venue: row.venue,
  onlineLink: row.online_link,
  scheduledAt: instant(row.scheduled_at),
  startsAtSetAt: instant(row.starts_at_set_at),
  status: row.status as MeetingStatus,
  statusSetAt: instant(row.status_set_at),
  chairPersonId: row.chair_person_id,
  invitations,
});

export const toReportRequest = (row: Selectable<ReportRequestsTable> & { agency_name: string }): ReportRequest => ({
  id: row.id,
  agencyId: row.agency_id,
  agencyName: row.agency_name,
  authorPersonId: row.author_person_id,
  seniorManagerPersonId: row.senior_manager_person_id,
  requestedAt: instant(row.requested_at),
  dueOn: row.due_on,
  dueOnSetAt: instant(row.due_on_set_at),
  status: row.status as ReportRequestStatus,
  submittedAt: nullableInstant(row.submitted_at),
});

export const toImprovementAction = (row: Selectable<ImprovementActionsTable>): ImprovementAction => ({
  id: row.id,
  description: row.description,
  ownerPersonId: row.owner_person_id,
  agreedAt: instant(row.agreed_at),
  recordedAt: instant(row.created_at),
  dueOn: row.due_on,
  dueOnSetAt: nullableInstant(row.due_on_set_at),
  status: row.status as ActionStatus,
  completedAt: nullableInstant(row.completed_at),
  droppedReason: row.dropped_reason,
});

export const toMember = (row: Selectable<ReviewMembersTable>): ReviewMember => ({
  personId: row.person_id,
  role: row.role as ReviewRole,
  agencyId: row.agency_id,
  ...(row.supporter_person_id === null ? {} : { supporterPersonId: row.supporter_person_id }),
});

export const toCommitteeMember = (
  row: Pick<Selectable<CommitteeMembersTable>, 'person_id' | 'role'>,
): CommitteeMember => ({
  personId: row.person_id,
  role: row.role as CommitteeRole,
});

/** The review row alone; the aggregate's lists are filled by load-review-aggregates.ts. */
export const toReviewShell = (row: Selectable<ReviewsTable>): Review => ({
  id: row.id,
  tenantId: row.tenant_id,
  reference: row.reference,
  kind: row.kind as ReviewKind,
  status: row.status as ReviewStatus,
  subjectPseudonym: row.subject_pseudonym,
  notifiedAt: instant(row.notified_at),
  recordedAt: instant(row.created_at),
  decisionTemplateId: row.decision_template_id,
  reviewTemplateId: row.review_template_id,
  decision:
    row.decision_outcome === null || row.decided_at === null
      ? null
      : {
          outcome: row.decision_outcome as DecisionOutcome,
          decidedAt: instant(row.decided_at),
          recordedAt: instant(row.decision_recorded_at ?? row.decided_at),
        },
  pauses: [],
  milestones: [],
  meetings: [],
  reportRequests: [],
  improvementActions: [],
  members: [],
  committeeMembers: [],
  closedAt: nullableInstant(row.closed_at),
  reopenedAt: nullableInstant(row.reopened_at),
});
