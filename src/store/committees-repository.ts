/**
 * Committees, one per Teams tenant: the root every other record hangs from. A committee row is
 * created on first use with defaults, so the first command in a new tenant just works.
 */
import type { Transaction } from 'kysely';
import { type Calendar, DEFAULT_TIME_ZONE, createCalendar } from '../domain/calendar';
import { partsOfDay, toLocalDate } from '../domain/day-number';
import type { LocalDate } from '../domain/model';
import type { Database } from './database-schema';
import { type CommitteeInput, committeeSchema, parseInput, tenantIdSchema } from './input-schemas';
import { toInstantText } from './portable-values';
import { recordChange } from './record-change';
import type { Executor, StoreContext } from './store-context';

export interface Committee {
  tenantId: string;
  name: string | null;
  timeZone: string;
}

/** Inserts the tenant's committee if it is not there yet; used inside other changes. */
export async function ensureCommittee(trx: Transaction<Database>, tenantId: string, at: Date): Promise<void> {
  const now = toInstantText(at);
  await trx
    .insertInto('committees')
    .values({ tenant_id: tenantId, name: null, time_zone: DEFAULT_TIME_ZONE, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
}

/** One calendar per zone: a committee's zone changes rarely and there are few zones. */
const calendars = new Map<string, Calendar>();

/**
 * The committee's calendar, for turning instants into the dates and years its people see: a
 * review notified at 23:30 UTC on 31 December belongs to the next year in Auckland.
 */
export async function committeeCalendar(db: Executor, tenantId: string): Promise<Calendar> {
  const row = await db
    .selectFrom('committees')
    .select('time_zone')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const timeZone = row?.time_zone ?? DEFAULT_TIME_ZONE;
  let calendar = calendars.get(timeZone);
  if (calendar === undefined) {
    calendar = createCalendar({ timeZone });
    calendars.set(timeZone, calendar);
  }
  return calendar;
}

/** The local date of an instant (a Date or stored instant text) on the committee's calendar. */
export const localDateOf = (calendar: Calendar, instant: Date | string): LocalDate =>
  toLocalDate(calendar.dayOf(new Date(instant)));

export const localYearOf = (calendar: Calendar, instant: Date): number => partsOfDay(calendar.dayOf(instant)).year;

export function createCommitteesRepository(ctx: StoreContext) {
  async function get(tenantId: string): Promise<Committee | null> {
    const tenant = parseInput(tenantIdSchema, tenantId);
    const row = await ctx.db.selectFrom('committees').selectAll().where('tenant_id', '=', tenant).executeTakeFirst();
    return row ? { tenantId: row.tenant_id, name: row.name, timeZone: row.time_zone } : null;
  }

  return {
    get,

    /** Names the committee and sets the time zone its calendar dates are read in. */
    async configure(tenantId: string, actor: string, input: CommitteeInput): Promise<Committee> {
      const { name, timeZone } = parseInput(committeeSchema, input);
      return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
        await ensureCommittee(trx, tenant, at);
        const before = await trx
          .selectFrom('committees')
          .select(['name', 'time_zone'])
          .where('tenant_id', '=', tenant)
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('committees')
          .set({ name, time_zone: timeZone, updated_at: toInstantText(at) })
          .where('tenant_id', '=', tenant)
          .execute();
        const after = { tenantId: tenant, name, timeZone };
        return {
          result: after,
          audit: {
            action: 'committee.configured',
            entityType: 'committee',
            entityId: tenant,
            reviewId: null,
            before: { name: before.name, timeZone: before.time_zone },
            after,
          },
        };
      });
    },

    /**
     * Every tenant with a committee: the scheduler's starting point for per-tenant sweeps. This is
     * the one read that is not scoped to a tenant, and it returns ids only.
     */
    async listTenantIds(): Promise<string[]> {
      const rows = await ctx.db.selectFrom('committees').select('tenant_id').orderBy('tenant_id').execute();
      return rows.map((r) => r.tenant_id);
    },
  };
}

export type CommitteesRepository = ReturnType<typeof createCommitteesRepository>;
