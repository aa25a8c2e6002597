/**
 * Authorisation, checked on the server before any command or card action runs. Each declares what
 * it requires: a committee-wide role, a role in the review it acts on, or nobody in particular. A
 * refusal names the role needed and who to ask.
 */
import { COMMITTEE_ROLES, type Role } from '../domain';
import { answer, type CardAnswer } from './present-card';
import type { CommitteeRole } from './role-lookup';
import { aRole, oneOf, roleWords } from './role-words';
import type { BotTurnContext } from './turn-context';

export type Requirement =
  | { anyone: true }
  | {
      anyone?: false;
      /** Any of these committee-wide roles is enough. */
      committee: readonly CommitteeRole[];
      /** Or any of these roles in the review the command or action names. */
      review?: readonly Role[];
    };

export const ANYONE: Requirement = { anyone: true };
export const LEAD_OFFICERS_ONLY: Requirement = { committee: ['lead_officer'] };
/** Everyone holding a committee role: the Chair, the Public Protection Manager and the Sub-group oversee every review. */
export const COMMITTEE_READERS: Requirement = {
  committee: ['lead_officer', 'administrator', 'committee_chair', 'public_protection_manager', 'subgroup_member'],
};
/** Who keeps a review's people and records: lead officers and administrators, and the review's Lead Officer and Chair. */
export const REVIEW_KEEPERS: Requirement = {
  committee: ['lead_officer', 'administrator'],
  review: ['lead_officer', 'review_team_chair'],
};

export type Verdict = { allowed: true } | { allowed: false; refusal: CardAnswer };

/** The review in question, if any: its id for the role lookup, its reference for the refusal. */
export interface ReviewInQuestion {
  id: string;
  reference: string;
}

export async function hasCommitteeRole(ctx: BotTurnContext, requirement: Requirement): Promise<boolean> {
  if (requirement.anyone) return true;
  const held = await ctx.roles.committeeRolesOf(ctx.tenantId, ctx.person);
  return requirement.committee.some((role) => held.has(role));
}

export async function authorise(
  ctx: BotTurnContext,
  requirement: Requirement,
  review: ReviewInQuestion | null,
): Promise<Verdict> {
  if (requirement.anyone || (await hasCommitteeRole(ctx, requirement))) return { allowed: true };
  if (review && requirement.review && requirement.review.length > 0) {
    const held = await ctx.roles.reviewRolesOf(ctx.tenantId, ctx.person.id, review.id);
    if (requirement.review.some((role) => held.has(role))) return { allowed: true };
  }
  return { allowed: false, refusal: await refusal(ctx, requirement, review?.reference ?? null) };
}

/**
 * "This needs a Lead Officer or the Committee Chair", with who to ask: the lead officers, who give
 * people their roles (`committee`, `add`).
 */
export async function refusal(
  ctx: BotTurnContext,
  requirement: Requirement,
  reference: string | null,
): Promise<CardAnswer> {
  if (requirement.anyone) throw new Error('nothing to refuse');
  const everyRole = COMMITTEE_ROLES.every((role) => requirement.committee.includes(role));
  const committee = everyRole ? 'a role in the committee' : oneOf(requirement.committee.map(aRole));
  const inReview = (requirement.review ?? []).map(roleWords);
  const needed =
    inReview.length === 0 ? committee : `${committee}, or the ${oneOf(inReview)} of ${reference ?? 'the review'}`;
  const askable = await ctx.roles.holdersOf(ctx.tenantId, 'lead_officer');
  return answer('not-allowed', {
    neededRole: needed,
    askWho: askable.length > 0 ? askable.join(', ') : '',
  });
}
