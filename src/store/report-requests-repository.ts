/**
 * Single-agency reports (001 §5 step 4): the request to an agency, and what its author submits,
 * as text, a file, or both. A submission and its audit entry are stored together or not at all.
 */
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { toLocalDate } from '../domain/day-number';
import type { LocalDate, ReportRequest } from '../domain/model';
import { arrivesLate, overdueReports } from '../domain/report-deadlines';
import type { ReviewWork } from '../domain/review-lifecycle';
import { withheld } from './audit-log';
import type { Transaction } from 'kysely';
import type { Database, ReportSubmissionsTable, ReviewsTable } from './database-schema';
import {
  type ReportRequestInput,
  type SubmissionInput,
  id,
  instant,
  localDate,
  optionalId,
  parseInput,
  reportRequestSchema,
  submissionSchema,
  tenantIdSchema,
} from './input-schemas';
import { loadReviewAggregates, reportRequestQuery } from './load-review-aggregates';
import { committeeCalendar } from './committees-repository';
import { atMost, newId, toInstantText } from './portable-values';
import { recordChange, recordReviewChange } from './record-change';
import { refuseIfEnded, refuseIfEndedById } from './refuse-ended-review';
import { toReportRequest } from './row-mappers';
import { orNotFound, requireAgency, requirePeople } from './scoped-lookups';
import {
  fileKeyId,
  openFile,
  openText,
  type ReportKeyring,
  requireKeyring,
  sealFile,
  sealText,
  textKeyId,
} from './report-cipher';
import type { Executor, StoreContext } from './store-context';
import { ConflictError, InvalidValueError } from './store-errors';

export interface AgencyReportRequest extends ReportRequest {
  reviewId: string;
}

export interface AttachmentInfo {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface ReportSubmission {
  id: string;
  reportRequestId: string;
  submittedByPersonId: string;
  submittedAt: Date;
  text: string | null;
  attachment: AttachmentInfo | null;
  /** It arrived after its due date (as moved by the clock's pauses): taken all the same. */
  late: boolean;
  /** 1 for the first submission to the request, 2 for the next, ... */
  version: number;
}

type SubmissionRow = Omit<Selectable<ReportSubmissionsTable>, 'attachment_content'>;

const requestIdSchema = id('The report request');
const SUBMISSION_COLUMNS = [
  'id',
  'tenant_id',
  'report_request_id',
  'text',
  'attachment_name',
  'attachment_content_type',
  'attachment_size',
  'attachment_sha256',
  'submitted_by_person_id',
  'submitted_at',
  'key_id',
  'late',
  'version',
] as const;

/** What each sealed value is bound to: its row and column, so it opens nowhere else. */
const sealedAs = (row: { tenant_id: string; id: string }, column: 'text' | 'name' | 'file') =>
  `report_submissions/${row.tenant_id}/${row.id}/${column}`;

/** A stored submission, opened with the reports key. */
const toSubmission = (ring: ReportKeyring | undefined, row: SubmissionRow): ReportSubmission => ({
  id: row.id,
  reportRequestId: row.report_request_id,
  submittedByPersonId: row.submitted_by_person_id,
  submittedAt: new Date(row.submitted_at),
  text: row.text === null ? null : openText(ring, row.text, sealedAs(row, 'text')),
  attachment:
    row.attachment_name === null
      ? null
      : {
          name: openText(ring, row.attachment_name, sealedAs(row, 'name')),
          contentType: row.attachment_content_type ?? 'application/octet-stream',
          size: Number(row.attachment_size),
          sha256: row.attachment_sha256 ?? '',
        },
  late: Number(row.late) === 1,
  version: Number(row.version),
});

const submissionForAudit = (s: ReportSubmission) => ({
  ...s,
  text: withheld(s.text),
  attachment: s.attachment && { ...s.attachment, name: withheld(s.attachment.name) },
});

async function loadRequest(db: Executor, tenantId: string, requestId: string): Promise<AgencyReportRequest> {
  const row = orNotFound(
    await reportRequestQuery(db, tenantId).where('r.id', '=', requestId).executeTakeFirst(),
    'report request',
    requestId,
  );
  return { ...toReportRequest(row), reviewId: row.review_id };
}

/** Review rows by id within the tenant, a chunk at a time. */
async function reviewRowsOf(db: Executor, tenantId: string, reviewIds: string[]) {
  const rows: Selectable<ReviewsTable>[] = [];
  for (let i = 0; i < reviewIds.length; i += 500) {
    rows.push(
      ...(await db
        .selectFrom('reviews')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', reviewIds.slice(i, i + 500))
        .execute()),
    );
  }
  return rows;
}

const PRACTITIONER_AUTHOR =
  "A practitioner is never asked for an agency's report: it is asked of the agency's Senior Manager, who may name a service manager or team leader to write it (001 §6).";

/**
 * A report's author is the service manager or team leader the Senior Manager names (001 §6): never
 * someone who takes part in the review only as a practitioner. A named author holds the
 * `report_author` role in the review, for the agency.
 */
async function nameAsAuthor(
  trx: Transaction<Database>,
  tenant: string,
  reviewId: string,
  agencyId: string,
  authorPersonId: string,
  at: Date,
): Promise<void> {
  const roles = await trx
    .selectFrom('review_members')
    .select('role')
    .where('tenant_id', '=', tenant)
    .where('review_id', '=', reviewId)
    .where('person_id', '=', authorPersonId)
    .execute();
  if (roles.length > 0 && roles.every((row) => row.role === 'practitioner'))
    throw new InvalidValueError('authorPersonId', PRACTITIONER_AUTHOR);
  await trx
    .insertInto('review_members')
    .values({
      tenant_id: tenant,
      review_id: reviewId,
      person_id: authorPersonId,
      role: 'report_author',
      agency_id: agencyId,
      supporter_person_id: null,
      created_at: toInstantText(at),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'review_id', 'person_id', 'role']).doNothing())
    .execute();
}

