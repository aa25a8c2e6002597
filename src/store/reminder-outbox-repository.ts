/**
 * The reminder outbox and ledger. The timeline engine's intents are stored under their
 * idempotency key (unique per tenant: a second enqueue of the same key inserts nothing, even from
 * two instances at once), with one delivery per recipient that the sender works through.
 *
 * Claims are leases: claiming a due delivery stamps it with a claim token and a lease end written
 * by the database's own clock, so no other sender takes it until the lease runs out (a sender that
 * crashed mid-send is retried then), and instances whose clocks disagree cannot cut a lease short.
 * On PostgreSQL the claim is one statement, a CTE that locks its candidates with FOR UPDATE SKIP
 * LOCKED, so concurrent claims never share a row and none takes more rows than its limit; on
 * SQLite the write lock already serialises claims. Only the holder of the current claim token can
 * record the outcome.
 *
 * Crash safety: the sender calls `markInFlight` just before it writes to Teams. A delivery claimed
 * again while that mark stands was in flight when its sender died, and comes back `uncertain`.
 */
import { sql, type Selectable } from 'kysely';
import type { Audience, ReminderIntent, Role, Severity } from '../domain/model';
import type { OutboxDeliveriesTable, OutboxRemindersTable } from './database-schema';
import {
  type CommitteeMessageInput,
  committeeMessageSchema,
  deliveryErrorSchema,
  id,
  instant,
  parseInput,
  reminderIntentSchema,
  tenantIdSchema,
  text,
} from './input-schemas';
import { newId, toInstantText } from './portable-values';
import { commitWithoutFlush } from './commit-without-flush';
import { recordChange } from './record-change';
import { requirePeople, requireReview } from './scoped-lookups';
import type { Engine } from './engine';
import type { Executor, StoreContext } from './store-context';
import { ConflictError, InvalidValueError, TenantMismatchError } from './store-errors';

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'unreachable', 'superseded'] as const;
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
  /** The conversation it was (or is being) sent to, and Teams' id for the message once sent. */
  conversationId: string | null;
  activityId: string | null;
  /** How many times it was sent again after an attempt whose outcome was not known. */
  uncertainSends: number;
}

/** What an outbox message is about: one review's item, or (for the weekly digest) the committee. */
export type OutboxSubject = ReminderIntent['subject'] | { type: 'committee'; id: string };

export interface OutboxReminder {
  id: string;
  tenantId: string;
  key: string;
  /** Null for a message about the whole committee (the weekly digest). */
  reviewId: string | null;
  rule: string;
  subject: OutboxSubject;
  occasion: string;
  dueAt: Date;
  severity: Severity;
  facts: ReminderIntent['facts'];
  createdAt: Date;
}

export interface ReminderWithDeliveries extends OutboxReminder {
  deliveries: OutboxDelivery[];
}

export interface DueDelivery extends OutboxDelivery {
  reminder: OutboxReminder;
}

export interface ClaimedDelivery extends DueDelivery {
  /** Pass back to markSent / markFailed / markUnreachable; it proves this sender still holds the lease. */
  claimToken: string;
  /** When the lease ends, by the database's clock. */
  leaseUntil: Date;
  /**
   * The previous attempt had started its call to Teams and never recorded an outcome (its sender
   * died or lost its lease): the message may or may not have arrived.
   */
  uncertain: boolean;
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
  conversationId: row.conversation_id,
  activityId: row.activity_id,
  uncertainSends: Number(row.uncertain_sends),
});

const toReminder = (row: Selectable<OutboxRemindersTable>): OutboxReminder => ({
  id: row.id,
  tenantId: row.tenant_id,
  key: row.idempotency_key,
  reviewId: row.review_id,
  rule: row.rule,
  subject: { type: row.subject_type as OutboxSubject['type'], id: row.subject_id },
  occasion: row.occasion,
  dueAt: new Date(row.due_at),
  severity: row.severity as Severity,
  facts: JSON.parse(row.facts_json) as ReminderIntent['facts'],
  createdAt: new Date(row.created_at),
});

/**
 * The database's clock as instant text, optionally `plusMs` ahead: leases are written and compared
 * by this one clock, whatever the clocks of the instances say.
 */
