/**
 * Which inbound activities were already handled. Teams delivers an activity again when the bot's
 * answer is slow or lost; the first delivery to claim its key handles it, every later one (on this
 * instance or another, before or after a restart) is told it is a repeat. Claims expire, so the
 * table stays small; an expired key may be claimed afresh.
 *
 * Not audited: a claim changes no review, person or committee, only whether a delivery is a repeat.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { commitWithoutFlush } from './commit-without-flush';
import { id, parseInput, tenantIdSchema } from './input-schemas';
import { toInstantText } from './portable-values';
import type { StoreContext } from './store-context';

export interface InboundActivityId {
  channelId: string;
  conversationId: string;
  activityId: string;
}

/** Long enough to outlast Teams' retries by far; short enough that the table stays small. */
export const DEFAULT_CLAIM_TTL_MS = 24 * 60 * 60 * 1000;
/** Expired claims are swept at most this often per instance. */
const PURGE_INTERVAL_MS = 60 * 1000;

const ttlSchema = z
  .number()
  .int()
  .min(1_000)
  .max(30 * DEFAULT_CLAIM_TTL_MS);

/** Tenant first: one organisation's activities can never mark another's as repeats. */
export const activityKey = (tenantId: string, a: InboundActivityId): string =>
  createHash('sha256')
    .update(`${tenantId}\u0000${a.channelId}\u0000${a.conversationId}\u0000${a.activityId}`)
    .digest('hex');

export function createInboundActivitiesRepository(ctx: StoreContext) {
  let lastPurge = 0;

  async function purgeExpired(now: Date): Promise<void> {
    if (now.getTime() - lastPurge < PURGE_INTERVAL_MS) return;
    lastPurge = now.getTime();
    await ctx.db.deleteFrom('inbound_activities').where('expires_at', '<=', toInstantText(now)).execute();
  }

  return {
    /**
     * True for the first delivery of an activity (it is now claimed), false for a repeat of one
     * claimed less than `ttlMs` ago.
     */
    async claim(tenantId: string, activity: InboundActivityId, ttlMs = DEFAULT_CLAIM_TTL_MS): Promise<boolean> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      parseInput(id('The channel id'), activity.channelId);
      parseInput(id('The conversation id'), activity.conversationId);
      parseInput(id('The activity id'), activity.activityId);
      const ttl = parseInput(ttlSchema, ttlMs, 'ttlMs');
      const now = ctx.now();
      const row = {
        activity_key: activityKey(tenant, activity),
        tenant_id: tenant,
        received_at: toInstantText(now),
        expires_at: toInstantText(new Date(now.getTime() + ttl)),
      };
      // Inserted, or taken over from an expired claim; a live claim leaves nothing to return. Every turn
      // writes one, so it does not wait for the disk: a power cut just after it could at worst let a
      // repeat of a turn that changed nothing through (a turn that changes something flushes it too).
      const claimed = await commitWithoutFlush(ctx, (db) =>
        db
          .insertInto('inbound_activities')
          .values(row)
          .onConflict((oc) =>
            oc
              .column('activity_key')
              .doUpdateSet({ tenant_id: row.tenant_id, received_at: row.received_at, expires_at: row.expires_at })
              .where('inbound_activities.expires_at', '<=', row.received_at),
          )
          .returning('activity_key')
          .executeTakeFirst(),
      );
      await purgeExpired(now);
      return claimed !== undefined;
    },
  };
}

export type InboundActivitiesRepository = ReturnType<typeof createInboundActivitiesRepository>;
