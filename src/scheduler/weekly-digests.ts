/**
 * The weekly digest, committee by committee: at the digest's weekday and time in the committee's
 * own zone (Mondays at 08:00 by default), the committee's Chair, the Sub-group and lead officers are each sent
 * one, one to one. The tick asks whether the latest digest time has come since the committee's
 * last digest; the digest is queued under a key naming its week, so a doubled tick or a second
 * instance queues it once, a missed tick is caught up by the next, and after downtime the latest
 * week's digest goes out once. Its rows are worked out when it is sent (see reminder-sender.ts).
 */
import { type Calendar, isoWeekday, toLocalDate, weeklyDigestAudience, weeklyDigestMessage } from '../domain';
import type { CommitteeMember, Review } from '../domain';
import type { Store } from '../store';

/** When the digest goes out, in each committee's own zone: an ISO weekday (1 = Monday) and a time. */
export interface DigestSchedule {
  weekday: number;
  minutesOfDay: number;
}

export interface DigestOptions {
  schedule: DigestSchedule;
  /** LEAD_OFFICERS: Entra object ids or e-mail addresses (lower case). */
  leadOfficers: readonly string[];
}

/** The latest digest time at or before `now`, in the calendar's zone. */
export function latestDigestTime(calendar: Calendar, now: Date, schedule: DigestSchedule): Date {
  const today = calendar.dayOf(now);
  const day = today - ((isoWeekday(today) - schedule.weekday + 7) % 7);
  const at = calendar.instantAt(day, schedule.minutesOfDay);
  return at <= now ? at : calendar.instantAt(day - 7, schedule.minutesOfDay);
}

const PAGE = 200;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every open review of the committee, each carrying the committee's role holders (read once). */
export async function openReviewsOf(
  store: Store,
  tenantId: string,
  roster?: readonly CommitteeMember[],
): Promise<Review[]> {
  const committeeMembers = roster ?? (await store.committeeRoles.list(tenantId));
  const reviews: Review[] = [];
  for (let afterId: string | null = null; ;) {
    const page = await store.reviews.listForSweep(tenantId, { limit: PAGE, afterId }, committeeMembers);
    reviews.push(...page);
    if (page.length < PAGE) return reviews;
    afterId = page[page.length - 1].id;
  }
}

export interface DigestPlan {
  /** The digest time being served, and its local date. */
  at: Date;
  weekOf: string;
  message: ReturnType<typeof weeklyDigestMessage> | null;
  openReviews: number;
  /** LEAD_OFFICERS entries the bot has never met (no person in the store): they cannot be sent it. */
  unknownLeadOfficers: number;
}

/** The digest a committee is due at `at` (its digest time): who gets it. Null message: nobody, or no open review. */
export async function planWeeklyDigest(
  store: Store,
  calendar: Calendar,
  options: DigestOptions,
  tenantId: string,
  at: Date,
): Promise<DigestPlan> {
  const roster = await store.committeeRoles.list(tenantId);
  const reviews = await openReviewsOf(store, tenantId, roster);
  const people = await store.people.findByIdentities(tenantId, {
    aadObjectIds: options.leadOfficers.filter((entry) => GUID.test(entry)),
    emails: options.leadOfficers.filter((entry) => entry.includes('@')),
  });
  const audience = weeklyDigestAudience(
    roster,
    reviews,
    people.map((p) => p.id),
  );
  const weekOf = toLocalDate(calendar.dayOf(at));
  return {
    at,
    weekOf,
    // A committee with no open review has nothing to glance at: no digest that week.
    message: reviews.length === 0 || audience.length === 0 ? null : weeklyDigestMessage(tenantId, weekOf, at, audience),
    openReviews: reviews.length,
    unknownLeadOfficers: Math.max(0, options.leadOfficers.length - people.length),
  };
}
