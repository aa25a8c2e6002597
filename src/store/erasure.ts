/**
 * Erasure of a person (UK GDPR art. 17): their name and contact details are replaced everywhere
 * the bot holds them by "Former member N", their conversation references and the bot's memory of
 * their chats are removed, and reminders still waiting for them are stopped. Their row stays, by
 * id, so the audit trail and the reviews' records (who held which role, who answered, who sent a
 * report) stay complete, now naming "Former member N".
 *
 * An erased person stays erased: the ids they wrote from are gone from the people table, kept only
 * as SHA-256 hashes, so a later message from them is recognised (`findErased`) rather than added
 * afresh by name, and only `restore` (their own choice, asked first) puts a name back.
 *
 * Free text the bot holds outside reports (meeting titles, pause reasons, milestone notes, action
 * descriptions, reasons for reopening) has the person's name and e-mail address replaced where they
 * appear as whole words. A report's content is the review's record and is not altered.
 */
import { createHash } from 'node:crypto';
import { type Selectable, type Transaction, sql } from 'kysely';
import { isUniqueViolationOf } from './constraint-violation';
import type { Database, ErasedPeopleTable } from './database-schema';
import { id, parseInput, tenantIdSchema, text } from './input-schemas';
import type { Person } from './people-repository';
import { toInstantText } from './portable-values';
import { recordChange } from './record-change';
import { requireRow } from './scoped-lookups';
import type { StoreContext } from './store-context';
import { ConflictError, InvalidValueError } from './store-errors';

