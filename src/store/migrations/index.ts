/**
 * The migrations, listed in code rather than found on disk, so the same list works under ts-jest,
 * tsx and the compiled dist/ alike. Names sort in the order they run; never rename or edit one
 * that has shipped: add the next instead.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { Engine } from '../engine';
import { initialSchema } from './0001-initial-schema';
import { turnStateAndAuditGuard } from './0002-turn-state-and-audit-guard';
import { inboundActivities } from './0010-inbound-activities';
import { senderLeasesAndSchedules } from './0020-sender-leases-and-schedules';
import { committeeWideOutboxMessages } from './0021-committee-wide-outbox-messages';

export function migrationProvider(engine: Engine): MigrationProvider {
  return {
    getMigrations(): Promise<Record<string, Migration>> {
      return Promise.resolve({
        '0001-initial-schema': initialSchema(engine),
        '0002-turn-state-and-audit-guard': turnStateAndAuditGuard(engine),
        '0010-inbound-activities': inboundActivities(),
        '0020-sender-leases-and-schedules': senderLeasesAndSchedules(engine),
        '0021-committee-wide-outbox-messages': committeeWideOutboxMessages(engine),
      });
    },
  };
}
