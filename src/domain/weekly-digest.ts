/**
 * The weekly digest: every open review of a committee at a glance, most urgent first, for the
 * people who oversee them. Pure: the reviews, the engine's context and an instant. The rows are
 * plain data so that a richer card (a picture of the timelines) can be drawn from the same rows.
 */
import { wholeMonthsBetween } from './day-number';
import type { EngineContext } from './engine-context';
import { committeeKey } from './idempotency-key';
import type { Audience, CommitteeMember, CommitteeRole, LocalDate, ReminderIntent, Review, Role } from './model';
import { type Rag, timeline } from './timeline';

export const WEEKLY_DIGEST_RULE = 'digest.weekly';

/** Where a review stands, as the digest names it. */
export type DigestStage = 'decision' | 'review' | 'improvement';

export interface DigestRow {
  reviewId: string;
  reference: string;
  subjectPseudonym: string;
  stage: DigestStage;
  rag: Rag;
  /** The review's clock is paused (criminal proceedings, an inquiry). */
  paused: boolean;
  /** In the decision stage: the standard (42 days), the days used, and the days left (negative once over). */
  standardDays: number | null;
  daysUsed: number | null;
  daysLeft: number | null;
  /** After the decision: whole months since it. */
  monthsSinceDecision: number | null;
}

export interface WeeklyDigest {
  rows: DigestRow[];
  /** Reviews the engine could not work out (e.g. a template no longer loaded), left out of the rows. */
  failures: Array<{ reviewId: string; error: Error }>;
}

const RAG_ORDER: Record<Rag, number> = { red: 0, amber: 1, green: 2 };
const worst = (rags: Rag[]): Rag => rags.reduce((a, b) => (RAG_ORDER[b] < RAG_ORDER[a] ? b : a), 'green');

/** The digest's rows: red before amber before green, then the nearest deadline first, then by reference. */
export function weeklyDigest(reviews: Iterable<Review>, context: EngineContext, now: Date): WeeklyDigest {
  const digest: WeeklyDigest = { rows: [], failures: [] };
  const urgency = new Map<string, number>();
  for (const review of reviews) {
    if (review.status === 'closed' || review.status === 'cancelled') continue;
    try {
      const { row, daysToNextDeadline } = digestRow(review, context, now);
      digest.rows.push(row);
      urgency.set(row.reviewId, daysToNextDeadline);
    } catch (error) {
      digest.failures.push({ reviewId: review.id, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  digest.rows.sort(
    (a, b) =>
      RAG_ORDER[a.rag] - RAG_ORDER[b.rag] ||
      urgency.get(a.reviewId)! - urgency.get(b.reviewId)! ||
      a.reference.localeCompare(b.reference),
  );
  return digest;
}

function digestRow(review: Review, context: EngineContext, now: Date): { row: DigestRow; daysToNextDeadline: number } {
  const view = timeline(review, context, now);
  const base = { reviewId: review.id, reference: review.reference, subjectPseudonym: review.subjectPseudonym };
  const { calendar } = context;
  if (review.status === 'decision_stage') {
    const countdown = view.decisionStage.countdown;
    return {
      row: {
        ...base,
        stage: 'decision',
        rag: countdown.rag,
        paused: view.paused,
        standardDays: countdown.standardDays,
        daysUsed: countdown.daysUsed,
        daysLeft: countdown.daysLeft,
        monthsSinceDecision: null,
      },
      daysToNextDeadline: countdown.daysLeft,
    };
  }
  const today = calendar.dayOf(now);
  const decidedDay = review.decision ? calendar.dayOf(review.decision.decidedAt) : null;
  const months = decidedDay === null ? null : wholeMonthsBetween(decidedDay, today);
  if (review.status === 'in_review') {
    const stage = view.reviewStage;
    return {
      row: {
        ...base,
        stage: 'review',
        rag: worst([stage?.timescale?.rag ?? 'green', ...(stage?.milestones.map((m) => m.rag) ?? [])]),
        paused: view.paused,
        standardDays: null,
        daysUsed: null,
        daysLeft: null,
        monthsSinceDecision: months,
      },
      daysToNextDeadline: stage?.timescale?.daysLeftToTarget ?? Number.MAX_SAFE_INTEGER,
    };
  }
  // The improvement plan: red once an open action is past the date agreed for it.
  const overdue = review.improvementActions.some(
    (action) => action.status === 'open' && action.dueOn !== null && action.dueOn < view.today,
  );
  return {
    row: {
      ...base,
      stage: 'improvement',
      rag: overdue ? 'red' : 'green',
      paused: view.paused,
      standardDays: null,
      daysUsed: null,
      daysLeft: null,
      monthsSinceDecision: months,
    },
    daysToNextDeadline: Number.MAX_SAFE_INTEGER,
  };
}

/** A digest recipient: always a person, with the role they are sent it in. */
export type DigestRecipient = Audience & { personId: string };

/** Who oversees the committee's reviews week by week: its Chair, the Sub-group (001 §4, §7) and lead officers. */
const DIGEST_ROLES: readonly CommitteeRole[] = ['committee_chair', 'subgroup_member', 'lead_officer'];

/**
 * Who gets the weekly digest, each once: the committee Chair, the Learning Review Sub-group's
 * members and the committee's lead officers (its own, and the people configured in LEAD_OFFICERS
 * while those are still read), and the Lead Officer of each open review.
 */
export function weeklyDigestAudience(
  committeeMembers: readonly CommitteeMember[],
  openReviews: Iterable<Review>,
  configuredLeadOfficers: readonly string[] = [],
): DigestRecipient[] {
  const audience = new Map<string, DigestRecipient>();
  const add = (personId: string, role: Role) => {
    if (!audience.has(personId)) audience.set(personId, { role, personId });
  };
  for (const role of DIGEST_ROLES)
    for (const member of committeeMembers) if (member.role === role) add(member.personId, role);
  for (const personId of configuredLeadOfficers) add(personId, 'lead_officer');
  for (const review of openReviews) {
    if (review.status === 'closed' || review.status === 'cancelled') continue;
    for (const member of review.members) if (member.role === 'lead_officer') add(member.personId, 'lead_officer');
  }
  return [...audience.values()];
}

/** A message about the whole committee: an intent without a review. */
export type CommitteeMessage = Omit<ReminderIntent, 'reviewId' | 'subject' | 'audience'> & {
  audience: DigestRecipient[];
};

/**
 * The digest of the week whose digest time is `dueAt` (local date `weekOf`), queued under a key
 * naming that date, so a doubled tick or a second instance queues it once. Its rows are worked out
 * when it is sent, so they are true on the day it arrives.
 */
export function weeklyDigestMessage(
  tenantId: string,
  weekOf: LocalDate,
  dueAt: Date,
  audience: DigestRecipient[],
): CommitteeMessage {
  const occasion = `week-of-${weekOf}`;
  return {
    key: committeeKey({ tenantId, rule: WEEKLY_DIGEST_RULE, occasion }),
    tenantId,
    rule: WEEKLY_DIGEST_RULE,
    occasion,
    dueAt,
    audience,
    severity: 'info',
    facts: { weekOf },
  };
}
