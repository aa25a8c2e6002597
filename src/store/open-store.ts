/**
 * The store's entry point: opens the database (a SQLite file by default, PostgreSQL when
 * `databaseUrl` is set), brings its schema up to date, and hands out the repositories.
 */
import { sql } from 'kysely';
import type { TemplateRegistry } from '../domain/template-schema';
import { type AgenciesRepository, createAgenciesRepository } from './agencies-repository';
import { type AuditLog, createAuditLog } from './audit-log';
import {
  type CommitteeSchedulesRepository,
  createCommitteeSchedulesRepository,
} from './committee-schedules-repository';
import { type CommitteeRolesRepository, createCommitteeRolesRepository } from './committee-roles-repository';
import { type CommitteesRepository, createCommitteesRepository } from './committees-repository';
import { connectDatabase, DEFAULT_SQLITE_PATH, type StoreLog } from './connect-database';
import {
  type ConversationReferencesRepository,
  createConversationReferencesRepository,
} from './conversation-references-repository';
import type { Engine } from './engine';
import { type ErasureRepository, createErasureRepository } from './erasure';
import { type InboundActivitiesRepository, createInboundActivitiesRepository } from './inbound-activities-repository';
import {
  type ImprovementActionsRepository,
  createImprovementActionsRepository,
} from './improvement-actions-repository';
import { type MeetingsRepository, createMeetingsRepository } from './meetings-repository';
import { migrateDatabase } from './migrate-database';
import { type PeopleRepository, createPeopleRepository } from './people-repository';
import { type PersonalDataRepository, createPersonalDataRepository } from './personal-data';
import { type ReminderOutboxRepository, createReminderOutboxRepository } from './reminder-outbox-repository';
import { type ReportRequestsRepository, createReportRequestsRepository } from './report-requests-repository';
import { type RetentionRepository, createRetentionRepository } from './retention';
import { type ReviewsRepository, createReviewsRepository } from './reviews-repository';
import { BUILT_IN_COMMITTEE_DEFAULTS, type CommitteeDefaults, type StoreContext } from './store-context';
import type { ReportKeyring } from './report-cipher';
import { createTurnStateStorage, type TurnStateStorage } from './turn-state-storage';

export interface StoreOptions {
  /** A PostgreSQL URL; when set, SQLite is not used. */
  databaseUrl?: string;
  /** The SQLite file; default ./data/learning-reviews.sqlite (its folder is created). */
  sqlitePath?: string;
  /** The clock for audit and created/updated columns. Default: the system clock. */
  now?: () => Date;
  /**
   * The process templates loaded at start. When given, a review's decision template and the
   * review template a decision names must be one of them, and a milestone or meeting may only
   * name a step of the review's templates; without them any well-formed id is accepted.
   */
  templates?: TemplateRegistry;
  /** What a new committee starts with (TIME_ZONE, HOLIDAY_REGION, the policy's reminder time). */
  committeeDefaults?: Partial<CommitteeDefaults>;
  /** SQLite: how long a write waits for another process's write lock (default 10 s). */
  lockWaitMs?: number;
  /** Where lock waits and lost PostgreSQL connections are reported; a pino logger fits. */
  log?: StoreLog;
  /** REPORTS_KEY (and REPORTS_OLD_KEYS): single-agency reports are sealed with it at rest. */
  reportKeys?: ReportKeyring;
}

export interface StoreHealth {
  ok: boolean;
  engine: Engine;
  error?: string;
}

export interface Store {
  readonly engine: Engine;
  /** A real round trip to the database; never throws. */
  health(): Promise<StoreHealth>;
  /** botbuilder / teams-ai turn state. */
  turnState: TurnStateStorage;
  committees: CommitteesRepository;
  /** Roles held for the whole committee: its Chair, the Public Protection Manager, the Sub-group, ... */
  committeeRoles: CommitteeRolesRepository;
  /** Until when the reminder sweep and the weekly digest have run, per committee. */
  schedules: CommitteeSchedulesRepository;
  reviews: ReviewsRepository;
  agencies: AgenciesRepository;
  people: PeopleRepository;
  meetings: MeetingsRepository;
  reportRequests: ReportRequestsRepository;
  conversationReferences: ConversationReferencesRepository;
  outbox: ReminderOutboxRepository;
  improvementActions: ImprovementActionsRepository;
  audit: AuditLog;
  /** Which inbound activities were already handled (Teams retries). */
  inboundActivities: InboundActivitiesRepository;
  /** Forgetting a person: "Former member N" in place of their name and contact details. */
  erasure: ErasureRepository;
  /** What the bot keeps about one person, for their summary and the DPO's export. */
  personalData: PersonalDataRepository;
  /** A committee's retention period for closed and cancelled reviews (none by default). */
  retention: RetentionRepository;
  /**
   * Several changes as one: `work`'s changes through the repositories it is given are all stored,
   * each with its audit entry, or (when it throws) none is. A review created inside it must be given
   * its reference: a generated one taken concurrently cannot be retried within the transaction.
   */
  transaction<T>(work: (store: TransactionStore) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The repositories a Store.transaction offers. */
export type TransactionStore = Pick<Store, 'committees' | 'reviews'>;

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const { db, engine } = connectDatabase({
    databaseUrl: options.databaseUrl,
    sqlitePath: options.sqlitePath ?? DEFAULT_SQLITE_PATH,
    lockWaitMs: options.lockWaitMs,
    log: options.log,
  });
  // The system clock is read here and only here; repositories and migrations get it injected.
  const now = options.now ?? (() => new Date());
  const committeeDefaults = { ...BUILT_IN_COMMITTEE_DEFAULTS, ...options.committeeDefaults };
  try {
    await migrateDatabase(db, engine, undefined, { now, committeeDefaults });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const ctx: StoreContext = {
    db,
    engine,
    now,
    templates: options.templates,
    committeeDefaults,
    reportKeys: options.reportKeys,
  };

  return {
    engine,
    async health() {
      try {
        await sql`select 1 as ok`.execute(db);
        return { ok: true, engine };
      } catch (error) {
        return { ok: false, engine, error: error instanceof Error ? error.message : String(error) };
      }
    },
    turnState: createTurnStateStorage(ctx),
    committees: createCommitteesRepository(ctx),
    committeeRoles: createCommitteeRolesRepository(ctx),
    schedules: createCommitteeSchedulesRepository(ctx),
    reviews: createReviewsRepository(ctx),
    agencies: createAgenciesRepository(ctx),
    people: createPeopleRepository(ctx),
    meetings: createMeetingsRepository(ctx),
    reportRequests: createReportRequestsRepository(ctx),
    conversationReferences: createConversationReferencesRepository(ctx),
    outbox: createReminderOutboxRepository(ctx),
    improvementActions: createImprovementActionsRepository(ctx),
    audit: createAuditLog(ctx),
    inboundActivities: createInboundActivitiesRepository(ctx),
    erasure: createErasureRepository(ctx),
    personalData: createPersonalDataRepository(ctx),
    retention: createRetentionRepository(ctx),
    transaction: (work) =>
      db.transaction().execute((trx) => {
        const inner: StoreContext = { ...ctx, db: trx };
        return work({ committees: createCommitteesRepository(inner), reviews: createReviewsRepository(inner) });
      }),
    close: () => db.destroy(),
  };
}
