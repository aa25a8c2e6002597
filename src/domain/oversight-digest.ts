/**
 * The Learning Review Sub-group's quarterly oversight (001 §9: "Oversight of the progress of the
 * plan will be undertaken by the Learning Review Sub-group on a quarterly basis"; §4, §7: it keeps
 * the progress of reviews under scrutiny). One digest a quarter, on the dates the committee sets,
 * over every open review and every open improvement action, rather than a reminder per action on
 * the anniversary of its agreement. Pure: reviews, the engine's context and an instant.
 *
 * Rows hold no free text: an action is named by its review and dates; its description is looked
 * up when the digest is written to each member, one to one.
 */
import { fromLocalDate, partsOfDay, toLocalDate, wholeMonthsBetween } from './day-number';
import { workingDayOnOrAfter } from './calendar';
import type { Calendar } from './calendar';
import type { EngineContext } from './engine-context';
import { committeeKey } from './idempotency-key';
import type { CommitteeMember, LocalDate, Review } from './model';
import { type DigestRecipient, type DigestRow, type CommitteeMessage, weeklyDigest } from './weekly-digest';

export const OVERSIGHT_DIGEST_RULE = 'digest.quarterly-oversight';

export interface OversightActionRow {
  actionId: string;
  reviewId: string;
  reference: string;
  subjectPseudonym: string;
  agreedOn: LocalDate;
  dueOn: LocalDate | null;
  /** Past the date agreed for it and still open. */
  overdue: boolean;
  /** Whole months since it was agreed. */
  monthsOpen: number;
  ownerPersonId: string | null;
}

export interface OversightDigest {
  /** Every open review, most urgent first (the weekly digest's rows). */
  reviews: DigestRow[];
  /** Every open improvement action, overdue first, then by the date agreed for it. */
  actions: OversightActionRow[];
  failures: Array<{ reviewId: string; error: Error }>;
}

export function oversightDigest(reviews: readonly Review[], context: EngineContext, now: Date): OversightDigest {
  const { rows, failures } = weeklyDigest(reviews, context, now);
  const today = context.calendar.dayOf(now);
  const todayDate = toLocalDate(today);
  const actions: OversightActionRow[] = [];
  for (const review of reviews) {
    if (review.status === 'closed' || review.status === 'cancelled') continue;
    for (const action of review.improvementActions) {
      if (action.status !== 'open') continue;
      const agreedDay = context.calendar.dayOf(action.agreedAt);
      actions.push({
        actionId: action.id,
        reviewId: review.id,
        reference: review.reference,
        subjectPseudonym: review.subjectPseudonym,
        agreedOn: toLocalDate(agreedDay),
        dueOn: action.dueOn,
        overdue: action.dueOn !== null && action.dueOn < todayDate,
        monthsOpen: wholeMonthsBetween(agreedDay, today),
        ownerPersonId: action.ownerPersonId,
      });
    }
  }
  actions.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
      a.reference.localeCompare(b.reference) ||
      a.actionId.localeCompare(b.actionId),
  );
  return { reviews: rows, actions, failures };
}

/** The Sub-group's members: the digest's audience (001 §9). */
export function oversightDigestAudience(committeeMembers: readonly CommitteeMember[]): DigestRecipient[] {
  const seen = new Set<string>();
  return committeeMembers
    .filter((member) => member.role === 'subgroup_member' && !seen.has(member.personId) && seen.add(member.personId))
    .map((member) => ({ role: 'subgroup_member', personId: member.personId }));
}

/**
 * The latest quarter date at or before `now`: each `MM-DD` of the committee's list, in each year,
 * moved to the next working day if it is not one, at the committee's reminder time. Null when
 * there is none in the last year (never, with at least one date).
 */
export function latestOversightTime(
  calendar: Calendar,
  now: Date,
  quarterDates: readonly string[],
  minutesOfDay: number,
): { at: Date; quarterOf: LocalDate } | null {
  const { year } = partsOfDay(calendar.dayOf(now));
  let best: { at: Date; quarterOf: LocalDate } | null = null;
  for (const y of [year - 1, year]) {
    for (const monthDay of quarterDates) {
      const day = workingDayOnOrAfter(calendar, fromLocalDate(`${y}-${monthDay}`));
      const at = calendar.instantAt(day, minutesOfDay);
      if (at <= now && (best === null || at > best.at)) best = { at, quarterOf: `${y}-${monthDay}` };
    }
  }
  return best;
}

/**
 * The digest of the quarter date `quarterOf`, queued under a key naming it, so a doubled tick or a
 * second instance queues it once. Its rows are worked out when it is sent, so they are true then.
 */
export function oversightDigestMessage(
  tenantId: string,
  quarterOf: LocalDate,
  dueAt: Date,
  audience: DigestRecipient[],
): CommitteeMessage {
  const occasion = `quarter-of-${quarterOf}`;
  return {
    key: committeeKey({ tenantId, rule: OVERSIGHT_DIGEST_RULE, occasion }),
    tenantId,
    rule: OVERSIGHT_DIGEST_RULE,
    occasion,
    dueAt,
    audience,
    severity: 'info',
    facts: { quarterOf },
  };
}
