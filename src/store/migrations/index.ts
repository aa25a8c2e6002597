/**
 * The migrations, listed in code rather than found on disk, so the same list works under ts-jest,
 * tsx and the compiled dist/ alike. Names sort in the order they run; never rename or edit one
 * that has shipped: add the next instead.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { Engine } from '../engine';
import type { CommitteeDefaults } from '../store-context';
import { initialSchema } from './0001-initial-schema';
import { turnStateAndAuditGuard } from './0002-turn-state-and-audit-guard';
import { calendarsLifecycleAndDateHistory } from './0003-calendars-lifecycle-and-date-history';
import { auditRefersToPeopleById } from './0004-audit-refers-to-people-by-id';
import { inboundActivities } from './0010-inbound-activities';
import { senderLeasesAndSchedules } from './0020-sender-leases-and-schedules';
import { committeeWideOutboxMessages } from './0021-committee-wide-outbox-messages';
import { committeeRoles } from './0022-committee-roles';
import { pauseCategories } from './0023-pause-categories';
import { procedureDetails } from './0024-procedure-details';
import { slidingSendLog } from './0028-sliding-send-log';
import { dataProtection } from './0030-data-protection';
import { agencySeniorManagers } from './0025-agency-senior-managers';
import { closingReasons } from './0026-closing-reasons';
import { reportsEncryptedAtRest } from './0040-reports-encrypted-at-rest';
import { invitationNotes } from './0027-invitation-notes';

/** What data migrations need from the running service: its clock (for audit entries) and its defaults. */
export interface MigrationSettings {
  now: () => Date;
  /** The configured TIME_ZONE, HOLIDAY_REGION and reminder time, for committees that had none. */
  committeeDefaults: CommitteeDefaults;
}

export function migrationProvider(engine: Engine, settings: MigrationSettings): MigrationProvider {
  return {
    getMigrations(): Promise<Record<string, Migration>> {
      return Promise.resolve({
        '0001-initial-schema': initialSchema(engine),
        '0002-turn-state-and-audit-guard': turnStateAndAuditGuard(engine),
        '0003-calendars-lifecycle-and-date-history': calendarsLifecycleAndDateHistory(engine, settings),
        '0004-audit-refers-to-people-by-id': auditRefersToPeopleById(engine, settings),
        '0010-inbound-activities': inboundActivities(),
        '0020-sender-leases-and-schedules': senderLeasesAndSchedules(engine),
        '0021-committee-wide-outbox-messages': committeeWideOutboxMessages(engine),
        '0022-committee-roles': committeeRoles(engine, settings),
        '0023-pause-categories': pauseCategories(engine, settings),
        '0024-procedure-details': procedureDetails(engine, settings),
        '0028-sliding-send-log': slidingSendLog(engine),
        '0030-data-protection': dataProtection(),
        '0025-agency-senior-managers': agencySeniorManagers(engine),
        '0026-closing-reasons': closingReasons(),
        '0040-reports-encrypted-at-rest': reportsEncryptedAtRest(engine),
        '0027-invitation-notes': invitationNotes(),
      });
    },
  };
}
