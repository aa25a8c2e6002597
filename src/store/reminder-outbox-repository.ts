/**
 * The reminder outbox and ledger. The timeline engine's intents are stored under their
 * idempotency key (unique per tenant: a second enqueue of the same key inserts nothing, even from
 * two instances at once), with one delivery per recipient that the sender works through.
 *
 * Claims are leases: claiming a due delivery stamps it with a claim token and moves its next
 * attempt to the end of the lease, so no other sender sees it as due until the lease runs out
 * (a sender that crashed mid-send is retried then). On PostgreSQL the claim skips rows another
 * instance is claiming at that moment (FOR UPDATE SKIP LOCKED); on SQLite the write lock already
 * serialises claims. Only the holder of the current claim token can record the outcome.
 */
import { sql, type Selectable } from 'kysely';
import type { Audience, ReminderIntent, Role, Severity } from '../domain/model';
import type { OutboxDeliveriesTable, OutboxRemindersTable } from './database-schema';
import {
  deliveryErrorSchema,
  id,
  instant,
  parseInput,
  reminderIntentSchema,
  tenantIdSchema,
  text,
} from './input-schemas';
import { newId, toInstantText } from './portable-values';
import { recordChange } from './record-change';
import { requirePeople, requireReview } from './scoped-lookups';
import type { Executor, StoreContext } from './store-context';
import { ConflictError, InvalidValueError, TenantMismatchError } from './store-errors';

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'unreachable'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface OutboxDelivery {
  id: string;
  tenantId: string;
  reminderId: string;
  recipient: Audience;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

export interface OutboxReminder {
  id: string;
  tenantId: string;
  key: string;
  reviewId: string;
  rule: string;
  subject: ReminderIntent['subject'];
  occasion: string;
  dueAt: Date;
  severity: Severity;
  facts: ReminderIntent['facts'];
  createdAt: Date;
}

export interface DueDelivery extends OutboxDelivery {
  reminder: OutboxReminder;
}

export interface ClaimedDelivery extends DueDelivery {
  /** Pass back to markSent / markFailed / markUnreachable; it proves this sender still holds the lease. */
  claimToken: string;
  leaseUntil: Date;
}

export interface ClaimOptions {
  now: Date;
  limit: number;
  /** Names the instance in the claim token, for diagnosis. */
  workerId: string;
  /** How long a claim is exclusive; after it the delivery is due again. */
  leaseMs: number;
}

const toDelivery = (row: Selectable<OutboxDeliveriesTable>): OutboxDelivery => ({
  id: row.id,
  tenantId: row.tenant_id,
  reminderId: row.reminder_id,
  recipient: { role: row.recipient_role as Role, personId: row.recipient_person_id },
  status: row.status as DeliveryStatus,
  attempts: Number(row.attempts),
  nextAttemptAt: new Date(row.next_attempt_at),
  lastAttemptAt: row.last_attempt_at === null ? null : new Date(row.last_attempt_at),
  lastError: row.last_error,
  sentAt: row.sent_at === null ? null : new Date(row.sent_at),
});

const toReminder = (row: Selectable<OutboxRemindersTable>): OutboxReminder => ({
  id: row.id,
  tenantId: row.tenant_id,
  key: row.idempotency_key,
  reviewId: row.review_id,
  rule: row.rule,
  subject: { type: row.subject_type as ReminderIntent['subject']['type'], id: row.subject_id },
  occasion: row.occasion,
  dueAt: new Date(row.due_at),
  severity: row.severity as Severity,
  facts: JSON.parse(row.facts_json) as ReminderIntent['facts'],
  createdAt: new Date(row.created_at),
});

const recipientKey = (a: Audience) => a.personId ?? `role:${a.role}`;
const deliveryIdSchema = id('The delivery');
const claimTokenSchema = id('The claim token');
const limitSchema = (max: number) => (value: number) => {
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new InvalidValueError('limit', `The limit must be a whole number from 1 to ${max}.`);
  return value;
};

/** Deliveries with their reminder, in due order. */
async function deliveriesWithReminders(
  db: Executor,
  where: (q: ReturnType<typeof baseQuery>) => ReturnType<typeof baseQuery>,
): Promise<DueDelivery[]> {
  const rows = await where(baseQuery(db)).execute();
  const reminderIds = [...new Set(rows.map((r) => r.reminder_id))];
  const reminders =
    reminderIds.length === 0
      ? []
      : await db.selectFrom('outbox_reminders').selectAll().where('id', 'in', reminderIds).execute();
  const byId = new Map(reminders.map((r) => [r.id, toReminder(r)]));
  return rows.map((row) => ({ ...toDelivery(row), reminder: byId.get(row.reminder_id)! }));
}

function baseQuery(db: Executor) {
  return db.selectFrom('outbox_deliveries').selectAll();
}

export function createReminderOutboxRepository(ctx: StoreContext) {
  /** Records the outcome of a claimed delivery, if the claim is still this sender's. */
  function settle(
    tenantId: string,
    deliveryId: string,
    claimToken: string,
    action: string,
    set: (at: string) => Partial<Selectable<OutboxDeliveriesTable>>,
  ): Promise<OutboxDelivery> {
    const did = parseInput(deliveryIdSchema, deliveryId);
    const token = parseInput(claimTokenSchema, claimToken);
    return recordChange(ctx, { tenantId, actor: 'system' }, async (trx, at, tenant) => {
      const row = await trx
        .updateTable('outbox_deliveries')
        .set({ ...set(toInstantText(at)), claimed_by: null, updated_at: toInstantText(at) })
        .where('tenant_id', '=', tenant)
        .where('id', '=', did)
        .where('claimed_by', '=', token)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        throw new ConflictError(
          'This reminder delivery is no longer held by this sender (its lease ran out and another sender took it, or it was already settled), so its outcome was not recorded.',
        );
      }
      const delivery = toDelivery(row);
      // Retries are bookkeeping; only final outcomes go into the audit trail.
      const final = delivery.status !== 'pending';
      const reviewId = final
        ? (
            await trx
              .selectFrom('outbox_reminders')
              .select('review_id')
              .where('id', '=', row.reminder_id)
              .executeTakeFirstOrThrow()
          ).review_id
        : null;
      return {
        result: delivery,
        audit: final
          ? {
              action,
              entityType: 'outbox_delivery',
              entityId: did,
              reviewId,
              before: null,
              after: { status: delivery.status, attempts: delivery.attempts, recipient: delivery.recipient },
            }
          : null,
      };
    });
  }

  return {
    /**
     * Queues a reminder under its key. `created: false` means it was queued before (by this or
     * another instance) and nothing was written.
     */
    async enqueue(tenantId: string, intent: ReminderIntent): Promise<{ created: boolean; reminderId: string }> {
      const r = parseInput(reminderIntentSchema, intent);
      if (r.tenantId !== tenantId) throw new TenantMismatchError();
      return recordChange<{ created: boolean; reminderId: string }>(
        ctx,
        { tenantId, actor: 'system' },
        async (trx, at, tenant) => {
          // No review lock: the unique key is what makes a concurrent second enqueue a no-op.
          await requireReview(trx, tenant, r.reviewId);
          await requirePeople(
            trx,
            tenant,
            r.audience.map((a) => a.personId),
          );
          const reminderId = newId();
          const inserted = await trx
            .insertInto('outbox_reminders')
            .values({
              id: reminderId,
              tenant_id: tenant,
              idempotency_key: r.key,
              review_id: r.reviewId,
              rule: r.rule,
              subject_type: r.subject.type,
              subject_id: r.subject.id,
              occasion: r.occasion,
              due_at: toInstantText(r.dueAt),
              severity: r.severity,
              facts_json: JSON.stringify(r.facts),
              created_at: toInstantText(at),
            })
            .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
            .returning('id')
            .executeTakeFirst();
          if (!inserted) {
            const existing = await trx
              .selectFrom('outbox_reminders')
              .select('id')
              .where('tenant_id', '=', tenant)
              .where('idempotency_key', '=', r.key)
              .executeTakeFirstOrThrow();
            return { result: { created: false, reminderId: existing.id }, audit: null };
          }
          const recipients = [...new Map(r.audience.map((a) => [recipientKey(a), a])).values()];
          await trx
            .insertInto('outbox_deliveries')
            .values(
              recipients.map((a) => ({
                id: newId(),
                tenant_id: tenant,
                reminder_id: reminderId,
                recipient_key: recipientKey(a),
                recipient_role: a.role,
                recipient_person_id: a.personId,
                status: 'pending',
                attempts: 0,
                next_attempt_at: toInstantText(r.dueAt),
                last_attempt_at: null,
                last_error: null,
                claimed_by: null,
                sent_at: null,
                created_at: toInstantText(at),
                updated_at: toInstantText(at),
              })),
            )
            .execute();
          return {
            result: { created: true, reminderId },
            audit: {
              action: 'reminder.queued',
              entityType: 'outbox_reminder',
              entityId: reminderId,
              reviewId: r.reviewId,
              before: null,
              after: { key: r.key, rule: r.rule, occasion: r.occasion, dueAt: r.dueAt, recipients: recipients.length },
            },
          };
        },
      );
    },

    /** The reminder stored under a key, with its deliveries; null if none. */
    async get(tenantId: string, key: string): Promise<(OutboxReminder & { deliveries: OutboxDelivery[] }) | null> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const row = await ctx.db
        .selectFrom('outbox_reminders')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where('idempotency_key', '=', parseInput(text('The reminder key', 300), key))
        .executeTakeFirst();
      if (!row) return null;
      const deliveries = await ctx.db
        .selectFrom('outbox_deliveries')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where('reminder_id', '=', row.id)
        .orderBy('recipient_key')
        .execute();
      return { ...toReminder(row), deliveries: deliveries.map(toDelivery) };
    },

    /**
     * Pending deliveries whose next attempt is due, soonest first, across all tenants: the
     * sender's view, served by the (status, next_attempt_at) index. Each row carries its tenant.
     */
    async due(now: Date, limit: number): Promise<DueDelivery[]> {
      const at = toInstantText(parseInput(instant('Now'), now));
      const n = limitSchema(1_000)(limit);
      return deliveriesWithReminders(ctx.db, (q) =>
        q
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', at)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(n),
      );
    },

    /** Claims up to `limit` due deliveries for this sender; safe with several instances. */
    async claimDue(options: ClaimOptions): Promise<ClaimedDelivery[]> {
      const at = toInstantText(parseInput(instant('Now'), options.now));
      const n = limitSchema(1_000)(options.limit);
      if (!(options.leaseMs > 0)) throw new InvalidValueError('leaseMs', 'The lease must be longer than zero.');
      const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
      const claimToken = `${parseInput(text('The worker id', 100), options.workerId)}:${newId()}`;
      const candidates = ctx.db
        .selectFrom('outbox_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .orderBy('next_attempt_at')
        .limit(n)
        .$if(ctx.engine === 'postgres', (q) => q.forUpdate().skipLocked());
      const claimed = await ctx.db
        .updateTable('outbox_deliveries')
        .set({
          claimed_by: claimToken,
          next_attempt_at: toInstantText(leaseUntil),
          attempts: sql<number>`attempts + 1`,
          last_attempt_at: at,
          updated_at: at,
        })
        .where('id', 'in', candidates)
        .returning('id')
        .execute();
      if (claimed.length === 0) return [];
      const rows = await deliveriesWithReminders(ctx.db, (q) =>
        q
          .where(
            'id',
            'in',
            claimed.map((c) => c.id),
          )
          .where('claimed_by', '=', claimToken)
          .orderBy('next_attempt_at')
          .orderBy('id'),
      );
      return rows.map((row) => ({ ...row, claimToken, leaseUntil }));
    },

    async markSent(tenantId: string, deliveryId: string, claimToken: string): Promise<OutboxDelivery> {
      return settle(tenantId, deliveryId, claimToken, 'reminder.sent', (at) => ({
        status: 'sent',
        sent_at: at,
        last_error: null,
      }));
    },

    /** A failed attempt: retried at `retryAt`, or given up when `retryAt` is null. */
    async markFailed(
      tenantId: string,
      deliveryId: string,
      claimToken: string,
      outcome: { error: string; retryAt: Date | null },
    ): Promise<OutboxDelivery> {
      const error = parseInput(deliveryErrorSchema, outcome.error);
      const retryAt =
        outcome.retryAt === null ? null : toInstantText(parseInput(instant('The retry time'), outcome.retryAt));
      return settle(tenantId, deliveryId, claimToken, 'reminder.failed', () =>
        retryAt === null
          ? { status: 'failed', last_error: error }
          : { status: 'pending', next_attempt_at: retryAt, last_error: error },
      );
    },

    /** Nobody to send to: no conversation with the person, or the app was removed. */
    async markUnreachable(
      tenantId: string,
      deliveryId: string,
      claimToken: string,
      reason: string,
    ): Promise<OutboxDelivery> {
      const error = parseInput(deliveryErrorSchema, reason);
      return settle(tenantId, deliveryId, claimToken, 'reminder.unreachable', () => ({
        status: 'unreachable',
        last_error: error,
      }));
    },
  };
}

export type ReminderOutboxRepository = ReturnType<typeof createReminderOutboxRepository>;
