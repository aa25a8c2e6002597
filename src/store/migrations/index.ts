/**
 * The migrations, listed in code rather than found on disk, so the same list works under ts-jest,
 * tsx and the compiled dist/ alike. Names sort in the order they run; never rename or edit one
 * that has shipped: add the next instead.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { Engine } from '../engine';
import type { CommitteeDefaults } from '../store-context';

/** What data migrations need from the running service: its clock (for audit entries) and its defaults. */
export interface MigrationSettings {
  now: () => Date;
  /** The configured TIME_ZONE, HOLIDAY_REGION and reminder time, for committees that had none. */
  committeeDefaults: CommitteeDefaults;
}

type MigrationFactory = (engine: Engine, settings: MigrationSettings) => Migration;

/**
 * Each migration by name, loaded only when the migrator runs: a store already up to date (every
 * start but the first after an upgrade) never loads them (see migrate-database.ts).
 */
const MIGRATIONS: Record<string, () => Promise<MigrationFactory>> = {
  '0001-initial-schema': async () => (await import('./0001-initial-schema')).initialSchema,
  '0002-turn-state-and-audit-guard': async () =>
    (await import('./0002-turn-state-and-audit-guard')).turnStateAndAuditGuard,
  '0003-calendars-lifecycle-and-date-history': async () =>
    (await import('./0003-calendars-lifecycle-and-date-history')).calendarsLifecycleAndDateHistory,
  '0004-audit-refers-to-people-by-id': async () =>
    (await import('./0004-audit-refers-to-people-by-id')).auditRefersToPeopleById,
  '0010-inbound-activities': async () => (await import('./0010-inbound-activities')).inboundActivities,
  '0020-sender-leases-and-schedules': async () =>
    (await import('./0020-sender-leases-and-schedules')).senderLeasesAndSchedules,
  '0021-committee-wide-outbox-messages': async () =>
    (await import('./0021-committee-wide-outbox-messages')).committeeWideOutboxMessages,
  '0022-committee-roles': async () => (await import('./0022-committee-roles')).committeeRoles,
  '0023-pause-categories': async () => (await import('./0023-pause-categories')).pauseCategories,
  '0024-procedure-details': async () => (await import('./0024-procedure-details')).procedureDetails,
  '0028-sliding-send-log': async () => (await import('./0028-sliding-send-log')).slidingSendLog,
  '0030-data-protection': async () => (await import('./0030-data-protection')).dataProtection,
  '0025-agency-senior-managers': async () => (await import('./0025-agency-senior-managers')).agencySeniorManagers,
  '0026-closing-reasons': async () => (await import('./0026-closing-reasons')).closingReasons,
  '0040-reports-encrypted-at-rest': async () =>
    (await import('./0040-reports-encrypted-at-rest')).reportsEncryptedAtRest,
  '0027-invitation-notes': async () => (await import('./0027-invitation-notes')).invitationNotes,
};

/** Every migration's name: a database that has run exactly these is up to date. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

export function migrationProvider(engine: Engine, settings: MigrationSettings): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      const factories = await Promise.all(MIGRATION_NAMES.map((name) => MIGRATIONS[name]()));
      return Object.fromEntries(MIGRATION_NAMES.map((name, i) => [name, factories[i](engine, settings)]));
    },
  };
}
