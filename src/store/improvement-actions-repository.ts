/** The improvement action plan (001 §9): one line per action, monitored quarterly by the Sub-group. */
import type { ImprovementAction, LocalDate } from '../domain/model';
import { withheld } from './audit-log';
import {
  type ImprovementActionInput,
  type ImprovementActionUpdate,
  id,
  improvementActionSchema,
  improvementActionUpdateSchema,
  localDate,
  parseInput,
  tenantIdSchema,
} from './input-schemas';
import { refuseFuture } from './date-checks';
import { atMost, newId, toInstantText, toNullableInstantText } from './portable-values';
import { recordChange, recordReviewChange } from './record-change';
import { refuseIfEnded, refuseIfEndedById } from './refuse-ended-review';
import { toImprovementAction } from './row-mappers';
import { requirePeople, requireRow } from './scoped-lookups';
import type { Executor, StoreContext } from './store-context';

export interface ReviewImprovementAction extends ImprovementAction {
  reviewId: string;
}

const actionIdSchema = id('The action');
const forAudit = (a: ImprovementAction) => ({
  ...a,
  description: withheld(a.description),
  droppedReason: withheld(a.droppedReason),
});

async function loadAction(db: Executor, tenantId: string, actionId: string): Promise<ReviewImprovementAction> {
  const row = await requireRow(db, 'improvement_actions', tenantId, actionId, 'improvement action');
  return { ...toImprovementAction(row), reviewId: row.review_id };
}

export function createImprovementActionsRepository(ctx: StoreContext) {
  return {
    async add(
      tenantId: string,
      actor: string,
      reviewId: string,
      input: ImprovementActionInput,
    ): Promise<ReviewImprovementAction> {
      const a = parseInput(improvementActionSchema, input);
      return recordReviewChange(ctx, { tenantId, actor, reviewId }, async (trx, at, tenant, review) => {
        refuseIfEnded(review, 'improvement_action');
        refuseFuture(at, 'agreedAt', 'The date it was agreed', a.agreedAt);
        await requirePeople(trx, tenant, [a.ownerPersonId]);
        const actionId = newId();
        await trx
          .insertInto('improvement_actions')
          .values({
            id: actionId,
            tenant_id: tenant,
            review_id: review.id,
            description: a.description,
            owner_person_id: a.ownerPersonId,
            agreed_at: toInstantText(a.agreedAt),
            due_on: a.dueOn,
            due_on_set_at: a.dueOn === null ? null : toInstantText(at),
            status: 'open',
            completed_at: null,
            dropped_reason: null,
            created_at: toInstantText(at),
            updated_at: toInstantText(at),
          })
          .execute();
        const created = await loadAction(trx, tenant, actionId);
        return {
          result: created,
          audit: {
            action: 'action.added',
            entityType: 'improvement_action',
            entityId: actionId,
            reviewId: review.id,
            before: null,
            after: forAudit(created),
            happenedAt: a.agreedAt,
          },
        };
      });
    },

    /**
     * Status, target date or owner. Marking it done without a date uses the clock. Dropping it
     * needs a reason, kept with it for the Sub-group (001 §9); the audit records that one was given.
     * The plan of a closed or cancelled review is left as it ended until the review is reopened.
     */
    async update(
      tenantId: string,
      actor: string,
      actionId: string,
      input: ImprovementActionUpdate,
    ): Promise<ReviewImprovementAction> {
      const aid = parseInput(actionIdSchema, actionId);
      const u = parseInput(improvementActionUpdateSchema, input);
      return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
        const before = await loadAction(trx, tenant, aid);
        await refuseIfEndedById(trx, ctx.engine, tenant, before.reviewId, 'improvement_action');
        await requirePeople(trx, tenant, [u.ownerPersonId]);
        const status = u.status ?? before.status;
        const completedAt = status === 'done' ? (u.completedAt ?? before.completedAt ?? at) : null;
        refuseFuture(at, 'completedAt', 'The completion date', completedAt);
        const dueOnSetAt =
          u.dueOn === undefined || u.dueOn === before.dueOn ? undefined : u.dueOn === null ? null : toInstantText(at);
        await trx
          .updateTable('improvement_actions')
          .set({
            status,
            completed_at: toNullableInstantText(completedAt),
            dropped_reason: status === 'dropped' ? (u.reason ?? before.droppedReason ?? null) : null,
            ...(u.dueOn === undefined ? {} : { due_on: u.dueOn }),
            ...(dueOnSetAt === undefined ? {} : { due_on_set_at: dueOnSetAt }),
            ...(u.ownerPersonId === undefined ? {} : { owner_person_id: u.ownerPersonId }),
            updated_at: toInstantText(at),
          })
          .where('tenant_id', '=', tenant)
          .where('id', '=', aid)
          .execute();
        const after = await loadAction(trx, tenant, aid);
        return {
          result: after,
          audit: {
            action: 'action.updated',
            entityType: 'improvement_action',
            entityId: aid,
            reviewId: after.reviewId,
            before: forAudit(before),
            after: forAudit(after),
          },
        };
      });
    },

    async get(tenantId: string, actionId: string): Promise<ReviewImprovementAction> {
      return loadAction(ctx.db, parseInput(tenantIdSchema, tenantId), parseInput(actionIdSchema, actionId));
    },

    /** Open actions, earliest target first; with `dueBefore`, only those due before that date. */
    async listOpen(tenantId: string, options: { dueBefore?: LocalDate } = {}): Promise<ReviewImprovementAction[]> {
      const dueBefore =
        options.dueBefore === undefined ? undefined : parseInput(localDate('The date'), options.dueBefore);
      const rows = await ctx.db
        .selectFrom('improvement_actions')
        .selectAll()
        .where('tenant_id', '=', parseInput(tenantIdSchema, tenantId))
        .where('status', '=', 'open')
        .$if(dueBefore !== undefined, (q) => q.where('due_on', '<', dueBefore!))
        .orderBy('due_on')
        .orderBy('id')
        .limit(atMost(1_000))
        .execute();
      return rows.map((row) => ({ ...toImprovementAction(row), reviewId: row.review_id }));
    },
  };
}

export type ImprovementActionsRepository = ReturnType<typeof createImprovementActionsRepository>;
