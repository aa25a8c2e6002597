/**
 * The bot framework's `Storage` (botbuilder / teams-ai turn state) in the store's database, so
 * conversation and user state survive restarts and are shared by every instance.
 *
 * Semantics follow botbuilder's MemoryStorage: an item written with its `eTag` is saved only if
 * nobody changed it since it was read; no eTag or `*` overwrites. Items are keyed by the storage
 * key botbuilder builds, which already embeds the channel and the conversation or user id, so it
 * needs no tenant column: a key from one tenant's conversation never names another's.
 */
import { randomUUID } from 'node:crypto';
import { FIELD_LIMITS } from './field-limits';
import { toInstantText } from './portable-values';
import type { StoreContext } from './store-context';
import { ConflictError, InvalidValueError } from './store-errors';

/** Items by storage key; each may carry the `eTag` it was read with. */
export type TurnStateItems = Record<string, { eTag?: string; [field: string]: unknown }>;

/**
 * The shape of botbuilder's `Storage`, in plain types, so the store does not depend on the bot
 * framework; `src/bot/` hands it to teams-ai as its storage.
 */
export interface TurnStateStorage {
  read(keys: string[]): Promise<TurnStateItems>;
  write(changes: TurnStateItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

const MAX_KEY_LENGTH = 1_000;

function checkKeys(keys: string[]): void {
  const bad = keys.find((k) => typeof k !== 'string' || k.length === 0 || k.length > MAX_KEY_LENGTH);
  if (bad !== undefined)
    throw new InvalidValueError('key', `A turn-state key must be text of 1 to ${MAX_KEY_LENGTH} characters.`);
}

export function createTurnStateStorage(ctx: StoreContext): TurnStateStorage {
  return {
    async read(keys: string[]): Promise<TurnStateItems> {
      checkKeys(keys);
      if (keys.length === 0) return {};
      const rows = await ctx.db.selectFrom('turn_state').selectAll().where('storage_key', 'in', keys).execute();
      const items: TurnStateItems = {};
      for (const row of rows) items[row.storage_key] = { ...(JSON.parse(row.value_json) as object), eTag: row.etag };
      return items;
    },

    async write(changes: TurnStateItems): Promise<void> {
      const keys = Object.keys(changes);
      checkKeys(keys);
      if (keys.length === 0) return;
      // All items of one turn land together: a conflict on one leaves the others unchanged too.
      await ctx.db.transaction().execute(async (trx) => {
        const at = toInstantText(ctx.now());
        for (const key of keys) {
          const { eTag, ...value } = changes[key] ?? {};
          const json = JSON.stringify(value);
          if (Buffer.byteLength(json, 'utf8') > FIELD_LIMITS.turnStateBytes) {
            throw new InvalidValueError(
              'turnState',
              `The conversation state for ${key} is larger than ${FIELD_LIMITS.turnStateBytes / 1024} KB and was not saved.`,
            );
          }
          const row = { storage_key: key, etag: randomUUID(), value_json: json, updated_at: at };
          if (eTag === undefined || eTag === '*') {
            await trx
              .insertInto('turn_state')
              .values(row)
              .onConflict((oc) =>
                oc.column('storage_key').doUpdateSet({ etag: row.etag, value_json: json, updated_at: at }),
              )
              .execute();
            continue;
          }
          const updated = await trx
            .updateTable('turn_state')
            .set({ etag: row.etag, value_json: json, updated_at: at })
            .where('storage_key', '=', key)
            .where('etag', '=', eTag)
            .returning('storage_key')
            .executeTakeFirst();
          if (updated) continue;
          // No stored item to compare with (as MemoryStorage): write it, unless someone just did.
          const inserted = await trx
            .insertInto('turn_state')
            .values(row)
            .onConflict((oc) => oc.column('storage_key').doNothing())
            .returning('storage_key')
            .executeTakeFirst();
          if (!inserted) throw new ConflictError(`Storage: error writing "${key}" due to eTag conflict.`);
        }
      });
    },

    async delete(keys: string[]): Promise<void> {
      checkKeys(keys);
      if (keys.length === 0) return;
      await ctx.db.deleteFrom('turn_state').where('storage_key', 'in', keys).execute();
    },
  };
}
