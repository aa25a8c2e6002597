/**
 * Where the bot can reach a person: the botbuilder ConversationReference of each conversation
 * with them, kept per (tenant, person, conversation) for proactive reminders.
 */
import { conversationReferenceSchema, id, parseInput, tenantIdSchema } from './input-schemas';
import { atMost, toInstantText } from './portable-values';
import { recordChange } from './record-change';
import { requirePeople } from './scoped-lookups';
import type { Executor, StoreContext } from './store-context';
import { TenantMismatchError } from './store-errors';

/**
 * What the bot needs to write to a conversation later: botbuilder's `ConversationReference`, kept
 * as plain JSON so the store does not depend on the bot framework (`src/bot/` converts it).
 */
export interface StoredConversationReference {
  conversation: { id: string; tenantId?: string; conversationType?: string; [field: string]: unknown };
  serviceUrl?: string;
  channelId?: string;
  bot?: { id: string; name?: string; [field: string]: unknown };
  user?: { id: string; name?: string; aadObjectId?: string; [field: string]: unknown };
  activityId?: string;
  locale?: string;
  [field: string]: unknown;
}

const personIdSchema = id('The person');
const conversationIdSchema = id('The conversation id');

export function createConversationReferencesRepository(ctx: StoreContext) {
  /** The reference as stored, as JSON; null when none is. */
  async function storedJson(
    db: Executor,
    tenantId: string,
    personId: string,
    conversationId: string,
  ): Promise<string | null> {
    const row = await db
      .selectFrom('conversation_references')
      .select('reference_json')
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    return row?.reference_json ?? null;
  }

  return {
    /**
     * Inserts or refreshes the reference; false when it was already stored unchanged, which is the
     * common case on every turn and writes nothing.
     */
    async save(
      tenantId: string,
      actor: string,
      personId: string,
      reference: StoredConversationReference,
    ): Promise<boolean> {
      const pid = parseInput(personIdSchema, personId);
      const ref = parseInput(conversationReferenceSchema, reference);
      const claimed = ref.conversation.tenantId;
      if (claimed !== undefined && claimed !== '' && claimed !== tenantId) throw new TenantMismatchError();
      const json = JSON.stringify(ref);
      const conversationId = ref.conversation.id;
      // Read first, outside a transaction: unchanged is the common case, and it takes no write lock.
      if ((await storedJson(ctx.db, parseInput(tenantIdSchema, tenantId), pid, conversationId)) === json) return false;
      return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
        await requirePeople(trx, tenant, [pid]);
        // Again inside: another turn may have saved it in between.
        const existing = await storedJson(trx, tenant, pid, conversationId);
        if (existing === json) return { result: false, audit: null };
        const now = toInstantText(at);
        await trx
          .insertInto('conversation_references')
          .values({
            tenant_id: tenant,
            person_id: pid,
            conversation_id: conversationId,
            reference_json: json,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc
              .columns(['tenant_id', 'person_id', 'conversation_id'])
              .doUpdateSet({ reference_json: json, updated_at: now }),
          )
          .execute();
        const summary = {
          personId: pid,
          conversationId,
          conversationType:
            typeof ref.conversation.conversationType === 'string' ? ref.conversation.conversationType : null,
        };
        return {
          result: true,
          audit: {
            action: existing ? 'conversation_reference.updated' : 'conversation_reference.saved',
            entityType: 'conversation_reference',
            entityId: conversationId,
            reviewId: null,
            before: existing ? summary : null,
            after: summary,
          },
        };
      });
    },

    /** Most recently used first. */
    async listForPerson(tenantId: string, personId: string): Promise<StoredConversationReference[]> {
      const rows = await ctx.db
        .selectFrom('conversation_references')
        .select('reference_json')
        .where('tenant_id', '=', parseInput(tenantIdSchema, tenantId))
        .where('person_id', '=', parseInput(personIdSchema, personId))
        .orderBy('updated_at', 'desc')
        .execute();
      return rows.map((r) => JSON.parse(r.reference_json) as StoredConversationReference);
    },

    async get(tenantId: string, personId: string, conversationId: string): Promise<StoredConversationReference | null> {
      const json = await storedJson(
        ctx.db,
        parseInput(tenantIdSchema, tenantId),
        parseInput(personIdSchema, personId),
        parseInput(conversationIdSchema, conversationId),
      );
      return json === null ? null : (JSON.parse(json) as StoredConversationReference);
    },

    /**
     * The Bot Connector address Teams last used in this tenant (it differs by region), for opening
     * a personal chat with someone the bot has not talked to yet; null when none is stored.
     */
    async latestServiceUrl(tenantId: string): Promise<string | null> {
      const rows = await ctx.db
        .selectFrom('conversation_references')
        .select('reference_json')
        .where('tenant_id', '=', parseInput(tenantIdSchema, tenantId))
        .orderBy('updated_at', 'desc')
        .limit(atMost(20))
        .execute();
      for (const row of rows) {
        const ref = JSON.parse(row.reference_json) as StoredConversationReference;
        if (typeof ref.serviceUrl === 'string' && ref.serviceUrl !== '') return ref.serviceUrl;
      }
      return null;
    },

    /** Forgets a conversation the bot can no longer reach (app removed, 403/404 from Teams). */
    async remove(tenantId: string, actor: string, personId: string, conversationId: string): Promise<boolean> {
      const pid = parseInput(personIdSchema, personId);
      const cid = parseInput(conversationIdSchema, conversationId);
      return recordChange(ctx, { tenantId, actor }, async (trx, _at, tenant) => {
        const removed = await trx
          .deleteFrom('conversation_references')
          .where('tenant_id', '=', tenant)
          .where('person_id', '=', pid)
          .where('conversation_id', '=', cid)
          .returning('conversation_id')
          .executeTakeFirst();
        if (!removed) return { result: false, audit: null };
        return {
          result: true,
          audit: {
            action: 'conversation_reference.removed',
            entityType: 'conversation_reference',
            entityId: cid,
            reviewId: null,
            before: { personId: pid, conversationId: cid },
            after: null,
          },
        };
      });
    },
  };
}

export type ConversationReferencesRepository = ReturnType<typeof createConversationReferencesRepository>;