/** Why a person was erased, audited as it is: a fixed list, so the audit holds no free text. */
export const ERASURE_REASONS = ['asked', 'left', 'added-by-mistake', 'other'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

export interface ErasedPerson {
  personId: string;
  /** The N of "Former member N": the committee's erasures, counted from 1. */
  ordinal: number;
  displayName: string;
  reason: ErasureReason;
  erasedAt: Date;
}

export interface ErasureOutcome extends ErasedPerson {
  conversationsRemoved: number;
  remindersStopped: number;
  /** Rows of free text (titles, notes, reasons, descriptions) in which the name or address was replaced. */
  textsRewritten: number;
}

/** What a person writes from: Teams' ids, as an activity carries them. */
export interface TeamsIdentity {
  aadObjectId?: string | null;
  teamsUserId?: string | null;
}

export const formerMemberName = (ordinal: number): string => `Former member ${ordinal}`;

const personIdSchema = id('The person');
const displayNameSchema = text('The display name', 200);

/** The free text the bot keeps outside reports, where a typed name is replaced on erasure. */
const FREE_TEXT = [
  { table: 'meetings', column: 'title', key: ['id'] },
  { table: 'clock_pauses', column: 'note', key: ['id'] },
  { table: 'meetings', column: 'venue', key: ['id'] },
  { table: 'improvement_actions', column: 'dropped_reason', key: ['id'] },
  { table: 'milestones', column: 'note', key: ['review_id', 'step_id'] },
  { table: 'improvement_actions', column: 'description', key: ['id'] },
  { table: 'reviews', column: 'reopen_reason', key: ['id'] },
] as const;

/** Two-letter names ("Jo") are replaced too; a one-letter one would hit ordinary words. */
const MIN_NAME_LENGTH = 2;

function identityHash(tenantId: string, kind: 'aad' | 'teams', value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return createHash('sha256').update(`${tenantId}\n${kind}\n${value.toLowerCase()}`).digest('hex');
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `value` as a whole word or phrase, in any case. */
const wholeWords = (value: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, 'giu');

const toErased = (row: Selectable<ErasedPeopleTable>): ErasedPerson => ({
  personId: row.person_id,
  ordinal: Number(row.ordinal),
  displayName: formerMemberName(Number(row.ordinal)),
  reason: row.reason as ErasureReason,
  erasedAt: new Date(row.erased_at),
});

export function createErasureRepository(ctx: StoreContext) {
  /** Replaces `needles` in the free text of one tenant; returns how many rows changed. */
  async function rewriteFreeText(
    trx: Transaction<Database>,
    tenant: string,
    needles: string[],
    replacement: string,
  ): Promise<number> {
    const patterns = needles.filter((n) => n.trim().length >= MIN_NAME_LENGTH).map((n) => wholeWords(n.trim()));
    if (patterns.length === 0) return 0;
    const contains = ctx.engine === 'postgres' ? sql.raw('strpos') : sql.raw('instr');
    let rewritten = 0;
    // Kysely cannot type a loop over tables; each entry names its own text column and key.
    const loose = trx as unknown as Transaction<Record<string, Record<string, string | null>>>;
    for (const { table, column, key } of FREE_TEXT) {
      const rows = await loose
        .selectFrom(table)
        .select([column, ...key])
        .where('tenant_id', '=', tenant)
        .where((eb) =>
          eb.or(
            needles.map((n) => sql<boolean>`${contains}(lower(${sql.ref(column)}), ${n.trim().toLowerCase()}) > 0`),
          ),
        )
        .execute();
      for (const row of rows) {
        const before = row[column] ?? '';
        const after = patterns.reduce((textSoFar, pattern) => textSoFar.replace(pattern, replacement), before);
        if (after === before) continue;
        let update = loose
          .updateTable(table)
          .set({ [column]: after })
          .where('tenant_id', '=', tenant);
        for (const k of key) update = update.where(k, '=', row[k]);
        await update.execute();
        rewritten += 1;
      }
    }
    return rewritten;
  }

  /** The bot's memory of the person's own chats (teams-ai turn state), keyed by their Teams ids. */
  async function forgetTurnState(
    trx: Transaction<Database>,
    teamsUserId: string | null,
    personalConversations: string[],
  ): Promise<void> {
    const endings = [
      ...(teamsUserId ? [`/users/${teamsUserId}`] : []),
      ...personalConversations.map((c) => `/conversations/${c}`),
    ];
    if (endings.length === 0) return;
    // Keys embed the channel and the bot's id before these endings; the table is small (one row per
    // chat and per person), and erasure is rare, so the keys are matched here rather than by LIKE.
    const keys = await trx.selectFrom('turn_state').select('storage_key').execute();
    const doomed = keys.map((k) => k.storage_key).filter((k) => endings.some((e) => k.endsWith(e)));
    if (doomed.length > 0) await trx.deleteFrom('turn_state').where('storage_key', 'in', doomed).execute();
  }

  async function nextOrdinal(trx: Transaction<Database>, tenant: string): Promise<number> {
    const last = await trx
      .selectFrom('erased_people')
      .select((eb) => eb.fn.max('ordinal').as('n'))
      .where('tenant_id', '=', tenant)
      .executeTakeFirst();
    return Number(last?.n ?? 0) + 1;
  }

  function forgetOnce(tenantId: string, actor: string, personId: string, reason: ErasureReason) {
    return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
      const person = await requireRow(trx, 'people', tenant, personId, 'person', ctx.engine === 'postgres');
      if (actor === person.id)
        throw new ConflictError('Nobody can erase themselves through the bot: ask another lead officer to do it.');
      const previous = await trx
        .selectFrom('erased_people')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where('person_id', '=', person.id)
        .executeTakeFirst();
      if (previous && previous.restored_at === null) {
        throw new ConflictError(
          `${formerMemberName(Number(previous.ordinal))} was already erased, on ${previous.erased_at.slice(0, 10)}.`,
        );
      }
      if (ctx.engine === 'postgres') {
        // Erasures in one committee take turns, so two never take the same number.
        await trx.selectFrom('committees').select('tenant_id').where('tenant_id', '=', tenant).forUpdate().execute();
      }
      const ordinal = previous ? Number(previous.ordinal) : await nextOrdinal(trx, tenant);
      const name = formerMemberName(ordinal);

      const references = await trx
        .selectFrom('conversation_references')
        .select(['conversation_id', 'reference_json'])
        .where('tenant_id', '=', tenant)
        .where('person_id', '=', person.id)
        .execute();
      const personal = references
        .filter(
          (r) =>
            (JSON.parse(r.reference_json) as { conversation?: { conversationType?: unknown } }).conversation
              ?.conversationType === 'personal',
        )
        .map((r) => r.conversation_id);
      await forgetTurnState(trx, person.teams_user_id, personal);
      await trx
        .deleteFrom('conversation_references')
        .where('tenant_id', '=', tenant)
        .where('person_id', '=', person.id)
        .execute();

      const stopped = await trx
        .updateTable('outbox_deliveries')
        .set({
          status: 'superseded',
          last_error: 'recipient-erased',
          claimed_by: null,
          lease_expires_at: null,
          send_started_at: null,
          updated_at: toInstantText(at),
        })
        .where('tenant_id', '=', tenant)
        .where('recipient_person_id', '=', person.id)
        .where('status', '=', 'pending')
        .returning('id')
        .execute();

      const textsRewritten = await rewriteFreeText(
        trx,
        tenant,
        [person.display_name, ...(person.email ? [person.email] : [])].filter((n) => n !== 'Someone'),
        name,
      );

      await trx
        .updateTable('people')
        .set({
          display_name: name,
          email: null,
          teams_user_id: null,
          aad_object_id: null,
          updated_at: toInstantText(at),
        })
        .where('tenant_id', '=', tenant)
        .where('id', '=', person.id)
        .execute();
      const row = {
        tenant_id: tenant,
        person_id: person.id,
        ordinal,
        reason,
        aad_object_id_sha256: identityHash(tenant, 'aad', person.aad_object_id),
        teams_user_id_sha256: identityHash(tenant, 'teams', person.teams_user_id),
        erased_at: toInstantText(at),
        restored_at: null,
      };
      if (previous) {
        await trx
          .updateTable('erased_people')
          .set(row)
          .where('tenant_id', '=', tenant)
          .where('person_id', '=', person.id)
          .execute();
      } else {
        await trx.insertInto('erased_people').values(row).execute();
      }
      const outcome: ErasureOutcome = {
        ...toErased(row),
        conversationsRemoved: references.length,
        remindersStopped: stopped.length,
        textsRewritten,
      };
      return {
        result: outcome,
        audit: {
          action: 'person.erased',
          entityType: 'person',
          entityId: person.id,
          reviewId: null,
          before: { id: person.id },
          after: {
            id: person.id,
            ordinal,
            reason,
            conversationsRemoved: outcome.conversationsRemoved,
            remindersStopped: outcome.remindersStopped,
            textsRewritten,
          },
        },
      };
    });
  }

  return {
    /**
     * Erases a person: see the module's comment. `reason` is one of ERASURE_REASONS and is audited
     * as it is. Refused for someone already erased, and for the actor themselves.
     */
    async forget(tenantId: string, actor: string, personId: string, reason: ErasureReason): Promise<ErasureOutcome> {
      const pid = parseInput(personIdSchema, personId);
      if (!(ERASURE_REASONS as readonly string[]).includes(reason))
        throw new InvalidValueError('reason', `The reason must be one of ${ERASURE_REASONS.join(', ')}.`);
      try {
        return await forgetOnce(tenantId, actor, pid, reason);
      } catch (error) {
        // Another erasure in the committee took the same number a moment ago (SQLite): take the next.
        if (!isUniqueViolationOf(error, 'erased_people', 'ordinal')) throw error;
        return forgetOnce(tenantId, actor, pid, reason);
      }
    },

    /** The erasure of this person, if they are erased now; null otherwise. */
    async get(tenantId: string, personId: string): Promise<ErasedPerson | null> {
      const row = await ctx.db
        .selectFrom('erased_people')
        .selectAll()
        .where('tenant_id', '=', parseInput(tenantIdSchema, tenantId))
        .where('person_id', '=', parseInput(personIdSchema, personId))
        .where('restored_at', 'is', null)
        .executeTakeFirst();
      return row ? toErased(row) : null;
    },

    /** The erased person who writes from these Teams ids, if any: so they are not added afresh by name. */
    async findErased(tenantId: string, identity: TeamsIdentity): Promise<ErasedPerson | null> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const aad = identityHash(tenant, 'aad', identity.aadObjectId);
      const teams = identityHash(tenant, 'teams', identity.teamsUserId);
      if (aad === null && teams === null) return null;
      const row = await ctx.db
        .selectFrom('erased_people')
        .selectAll()
        .where('tenant_id', '=', tenant)
        .where('restored_at', 'is', null)
        .where((eb) =>
          eb.or([
            ...(aad === null ? [] : [eb('aad_object_id_sha256', '=', aad)]),
            ...(teams === null ? [] : [eb('teams_user_id_sha256', '=', teams)]),
          ]),
        )
        .executeTakeFirst();
      return row ? toErased(row) : null;
    },

    /**
     * Gives an erased person their name back, at their own request, from the Teams account they
     * were erased from (anyone else is refused). Their e-mail address is not restored.
     */
    async restore(
      tenantId: string,
      personId: string,
      identity: TeamsIdentity & { displayName: string },
    ): Promise<Person> {
      const pid = parseInput(personIdSchema, personId);
      const displayName = parseInput(displayNameSchema, identity.displayName, 'displayName');
      return recordChange(ctx, { tenantId, actor: pid }, async (trx, at, tenant) => {
        const erased = await trx
          .selectFrom('erased_people')
          .selectAll()
          .where('tenant_id', '=', tenant)
          .where('person_id', '=', pid)
          .where('restored_at', 'is', null)
          .executeTakeFirst();
        const aad = identityHash(tenant, 'aad', identity.aadObjectId);
        const teams = identityHash(tenant, 'teams', identity.teamsUserId);
        const same =
          erased !== undefined &&
          ((aad !== null && aad === erased.aad_object_id_sha256) ||
            (teams !== null && teams === erased.teams_user_id_sha256));
        if (!same) throw new ConflictError('Only the person who was erased can ask for their name back.');
        const restored = {
          display_name: displayName,
          teams_user_id: identity.teamsUserId ?? null,
          aad_object_id: identity.aadObjectId ?? null,
        };
        await trx
          .updateTable('people')
          .set({ ...restored, updated_at: toInstantText(at) })
          .where('tenant_id', '=', tenant)
          .where('id', '=', pid)
          .execute();
        await trx
          .updateTable('erased_people')
          .set({ restored_at: toInstantText(at) })
          .where('tenant_id', '=', tenant)
          .where('person_id', '=', pid)
          .execute();
        return {
          result: {
            id: pid,
            displayName,
            email: null,
            teamsUserId: restored.teams_user_id,
            aadObjectId: restored.aad_object_id,
          },
          audit: {
            action: 'person.restored',
            entityType: 'person',
            entityId: pid,
            reviewId: null,
            before: { id: pid },
            after: { id: pid, changed: ['displayName', 'teamsUserId', 'aadObjectId'] },
          },
        };
      });
    },
  };
}

export type ErasureRepository = ReturnType<typeof createErasureRepository>;
