/**
 * Committees, one per Teams tenant: the root every other record hangs from, and the one source of
 * its calendar (time zone, holiday region, its own days off) and its reminder time. A committee row
 * is created on first use with the configured defaults, so the first command in a new tenant works.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { type Calendar, createCalendar, type DayOff, type HolidayRegion } from '../domain/calendar';
import { partsOfDay, toLocalDate } from '../domain/day-number';
import type { LocalDate } from '../domain/model';
import { DEFAULT_PSEUDONYM_WORDS } from '../domain/pseudonym';
import type { CommitteesTable, Database } from './database-schema';
import { type CommitteeInput, committeeSchema, parseInput, tenantIdSchema } from './input-schemas';
import { toInstantText } from './portable-values';
import { recordChange } from './record-change';
import type { Executor, StoreContext } from './store-context';

export interface Committee {
  tenantId: string;
  name: string | null;
  timeZone: string;
  holidayRegion: HolidayRegion;
  /** `HH:mm` in the committee's zone: when the day's reminders go out. */
  reminderTime: string;
  /** Its own non-working days beyond the region's public holidays, in date order. */
  daysOff: DayOff[];
  /** The words its pseudonyms start with; null: the defaults (Child, Adult, Young Person, Family). */
  pseudonymWords: string[] | null;
  /** The `MM-DD` dates of the Sub-group's quarterly digest (001 §9); null: the reminder policy's. */
  oversightDates: string[] | null;
}

