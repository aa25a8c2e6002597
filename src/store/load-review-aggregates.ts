/**
 * Assembles whole `Review` aggregates for a batch of review rows with one query per child table
 * (not one per review), so a sweep over thousands of reviews costs a handful of round trips.
 */
import type { Selectable } from 'kysely';
import type { CommitteeMember, Invitation, Meeting, Review } from '../domain/model';
import { committeeRoster } from './committee-roles-repository';
import type { MeetingsTable, ReviewsTable } from './database-schema';
import {
  toClockPause,
  toImprovementAction,
  toInvitation,
  toMeeting,
  toMember,
  toMilestone,
  toReportRequest,
  toReviewShell,
} from './row-mappers';
import type { Executor } from './store-context';

/** Both engines take far more bound parameters; this keeps statements small and plans stable. */
const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Report requests with their agency's name, scoped to one tenant. */
export function reportRequestQuery(db: Executor, tenantId: string) {
  return db
    .selectFrom('report_requests as r')
    .innerJoin('agencies as a', (join) =>
      join.onRef('a.id', '=', 'r.agency_id').onRef('a.tenant_id', '=', 'r.tenant_id'),
    )
    .selectAll('r')
    .select('a.name as agency_name')
    .where('r.tenant_id', '=', tenantId);
}

/** Meetings with their invitations, in start order. */
export async function withInvitations(
  db: Executor,
  tenantId: string,
  meetings: Selectable<MeetingsTable>[],
): Promise<Meeting[]> {
  const invitations: Map<string, Invitation[]> = new Map();
  for (const ids of chunks(meetings.map((m) => m.id))) {
    const rows = await db
      .selectFrom('invitations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('meeting_id', 'in', ids)
      .orderBy('invited_at')
      .orderBy('person_id')
      .execute();
    for (const [meetingId, group] of groupBy(rows, (r) => r.meeting_id))
      invitations.set(meetingId, group.map(toInvitation));
  }
  return meetings.map((m) => toMeeting(m, invitations.get(m.id) ?? []));
}

/**
 * Whole aggregates for the review rows of one tenant. Every review carries the committee's role
 * holders, the same array for all: given by a caller that read them once for a whole sweep, or
 * read here once for the batch.
 */
export async function loadReviewAggregates(
  db: Executor,
  tenantId: string,
  reviewRows: Selectable<ReviewsTable>[],
  roster?: readonly CommitteeMember[],
): Promise<Review[]> {
  const committeeMembers = reviewRows.length === 0 ? [] : (roster ?? (await committeeRoster(db, tenantId)));
  const reviews = reviewRows.map((row) => ({ ...toReviewShell(row), committeeMembers }));
  const byId = new Map(reviews.map((r) => [r.id, r]));

  for (const ids of chunks(reviews.map((r) => r.id))) {
    const [pauses, milestones, meetings, requests, actions, members] = await Promise.all([
      db
        .selectFrom('clock_pauses')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('review_id', 'in', ids)
        .orderBy('started_at')
        .execute(),
      db
        .selectFrom('milestones')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('review_id', 'in', ids)
        .orderBy('step_id')
        .execute(),
      db
        .selectFrom('meetings')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('review_id', 'in', ids)
        .orderBy('starts_at')
        .orderBy('id')
        .execute(),
      reportRequestQuery(db, tenantId)
        .where('r.review_id', 'in', ids)
        .orderBy('r.requested_at')
        .orderBy('r.id')
        .execute(),
      db
        .selectFrom('improvement_actions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('review_id', 'in', ids)
        .orderBy('agreed_at')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('review_members')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('review_id', 'in', ids)
        .orderBy('role')
        .orderBy('person_id')
        .execute(),
    ]);
    const fullMeetings = await withInvitations(db, tenantId, meetings);

    pauses.forEach((row) => byId.get(row.review_id)?.pauses.push(toClockPause(row)));
    milestones.forEach((row) => byId.get(row.review_id)?.milestones.push(toMilestone(row)));
    meetings.forEach((row, i) => byId.get(row.review_id)?.meetings.push(fullMeetings[i]));
    requests.forEach((row) => byId.get(row.review_id)?.reportRequests.push(toReportRequest(row)));
    actions.forEach((row) => byId.get(row.review_id)?.improvementActions.push(toImprovementAction(row)));
    members.forEach((row) => byId.get(row.review_id)?.members.push(toMember(row)));
  }
  return reviews;
}
