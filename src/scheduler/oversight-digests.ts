/**
 * The Learning Review Sub-group's quarterly digest (001 §9), committee by committee: on each of the
 * committee's quarter dates (the reminder policy's until it sets its own), at its reminder time in
 * its own zone, every Sub-group member is sent one, one to one, over every open review and every
 * open improvement action. The tick asks whether the latest quarter date has come since the last
 * digest; the digest is queued under a key naming its quarter, so a doubled tick or a second
 * instance queues it once, and after downtime the latest quarter's digest goes out once. Its rows
 * are worked out when it is sent (see reminder-sender.ts).
 */
import {
  type Calendar,
  type CommitteeMessage,
  latestOversightTime,
  minutesOfTime,
  oversightDigestAudience,
  oversightDigestMessage,
  type ReminderPolicy,
} from '../domain';
import type { Committee, Store } from '../store';
import { openReviewsOf } from './weekly-digests';

export interface OversightPlan {
  /** The quarter date being served, and when its digest is due. */
  quarterOf: string;
  at: Date;
  /** Null when nobody sits on the Sub-group, or there is nothing open to oversee. */
  message: CommitteeMessage | null;
  openReviews: number;
  openActions: number;
}

/** The committee's quarter dates: its own, else the reminder policy's. */
export const quarterDatesOf = (committee: Committee | null, policy: ReminderPolicy): readonly string[] =>
  committee?.oversightDates ?? policy.oversight.quarterDates;

/** The latest quarter date's digest time at or before `now`, in the committee's zone, or null. */
export function latestQuarterTime(
  calendar: Calendar,
  committee: Committee | null,
  policy: ReminderPolicy,
  now: Date,
): { at: Date; quarterOf: string } | null {
  const minutes = minutesOfTime(committee?.reminderTime ?? policy.timeOfDay);
  return latestOversightTime(calendar, now, quarterDatesOf(committee, policy), minutes);
}

/** Who gets the digest of the quarter date `quarterOf`, due at `at`. */
export async function planOversightDigest(
  store: Store,
  tenantId: string,
  quarter: { at: Date; quarterOf: string },
): Promise<OversightPlan> {
  const roster = await store.committeeRoles.list(tenantId);
  const reviews = await openReviewsOf(store, tenantId, roster);
  const openActions = reviews.reduce(
    (count, review) => count + review.improvementActions.filter((action) => action.status === 'open').length,
    0,
  );
  const audience = oversightDigestAudience(roster);
  const nothing = audience.length === 0 || (reviews.length === 0 && openActions === 0);
  return {
    ...quarter,
    message: nothing ? null : oversightDigestMessage(tenantId, quarter.quarterOf, quarter.at, audience),
    openReviews: reviews.length,
    openActions,
  };
}
