/**
 * What every repository is built from: the database, which engine it is, the injected clock and,
 * when the caller gave them, the ids of the process templates it loaded.
 */
import type { Kysely, Transaction } from 'kysely';
import { DEFAULT_HOLIDAY_REGION, DEFAULT_TIME_ZONE, type HolidayRegion } from '../domain/calendar';
import type { TemplateRegistry } from '../domain/template-schema';
import type { Database } from './database-schema';
import type { Engine } from './engine';
import type { ReportKeyring } from './report-cipher';

/** What a committee starts with until someone configures it (TIME_ZONE, HOLIDAY_REGION, the policy's time). */
export interface CommitteeDefaults {
  timeZone: string;
  holidayRegion: HolidayRegion;
  /** `HH:mm`, local: when the day's reminders go out. */
  reminderTime: string;
}

export const BUILT_IN_COMMITTEE_DEFAULTS: CommitteeDefaults = {
  timeZone: DEFAULT_TIME_ZONE,
  holidayRegion: DEFAULT_HOLIDAY_REGION,
  reminderTime: '09:00',
};

export interface StoreContext {
  db: Kysely<Database>;
  engine: Engine;
  now: () => Date;
  /** The process templates the service loaded; without them any well-formed template or step id is taken. */
  templates?: TemplateRegistry;
  committeeDefaults: CommitteeDefaults;
  /** Seals and opens single-agency reports; without it a report can be neither stored nor read. */
  reportKeys?: ReportKeyring;
}

/** Either the database or a transaction on it: read helpers accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;