export function createReportRequestsRepository(ctx: StoreContext) {
  async function submissionsOf(db: Executor, tenant: string, rid: string): Promise<ReportSubmission[]> {
    const rows = await db
      .selectFrom('report_submissions')
      .select(SUBMISSION_COLUMNS)
      .where('tenant_id', '=', tenant)
      .where('report_request_id', '=', rid)
      .orderBy('version')
      .execute();
    return rows.map((row) => toSubmission(ctx.reportKeys, row));
  }

  function updateRequest(
    tenantId: string,
    actor: string,
    requestId: string,
    action: string,
    set: { status?: string; due_on?: string },
    refusedOnceEnded: ReviewWork | null,
  ) {
    const rid = parseInput(requestIdSchema, requestId);
    return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
      const before = await loadRequest(trx, tenant, rid);
      if (refusedOnceEnded !== null)
        await refuseIfEndedById(trx, ctx.engine, tenant, before.reviewId, refusedOnceEnded);
      // A new due date restarts its reminders from now: the moment it was set is kept.
      const dueChanged = set.due_on !== undefined && set.due_on !== before.dueOn;
      await trx
        .updateTable('report_requests')
        .set({ ...set, ...(dueChanged ? { due_on_set_at: toInstantText(at) } : {}), updated_at: toInstantText(at) })
        .where('tenant_id', '=', tenant)
        .where('id', '=', rid)
        .execute();
      const after = await loadRequest(trx, tenant, rid);
      return {
        result: after,
        audit: { action, entityType: 'report_request', entityId: rid, reviewId: after.reviewId, before, after },
      };
    });
  }

  return {
    /**
     * Asks an agency for its single-agency report by a date: of its Senior Manager (001 §6), who
     * may name its author now or later (`nameAuthor`). A closed or cancelled review asks for none;
     * a report already asked for is still taken when it comes (`submit`).
     */
    async request(
      tenantId: string,
      actor: string,
      reviewId: string,
      input: ReportRequestInput,
    ): Promise<AgencyReportRequest> {
      const r = parseInput(reportRequestSchema, input);
      return recordReviewChange(ctx, { tenantId, actor, reviewId }, async (trx, at, tenant, review) => {
        refuseIfEnded(review, 'request_report');
        await requireAgency(trx, tenant, r.agencyId);
        await requirePeople(trx, tenant, [r.authorPersonId, r.seniorManagerPersonId]);
        if (r.authorPersonId !== null) await nameAsAuthor(trx, tenant, review.id, r.agencyId, r.authorPersonId, at);
        const requestId = newId();
        await trx
          .insertInto('report_requests')
          .values({
            id: requestId,
            tenant_id: tenant,
            review_id: review.id,
            agency_id: r.agencyId,
            author_person_id: r.authorPersonId,
            senior_manager_person_id: r.seniorManagerPersonId,
            requested_at: toInstantText(at),
            due_on: r.dueOn,
            due_on_set_at: toInstantText(at),
            status: 'requested',
            submitted_at: null,
            created_at: toInstantText(at),
            updated_at: toInstantText(at),
          })
          .execute();
        const created = await loadRequest(trx, tenant, requestId);
        return {
          result: created,
          audit: {
            action: 'report.requested',
            entityType: 'report_request',
            entityId: requestId,
            reviewId: review.id,
            before: null,
            after: created,
          },
        };
      });
    },

    /** Stores a submission and marks the request submitted. A later submission adds to, not replaces, the earlier. */
    async submit(
      tenantId: string,
      actor: string,
      requestId: string,
      input: SubmissionInput,
    ): Promise<ReportSubmission> {
      const rid = parseInput(requestIdSchema, requestId);
      const s = parseInput(submissionSchema, input);
      return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
        const before = await loadRequest(trx, tenant, rid);
        if (before.status === 'withdrawn')
          throw new ConflictError(
            'This report request was withdrawn, so it no longer takes submissions. Ask the Lead Officer if a report is still wanted.',
          );
        await requirePeople(trx, tenant, [s.submittedByPersonId]);
        const [reviewRow] = await reviewRowsOf(trx, tenant, [before.reviewId]);
        const [review] = await loadReviewAggregates(trx, tenant, [reviewRow]);
        const calendar = await committeeCalendar(ctx, trx, tenant);
        // Marking the request first holds its row (PostgreSQL) until the commit, so two submissions at
        // once are numbered one after the other.
        await trx
          .updateTable('report_requests')
          .set({ status: 'submitted', submitted_at: toInstantText(at), updated_at: toInstantText(at) })
          .where('tenant_id', '=', tenant)
          .where('id', '=', rid)
          .execute();
        const latest = await trx
          .selectFrom('report_submissions')
          .select((eb) => eb.fn.max('version').as('version'))
          .where('tenant_id', '=', tenant)
          .where('report_request_id', '=', rid)
          .executeTakeFirst();
        const ring = ctx.reportKeys;
        const keys = { tenant_id: tenant, id: newId() };
        const row = {
          ...keys,
          report_request_id: rid,
          text: s.text === null ? null : sealText(ring, s.text, sealedAs(keys, 'text')),
          attachment_name: s.attachment ? sealText(ring, s.attachment.name, sealedAs(keys, 'name')) : null,
          attachment_content_type: s.attachment?.contentType ?? null,
          attachment_size: s.attachment?.content.length ?? null,
          attachment_sha256: s.attachment ? createHash('sha256').update(s.attachment.content).digest('hex') : null,
          submitted_by_person_id: s.submittedByPersonId,
          submitted_at: toInstantText(at),
          key_id: ring?.current.id ?? null,
          late: arrivesLate(review, before, calendar, at) ? 1 : 0,
          version: Number(latest?.version ?? 0) + 1,
        };
        // Sealed before anything is written: without a key nothing is stored, and the caller is told.
        const content = s.attachment ? sealFile(ring, s.attachment.content, sealedAs(keys, 'file')) : null;
        await trx
          .insertInto('report_submissions')
          .values({ ...row, attachment_content: content })
          .execute();
        const submission = toSubmission(ring, row);
        return {
          result: submission,
          audit: {
            action: 'report.submitted',
            entityType: 'report_request',
            entityId: rid,
            reviewId: before.reviewId,
            before: { status: before.status },
            after: {
              status: 'submitted',
              late: submission.late,
              version: submission.version,
              submission: submissionForAudit(submission),
            },
          },
        };
      });
    },

    /**
     * The service manager or team leader the Senior Manager names to write the report (001 §6);
     * null takes the name away, so the Senior Manager is reminded again. A practitioner is refused,
     * and so is any naming once the review is closed or cancelled.
     */
    async nameAuthor(
      tenantId: string,
      actor: string,
      requestId: string,
      authorPersonId: string | null,
    ): Promise<AgencyReportRequest> {
      const rid = parseInput(requestIdSchema, requestId);
      const author = parseInput(optionalId('The author'), authorPersonId, 'authorPersonId');
      return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
        const before = await loadRequest(trx, tenant, rid);
        await refuseIfEndedById(trx, ctx.engine, tenant, before.reviewId, 'name_author');
        if (before.authorPersonId === author) return { result: before, audit: null };
        if (author !== null) {
          await requirePeople(trx, tenant, [author]);
          await nameAsAuthor(trx, tenant, before.reviewId, before.agencyId, author, at);
        }
        await trx
          .updateTable('report_requests')
          .set({ author_person_id: author, updated_at: toInstantText(at) })
          .where('tenant_id', '=', tenant)
          .where('id', '=', rid)
          .execute();
        const after = await loadRequest(trx, tenant, rid);
        return {
          result: after,
          audit: {
            action: 'report.author_named',
            entityType: 'report_request',
            entityId: rid,
            reviewId: before.reviewId,
            before: { authorPersonId: before.authorPersonId },
            after: { authorPersonId: author },
          },
        };
      });
    },

    async withdraw(tenantId: string, actor: string, requestId: string): Promise<AgencyReportRequest> {
      // Withdrawing asks nothing more of anyone: a closed or cancelled review's request may be withdrawn.
      return updateRequest(tenantId, actor, requestId, 'report.withdrawn', { status: 'withdrawn' }, null);
    },

    async changeDueDate(
      tenantId: string,
      actor: string,
      requestId: string,
      dueOn: LocalDate,
    ): Promise<AgencyReportRequest> {
      return updateRequest(
        tenantId,
        actor,
        requestId,
        'report.due_date_changed',
        { due_on: parseInput(localDate('The due date'), dueOn, 'dueOn') },
        'change_due_date',
      );
    },

    async get(tenantId: string, requestId: string): Promise<AgencyReportRequest> {
      return loadRequest(ctx.db, parseInput(tenantIdSchema, tenantId), parseInput(requestIdSchema, requestId));
    },

    /**
     * Requests overdue at `now` by the timeline engine's rule: still awaited after their due date
     * as moved by the review's clock pauses, on a review that is not closed or cancelled. Earliest
     * due date first.
     */
    async listOverdue(tenantId: string, now: Date): Promise<AgencyReportRequest[]> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const at = parseInput(instant('Now'), now, 'now');
      const calendar = await committeeCalendar(ctx, ctx.db, tenant);
      // Pauses only ever move a due date later, so a request is overdue only if its date has passed.
      const today = toLocalDate(calendar.dayOf(at));
      const candidates = await reportRequestQuery(ctx.db, tenant)
        .where('r.status', '=', 'requested')
        .where('r.due_on', '<', today)
        .select('r.review_id')
        .execute();
      const reviewIds = [...new Set(candidates.map((row) => row.review_id))];
      const rows = reviewIds.length === 0 ? [] : await reviewRowsOf(ctx.db, tenant, reviewIds);
      const overdue = (await loadReviewAggregates(ctx.db, tenant, rows)).flatMap((review) =>
        overdueReports(review, calendar, at).map((request) => ({ ...request, reviewId: review.id })),
      );
      return overdue.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id)).slice(0, 1_000);
    },

    /** Submissions with their text and file details, oldest first; the file bytes come from readAttachment. */
    async listSubmissions(tenantId: string, requestId: string): Promise<ReportSubmission[]> {
      return submissionsOf(ctx.db, parseInput(tenantIdSchema, tenantId), parseInput(requestIdSchema, requestId));
    },

    /**
     * A reader opens a request's submissions: the same as listSubmissions, with an audit entry saying
     * who read which report. Whether the reader may is the caller's to decide, before asking.
     */
    async readSubmissions(
      tenantId: string,
      actor: string,
      requestId: string,
    ): Promise<{ request: AgencyReportRequest; submissions: ReportSubmission[] }> {
      const rid = parseInput(requestIdSchema, requestId);
      return recordChange(ctx, { tenantId, actor }, async (trx, _at, tenant) => {
        const request = await loadRequest(trx, tenant, rid);
        const submissions = await submissionsOf(trx, tenant, rid);
        return {
          result: { request, submissions },
          audit: {
            action: 'report.read',
            entityType: 'report_request',
            entityId: rid,
            reviewId: request.reviewId,
            before: null,
            after: { submissions: submissions.map((s) => s.id) },
          },
        };
      });
    },

    async readAttachment(tenantId: string, submissionId: string): Promise<{ info: AttachmentInfo; content: Buffer }> {
      const sid = parseInput(id('The submission'), submissionId);
      const row = await ctx.db
        .selectFrom('report_submissions')
        .selectAll()
        .where('tenant_id', '=', parseInput(tenantIdSchema, tenantId))
        .where('id', '=', sid)
        .where('attachment_content', 'is not', null)
        .executeTakeFirst();
      const found = orNotFound(row, 'attachment of submission', sid);
      const content = openFile(ctx.reportKeys, Buffer.from(found.attachment_content!), sealedAs(found, 'file'));
      return { info: toSubmission(ctx.reportKeys, found).attachment!, content };
    },

    /**
     * Seals every submission not yet under the current reports key (those under an older key, and
     * any stored before encryption began) with the current one, a row at a time, each with its audit
     * entry. Returns how many were sealed again. The old keys must still be configured.
     */
    async resealWithCurrentKey(): Promise<{ resealed: number }> {
      const ring = requireKeyring(ctx.reportKeys);
      const current = ring.current.id;
      let resealed = 0;
      for (;;) {
        const batch = await ctx.db
          .selectFrom('report_submissions')
          .select(['tenant_id', 'id'])
          .where((eb) => eb.or([eb('key_id', 'is', null), eb('key_id', '!=', current)]))
          .orderBy('id')
          .limit(atMost(100))
          .execute();
        if (batch.length === 0) return { resealed };
        for (const { tenant_id: tenant, id: sid } of batch) {
          await recordChange(ctx, { tenantId: tenant, actor: 'system' }, async (trx) => {
            const row = await trx
              .selectFrom('report_submissions')
              .selectAll()
              .where('tenant_id', '=', tenant)
              .where('id', '=', sid)
              .executeTakeFirstOrThrow();
            if (row.key_id === current) return { result: null, audit: null };
            const reseal = (value: string | null, column: 'text' | 'name') =>
              value === null
                ? null
                : sealText(ring, openText(ring, value, sealedAs(row, column)), sealedAs(row, column));
            const file = row.attachment_content === null ? null : Buffer.from(row.attachment_content);
            await trx
              .updateTable('report_submissions')
              .set({
                text: reseal(row.text, 'text'),
                attachment_name: reseal(row.attachment_name, 'name'),
                attachment_content:
                  file === null
                    ? null
                    : sealFile(ring, openFile(ring, file, sealedAs(row, 'file')), sealedAs(row, 'file')),
                key_id: current,
              })
              .where('tenant_id', '=', tenant)
              .where('id', '=', sid)
              .execute();
            const before = row.key_id ?? (row.text !== null ? textKeyId(row.text) : file && fileKeyId(file));
            return {
              result: null,
              audit: {
                action: 'report.resealed',
                entityType: 'report_submission',
                entityId: sid,
                reviewId: null,
                before: { keyId: before },
                after: { keyId: current },
              },
            };
          });
          resealed += 1;
        }
      }
    },
  };
}

export type ReportRequestsRepository = ReturnType<typeof createReportRequestsRepository>;
