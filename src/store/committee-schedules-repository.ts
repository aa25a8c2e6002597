/**
 * Until when each scheduled job has run for a committee: the reminder sweep, the weekly digest and
 * the Sub-group's quarterly digest.
 * The ticks read it to catch up a missed run and to do nothing on a doubled one; the mark only
 * ever moves forward, so two instances recording the same run leave the later instant.
 */
import { id, instant, parseInput, tenantIdSchema } from './input-schemas';
import { toInstantText } from './portable-values';
import { recordChange } from './record-change';
import { ensureCommittee } from './committees-repository';
import type { StoreContext } from './store-context';
import { InvalidValueError } from './store-errors';

export const SCHEDULED_JOBS = ['reminder-sweep', 'weekly-digest', 'quarterly-oversight'] as const;
export type ScheduledJob = (typeof SCHEDULED_JOBS)[number];

function jobOf(value: string): ScheduledJob {
  if (!(SCHEDULED_JOBS as readonly string[]).includes(value))
    throw new InvalidValueError('job', `The scheduled job must be one of ${SCHEDULED_JOBS.join(', ')}.`);
  return value as ScheduledJob;
}

export function createCommitteeSchedulesRepository(ctx: StoreContext) {
  return {
    /** The instant the job last ran up to for this committee, or null if never. */
    async lastRun(tenantId: string, job: ScheduledJob): Promise<Date | null> {
      const row = await ctx.db
        .selectFrom('committee_schedules')
        .select('last_run_at')
        .where('tenant_id', '=', parseInput(tenantIdSchema, tenantId))
        .where('job', '=', jobOf(job))
        .executeTakeFirst();
      return row ? new Date(row.last_run_at) : null;
    },

    /** Records that the job has run up to `ranUpTo`; an earlier instant than the stored one changes nothing. */
    async recordRun(tenantId: string, job: ScheduledJob, ranUpTo: Date): Promise<void> {
      const upTo = toInstantText(parseInput(instant('The run time'), ranUpTo));
      const name = jobOf(parseInput(id('The job'), job));
      await recordChange(ctx, { tenantId, actor: 'system' }, async (trx, at, tenant) => {
        await ensureCommittee(ctx, trx, tenant, at);
        await trx
          .insertInto('committee_schedules')
          .values({ tenant_id: tenant, job: name, last_run_at: upTo, updated_at: toInstantText(at) })
          .onConflict((oc) =>
            oc
              .columns(['tenant_id', 'job'])
              .doUpdateSet({ last_run_at: upTo, updated_at: toInstantText(at) })
              .where('committee_schedules.last_run_at', '<', upTo),
          )
          .execute();
        // Bookkeeping, like a retry: the sweep's effects (reminders queued) carry their own audit entries.
        return { result: undefined, audit: null };
      });
    },
  };
}

export type CommitteeSchedulesRepository = ReturnType<typeof createCommitteeSchedulesRepository>;