/** Inserts the tenant's committee, with the configured defaults, if it is not there yet. */
export async function ensureCommittee(
  ctx: StoreContext,
  trx: Transaction<Database>,
  tenantId: string,
  at: Date,
): Promise<void> {
  const now = toInstantText(at);
  const { timeZone, holidayRegion, reminderTime } = ctx.committeeDefaults;
  await trx
    .insertInto('committees')
    .values({
      tenant_id: tenantId,
      name: null,
      time_zone: timeZone,
      holiday_region: holidayRegion,
      reminder_time: reminderTime,
      calendar_version: 0,
      pseudonym_words: null,
      oversight_dates: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
}

function toCommittee(row: Selectable<CommitteesTable>, daysOff: DayOff[]): Committee {
  return {
    tenantId: row.tenant_id,
    name: row.name,
    timeZone: row.time_zone,
    holidayRegion: row.holiday_region as HolidayRegion,
    reminderTime: row.reminder_time,
    daysOff,
    pseudonymWords: jsonList(row.pseudonym_words),
    oversightDates: jsonList(row.oversight_dates),
  };
}

function jsonList(text: string | null): string[] | null {
  return text === null ? null : (JSON.parse(text) as string[]);
}

/** The committee's pseudonym words, or the defaults: what a new review's pseudonym is checked against. */
export async function pseudonymWordsOf(db: Executor, tenantId: string): Promise<readonly string[]> {
  const row = await db
    .selectFrom('committees')
    .select('pseudonym_words')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return jsonList(row?.pseudonym_words ?? null) ?? DEFAULT_PSEUDONYM_WORDS;
}

async function daysOffOf(db: Executor, tenantId: string): Promise<DayOff[]> {
  const rows = await db
    .selectFrom('committee_days_off')
    .select(['day', 'name'])
    .where('tenant_id', '=', tenantId)
    .orderBy('day')
    .execute();
  return rows.map((row) => ({ date: row.day, name: row.name }));
}

/** Calendars built per store, each tagged with the committee's calendar version it was built from. */
const calendarCaches = new WeakMap<Kysely<Database>, Map<string, { version: number; calendar: Calendar }>>();

/**
 * The committee's calendar, for everything it sees: the dates and years of its references and
 * sentences, and the engine's working days and reminder times. Cached per committee; a change of
 * zone, region or days off (by any instance) bumps the committee's calendar version, which is read
 * each time, so a stale calendar is never used. A tenant without a committee gets the defaults.
 */
export async function committeeCalendar(ctx: StoreContext, db: Executor, tenantId: string): Promise<Calendar> {
  return calendarFromRow(ctx, db, tenantId, await calendarRow(db, tenantId));
}

/** What a committee's calendar and reminder time are read from: one row, undefined for a new tenant. */
const calendarRow = (db: Executor, tenantId: string) =>
  db
    .selectFrom('committees')
    .select(['time_zone', 'holiday_region', 'calendar_version', 'reminder_time'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();

type CalendarRow = Pick<Selectable<CommitteesTable>, 'time_zone' | 'holiday_region' | 'calendar_version'>;

/** The calendar for the committee row just read (undefined: none yet), from the cache while its version holds. */
async function calendarFromRow(
  ctx: StoreContext,
  db: Executor,
  tenantId: string,
  row: CalendarRow | undefined,
): Promise<Calendar> {
  let cache = calendarCaches.get(ctx.db);
  if (!cache) {
    cache = new Map();
    calendarCaches.set(ctx.db, cache);
  }
  const version = row ? Number(row.calendar_version) : -1;
  const cached = cache.get(tenantId);
  if (cached?.version === version) return cached.calendar;
  const calendar = row
    ? createCalendar({
        timeZone: row.time_zone,
        region: row.holiday_region as HolidayRegion,
        daysOff: await daysOffOf(db, tenantId),
      })
    : createCalendar({ timeZone: ctx.committeeDefaults.timeZone, region: ctx.committeeDefaults.holidayRegion });
  cache.set(tenantId, { version, calendar });
  return calendar;
}

/** The local date of an instant (a Date or stored instant text) on the committee's calendar. */
export const localDateOf = (calendar: Calendar, instant: Date | string): LocalDate =>
  toLocalDate(calendar.dayOf(new Date(instant)));

export const localYearOf = (calendar: Calendar, instant: Date): number => partsOfDay(calendar.dayOf(instant)).year;

export function createCommitteesRepository(ctx: StoreContext) {
  async function load(db: Executor, tenantId: string): Promise<Committee | null> {
    const row = await db.selectFrom('committees').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    return row ? toCommittee(row, await daysOffOf(db, tenantId)) : null;
  }

  return {
    /** The committee as configured; null for a tenant that has never used the bot. */
    async get(tenantId: string): Promise<Committee | null> {
      return load(ctx.db, parseInput(tenantIdSchema, tenantId));
    },

    /**
     * Names the committee and sets its calendar (time zone, holiday region, reminder time and its
     * own days off, the whole list replacing the last), its pseudonym words and the quarter dates
     * of the Sub-group's digest. What is left out stays as it was.
     */
    async configure(tenantId: string, actor: string, input: CommitteeInput): Promise<Committee> {
      const change = parseInput(committeeSchema, input);
      return recordChange(ctx, { tenantId, actor }, async (trx, at, tenant) => {
        await ensureCommittee(ctx, trx, tenant, at);
        const before = (await load(trx, tenant)) as Committee;
        const after: Committee = {
          tenantId: tenant,
          name: change.name === undefined ? before.name : change.name,
          timeZone: change.timeZone ?? before.timeZone,
          holidayRegion: change.holidayRegion ?? before.holidayRegion,
          reminderTime: change.reminderTime ?? before.reminderTime,
          daysOff: change.daysOff ?? before.daysOff,
          pseudonymWords: change.pseudonymWords === undefined ? before.pseudonymWords : change.pseudonymWords,
          oversightDates: change.oversightDates === undefined ? before.oversightDates : change.oversightDates,
        };
        if (JSON.stringify(after) === JSON.stringify(before)) return { result: before, audit: null };
        await trx
          .updateTable('committees')
          .set((eb) => ({
            name: after.name,
            time_zone: after.timeZone,
            holiday_region: after.holidayRegion,
            reminder_time: after.reminderTime,
            pseudonym_words: after.pseudonymWords === null ? null : JSON.stringify(after.pseudonymWords),
            oversight_dates: after.oversightDates === null ? null : JSON.stringify(after.oversightDates),
            calendar_version: eb('calendar_version', '+', 1),
            updated_at: toInstantText(at),
          }))
          .where('tenant_id', '=', tenant)
          .execute();
        if (change.daysOff !== undefined) {
          await trx.deleteFrom('committee_days_off').where('tenant_id', '=', tenant).execute();
          if (after.daysOff.length > 0) {
            await trx
              .insertInto('committee_days_off')
              .values(
                after.daysOff.map((dayOff) => ({
                  tenant_id: tenant,
                  day: dayOff.date,
                  name: dayOff.name,
                  created_at: toInstantText(at),
                })),
              )
              .execute();
          }
        }
        return {
          result: after,
          audit: {
            action: 'committee.configured',
            entityType: 'committee',
            entityId: tenant,
            reviewId: null,
            before,
            after,
          },
        };
      });
    },

    /** The committee's calendar (zone, holiday region, own days off), for the timeline engine. */
    async calendarOf(tenantId: string): Promise<Calendar> {
      return committeeCalendar(ctx, ctx.db, parseInput(tenantIdSchema, tenantId));
    },

    /**
     * What every turn needs of its committee, in one read: the calendar (as `calendarOf`) and the
     * reminder time (null for a tenant that has never used the bot: the defaults apply).
     */
    async settingsOf(tenantId: string): Promise<{ calendar: Calendar; reminderTime: string | null }> {
      const tenant = parseInput(tenantIdSchema, tenantId);
      const row = await calendarRow(ctx.db, tenant);
      return { calendar: await calendarFromRow(ctx, ctx.db, tenant, row), reminderTime: row?.reminder_time ?? null };
    },

    /**
     * Every committee with its zone, region, reminder time and days off: where the scheduler
     * starts, so each committee is swept at its own reminder time on its own working days. The one read
     * not scoped to a tenant; it holds no review data.
     */
    async list(): Promise<Committee[]> {
      const rows = await ctx.db.selectFrom('committees').selectAll().orderBy('tenant_id').execute();
      const daysOff = await ctx.db.selectFrom('committee_days_off').selectAll().orderBy('day').execute();
      return rows.map((row) =>
        toCommittee(
          row,
          daysOff.filter((d) => d.tenant_id === row.tenant_id).map((d) => ({ date: d.day, name: d.name })),
        ),
      );
    },
  };
}

export type CommitteesRepository = ReturnType<typeof createCommitteesRepository>;