function databaseClock(engine: Engine, plusMs = 0) {
  if (engine === 'postgres') {
    return sql<string>`to_char((clock_timestamp() + make_interval(secs => ${plusMs / 1000}::double precision)) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  }
  return sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`+${plusMs / 1000} seconds`})`;
}

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

/** Keys looked up per statement: both engines take far more parameters; this keeps plans stable. */
const KEYS_PER_QUERY = 500;

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
        .set({
          ...set(toInstantText(at)),
          claimed_by: null,
          lease_expires_at: null,
          send_started_at: null,
          updated_at: toInstantText(at),
        })
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
              after: {
                status: delivery.status,
                attempts: delivery.attempts,
                recipient: delivery.recipient,
                ...(delivery.status === 'sent' ? {} : { reason: delivery.lastError }),
              },
            }
          : null,
      };
    });
  }

  /** Inserts a message and one delivery per recipient, unless its key is queued already. */
  function queue(
    tenantId: string,
    r: Omit<ReminderIntent, 'reviewId' | 'subject'> & { reviewId: string | null; subject: OutboxSubject },
  ): Promise<{ created: boolean; reminderId: string }> {
    return recordChange<{ created: boolean; reminderId: string }>(
      ctx,
      { tenantId, actor: 'system' },
      async (trx, at, tenant) => {
        // No review lock: the unique key is what makes a concurrent second enqueue a no-op.
        if (r.reviewId !== null) await requireReview(trx, tenant, r.reviewId);
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
  }

  return {
    /**
     * Queues a reminder under its key. `created: false` means it was queued before (by this or
     * another instance) and nothing was written.
     */
    async enqueue(tenantId: string, intent: ReminderIntent): Promise<{ created: boolean; reminderId: string }> {
      const r = parseInput(reminderIntentSchema, intent);
      if (r.tenantId !== tenantId) throw new TenantMismatchError();
      return queue(tenantId, { ...r, reviewId: r.reviewId, subject: r.subject });
    },

    /**
     * Queues a message about the whole committee (the weekly digest) under its key, to named
     * people; like `enqueue`, a key queued before writes nothing.
     */
    async enqueueForCommittee(
      tenantId: string,
      message: CommitteeMessageInput,
    ): Promise<{ created: boolean; reminderId: string }> {
      const m = parseInput(committeeMessageSchema, message);
      if (m.tenantId !== tenantId) throw new TenantMismatchError();
      return queue(tenantId, { ...m, reviewId: null, subject: { type: 'committee', id: m.tenantId } });
    },

    /**
     * Which of these keys are queued already: a sweep asks once for all it found, and enqueues only
     * the rest, instead of a transaction per key for what it said days ago.
     */
    async queuedKeys(tenantId: string, keys: readonly string[]): Promise<string[]> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const wanted = [...new Set(keys.map((key) => parseInput(text('The reminder key', 300), key)))];
      const queued = new Set<string>();
      for (let i = 0; i < wanted.length; i += KEYS_PER_QUERY) {
        const rows = await ctx.db
          .selectFrom('outbox_reminders')
          .select('idempotency_key')
          .where('tenant_id', '=', tenant)
          .where('idempotency_key', 'in', wanted.slice(i, i + KEYS_PER_QUERY))
          .execute();
        for (const row of rows) queued.add(row.idempotency_key);
      }
      return [...queued].sort();
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
     * Every reminder queued for a review, oldest due first, with each recipient's delivery: what
     * went to whom and when, and what could not be delivered and why (the lead officer's view).
     */
    async listForReview(tenantId: string, reviewId: string): Promise<ReminderWithDeliveries[]> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const rid = parseInput(id('The review'), reviewId);
      const reminders = await ctx.db
        .selectFrom('outbox_reminders')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where('review_id', '=', rid)
        .orderBy('due_at')
        .orderBy('id')
        .execute();
      if (reminders.length === 0) return [];
      const deliveries = await ctx.db
        .selectFrom('outbox_deliveries')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where(
          'reminder_id',
          'in',
          reminders.map((r) => r.id),
        )
        .orderBy('recipient_key')
        .execute();
      return reminders.map((r) => ({
        ...toReminder(r),
        deliveries: deliveries.filter((d) => d.reminder_id === r.id).map(toDelivery),
      }));
    },

    /**
     * Pending deliveries whose next attempt is due and that no sender holds, soonest first, across
     * all tenants: the sender's view, served by the (status, next_attempt_at) index. Each row
     * carries its tenant.
     */
    async due(now: Date, limit: number): Promise<DueDelivery[]> {
      const at = toInstantText(parseInput(instant('Now'), now));
      const n = limitSchema(1_000)(limit);
      return deliveriesWithReminders(ctx.db, (q) =>
        q
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', at)
          .where((eb) =>
            eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', databaseClock(ctx.engine))]),
          )
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(n),
      );
    },

    /**
     * Claims up to `limit` due deliveries for this sender; safe with several instances. A delivery
     * is due when its next attempt has come (by `now`) and nobody holds a lease on it (by the
     * database's clock).
     */
    async claimDue(options: ClaimOptions): Promise<ClaimedDelivery[]> {
      const at = toInstantText(parseInput(instant('Now'), options.now));
      const n = limitSchema(1_000)(options.limit);
      if (!(options.leaseMs > 0)) throw new InvalidValueError('leaseMs', 'The lease must be longer than zero.');
      const claimToken = `${parseInput(text('The worker id', 100), options.workerId)}:${newId()}`;
      // One statement: the candidates are chosen and locked once (a materialised CTE), so the
      // update can never take more rows than the limit, and rows another claim holds are skipped.
      const claimed = await ctx.db
        .with(
          (cte) => cte('candidates').materialized(),
          (db) =>
            db
              .selectFrom('outbox_deliveries')
              .select('id')
              .where('status', '=', 'pending')
              .where('next_attempt_at', '<=', at)
              .where((eb) =>
                eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', databaseClock(ctx.engine))]),
              )
              .orderBy('next_attempt_at')
              .orderBy('id')
              .limit(n)
              .$if(ctx.engine === 'postgres', (q) => q.forUpdate().skipLocked()),
        )
        .updateTable('outbox_deliveries')
        .set({
          claimed_by: claimToken,
          lease_expires_at: databaseClock(ctx.engine, options.leaseMs),
          attempts: sql<number>`attempts + 1`,
          last_attempt_at: at,
          updated_at: at,
        })
        .where('id', 'in', (eb) => eb.selectFrom('candidates').select('candidates.id'))
        .returning(['id', 'lease_expires_at', 'send_started_at'])
        .execute();
      if (claimed.length === 0) return [];
      const byId = new Map(claimed.map((c) => [c.id, c]));
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
      return rows.map((row) => {
        const claim = byId.get(row.id)!;
        return {
          ...row,
          claimToken,
          leaseUntil: new Date(claim.lease_expires_at!),
          uncertain: claim.send_started_at !== null,
        };
      });
    },

    /**
     * Records, before the call to Teams, that this delivery is about to be sent to a conversation.
     * Refused (ConflictError) when the lease has run out by the database's clock or another sender
     * holds it, so a sender that stalled past its lease never sends beside the one that took over.
     */
    async markInFlight(
      tenantId: string,
      deliveryId: string,
      claimToken: string,
      conversationId: string,
    ): Promise<void> {
      const did = parseInput(deliveryIdSchema, deliveryId);
      const token = parseInput(claimTokenSchema, claimToken);
      const conversation = parseInput(text('The conversation id', 1_000), conversationId);
      // Written for every send, so it does not wait for the disk (commit-without-flush.ts): the mark
      // survives the sender's process dying, which is what it is for; only a power cut in that moment
      // could lose it, and then the message is still sent again, just not counted as uncertain.
      await commitWithoutFlush(ctx, (db) =>
        recordChange({ ...ctx, db }, { tenantId, actor: 'system' }, async (trx, at, tenant) => {
          const row = await trx
            .updateTable('outbox_deliveries')
            .set({
              send_started_at: toInstantText(at),
              conversation_id: conversation,
              uncertain_sends: sql<number>`uncertain_sends + (case when send_started_at is null then 0 else 1 end)`,
              updated_at: toInstantText(at),
            })
            .where('tenant_id', '=', tenant)
            .where('id', '=', did)
            .where('claimed_by', '=', token)
            .where('status', '=', 'pending')
            .where('lease_expires_at', '>', databaseClock(ctx.engine))
            .returning('id')
            .executeTakeFirst();
          if (!row) {
            throw new ConflictError(
              'This reminder delivery is no longer held by this sender (its lease ran out or another sender took it), so it was not sent.',
            );
          }
          return { result: undefined, audit: null };
        }),
      );
    },

    /** Sent: Teams accepted the message (its activity id, when Teams gave one). */
    async markSent(
      tenantId: string,
      deliveryId: string,
      claimToken: string,
      outcome: { activityId?: string | null } = {},
    ): Promise<OutboxDelivery> {
      const activityId = outcome.activityId ? parseInput(text('The activity id', 1_000), outcome.activityId) : null;
      return settle(tenantId, deliveryId, claimToken, 'reminder.sent', (at) => ({
        status: 'sent',
        sent_at: at,
        last_error: null,
        activity_id: activityId,
      }));
    },

    /** Not sent because what it was about no longer holds (see the domain's reminderCurrency). */
    async markSuperseded(
      tenantId: string,
      deliveryId: string,
      claimToken: string,
      reason: string,
    ): Promise<OutboxDelivery> {
      const why = parseInput(deliveryErrorSchema, reason);
      return settle(tenantId, deliveryId, claimToken, 'reminder.superseded', () => ({
        status: 'superseded',
        last_error: why,
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
