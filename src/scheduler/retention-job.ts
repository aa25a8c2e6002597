/**
 * The scheduled side of a committee's retention period: on every tick, the committee's closed and
 * cancelled reviews past its period are emptied (see `store.retention`), once a dry run has
 * confirmed the first real run. With no period set, or before that confirmation, nothing is removed.
 */
import type { Logger } from '../logger';
import type { RetentionRun, Store } from '../store';

export async function applyRetention(
  options: { store: Store; logger: Logger },
  tenantId: string,
  now: Date,
): Promise<RetentionRun> {
  const run = await options.store.retention.apply(tenantId, now);
  if (run.applied.length > 0) {
    options.logger.info(
      { tenantId, reviews: run.applied.length, reviewIds: run.applied.map((c) => c.reviewId) },
      'retention period applied: closed reviews emptied',
    );
  }
  return run;
}
