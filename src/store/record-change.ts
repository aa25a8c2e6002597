/**
 * The one way state changes: the work and its audit entry run in a single transaction, so either
 * both are stored or neither is. Repositories call this for every mutation.
 *
 * The audit refers to people by their id only: who made a change (the actor) is a person of the
 * committee, by id, or `system`; names and contact details live only in the people table, where
 * they can be corrected or erased.
 */
import type { Selectable, Transaction } from 'kysely';
import { type AuditFacts, appendAudit } from './audit-log';
import type { Database, ReviewsTable } from './database-schema';
import { actorSchema, id, parseInput, tenantIdSchema } from './input-schemas';
import { lockReview } from './scoped-lookups';
import { InvalidValueError } from './store-errors';
import type { StoreContext } from './store-context';

/** Changes the bot makes itself: reminders queued and sent, migrations. */
export const SYSTEM_ACTOR = 'system';

async function requireActor(trx: Transaction<Database>, tenantId: string, actor: string): Promise<void> {
  const person = await trx
    .selectFrom('people')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', actor)
    .executeTakeFirst();
  if (!person)
    throw new InvalidValueError(
      'actor',
      'Who made the change must be a person of this committee, given by their id (or system for the bot itself).',
    );
}

export interface ChangeOutcome<T> {
  result: T;
  /** `null` when nothing changed (an idempotent repeat): no audit entry then. */
  audit: AuditFacts | null;
}

export interface ChangeScope {
  tenantId: string;
  actor: string;
}

export async function recordChange<T>(
  ctx: StoreContext,
  scope: ChangeScope,
  work: (trx: Transaction<Database>, at: Date, tenantId: string) => Promise<ChangeOutcome<T>>,
): Promise<T> {
  const tenantId = parseInput(tenantIdSchema, scope.tenantId);
  const actor = parseInput(actorSchema, scope.actor);
  // Inside a caller's transaction (Store.transaction) the change joins it: it commits or rolls back with the rest.
  const inTransaction = <R>(run: (trx: Transaction<Database>) => Promise<R>): Promise<R> =>
    ctx.db.isTransaction ? run(ctx.db as Transaction<Database>) : ctx.db.transaction().execute(run);
  return inTransaction(async (trx) => {
    const at = ctx.now();
    if (actor !== SYSTEM_ACTOR) await requireActor(trx, tenantId, actor);
    const { result, audit } = await work(trx, at, tenantId);
    if (audit) await appendAudit(trx, { ...audit, tenantId, actor, at });
    return result;
  });
}

/**
 * A change to one review (adding a meeting, a report request, an action…): the review must exist
 * in the tenant, and it stays locked until the change commits (PostgreSQL), so checks made on it
 * still hold when the change is written.
 */
export function recordReviewChange<T>(
  ctx: StoreContext,
  scope: ChangeScope & { reviewId: string },
  work: (
    trx: Transaction<Database>,
    at: Date,
    tenantId: string,
    review: Selectable<ReviewsTable>,
  ) => Promise<ChangeOutcome<T>>,
): Promise<T> {
  const reviewId = parseInput(id('The review'), scope.reviewId);
  return recordChange(ctx, scope, async (trx, at, tenantId) =>
    work(trx, at, tenantId, await lockReview(trx, ctx.engine, tenantId, reviewId)),
  );
}
