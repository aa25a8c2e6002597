/**
 * The append-only audit trail: who did what, when, and the state before and after. Entries are
 * written only by recordChange (record-change.ts), inside the transaction of the change itself;
 * the database refuses updates and deletes (migration 0002).
 *
 * Free text that might identify the subject (reasons, notes, titles, report text) is never
 * copied in: `withheld()` records only its length. The pseudonym is the one name that appears.
 */
import type { Transaction } from 'kysely';
import type { Database } from './database-schema';
import { pageSchema, parseInput, tenantIdSchema, id as idSchema } from './input-schemas';
import { toInstantText } from './portable-values';
import type { StoreContext } from './store-context';

/** What a change says about itself; recordChange adds who, when and the tenant. */
export interface AuditFacts {
  /** e.g. `review.created`, `report.submitted`. */
  action: string;
  entityType: string;
  entityId: string;
  reviewId: string | null;
  before: unknown;
  after: unknown;
  /** When what it records happened, for facts that may be recorded after the fact. */
  happenedAt?: Date | null;
}

export interface AuditEntry extends AuditFacts {
  id: number;
  tenantId: string;
  /** When the change was recorded. */
  occurredAt: Date;
  happenedAt: Date | null;
  /** A person id, or `system`. */
  actor: string;
}

/** Stands in for free text in an audit entry. */
export const withheld = (text: string | null | undefined): string | null =>
  text === null || text === undefined ? null : `[${text.length} characters withheld]`;

export async function appendAudit(
  trx: Transaction<Database>,
  entry: AuditFacts & { tenantId: string; actor: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: entry.tenantId,
      occurred_at: toInstantText(entry.at),
      happened_at: entry.happenedAt ? toInstantText(entry.happenedAt) : null,
      actor: entry.actor,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      review_id: entry.reviewId,
      before_json: entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export interface AuditQuery {
  reviewId?: string;
  limit?: number;
  /** Entries with a smaller id than this, for paging back in time. */
  beforeId?: number;
}

export function createAuditLog(ctx: StoreContext) {
  return {
    /** Newest first. */
    async list(tenantId: string, query: AuditQuery = {}): Promise<AuditEntry[]> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const { limit } = parseInput(pageSchema, { limit: query.limit });
      const reviewId = query.reviewId === undefined ? undefined : parseInput(idSchema('The review'), query.reviewId);
      let q = ctx.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenant);
      if (reviewId !== undefined) q = q.where('review_id', '=', reviewId);
      if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
      const rows = await q.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((row) => ({
        id: Number(row.id),
        tenantId: row.tenant_id,
        occurredAt: new Date(row.occurred_at),
        happenedAt: row.happened_at === null ? null : new Date(row.happened_at),
        actor: row.actor,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        reviewId: row.review_id,
        before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
        after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
      }));
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
