/**
 * Authorisation behind the RoleLookup seam: a committee role is enough for anything that accepts it;
 * a role in the review counts only for that review; a refusal names the role and who to ask. The
 * lookup here is a stand-in; the store's is tested in the conversation tests.
 */
import type { Role } from '../../../src/domain';
import { authorise, type Requirement } from '../../../src/bot/authorise';
import type { CommitteeRole, RoleLookup } from '../../../src/bot/role-lookup';
import type { BotTurnContext } from '../../../src/bot/turn-context';

const REVIEW = { id: 'review-1', reference: 'LR-2026-001' };
const READERS: Requirement = { committee: ['lead_officer'], review: ['review_team_chair', 'reviewer'] };

function contextWith(committee: CommitteeRole[], inReview: Record<string, Role[]>, askable: string[] = ['Ana Lead']) {
  const roles: RoleLookup = {
    committeeRolesOf: () => Promise.resolve(new Set(committee)),
    reviewRolesOf: (_tenant, _person, reviewId) => Promise.resolve(new Set(inReview[reviewId] ?? [])),
    holdersOf: () => Promise.resolve(askable),
    isConfiguredLeadOfficer: () => false,
  };
  return {
    tenantId: 'tenant-1',
    person: { id: 'person-1', teamsUserId: '29:x', aadObjectId: null, displayName: 'Sam', email: null },
    roles,
  } as unknown as BotTurnContext;
}

it('lets anyone through where nothing is required', async () => {
  expect(await authorise(contextWith([], {}), { anyone: true }, null)).toEqual({ allowed: true });
});

it('lets a committee role through, with or without a review', async () => {
  const ctx = contextWith(['lead_officer'], {});
  expect(await authorise(ctx, READERS, REVIEW)).toEqual({ allowed: true });
  expect(await authorise(ctx, READERS, null)).toEqual({ allowed: true });
});

it('counts a role in a review for that review only', async () => {
  const ctx = contextWith([], { 'review-1': ['reviewer'] });
  expect(await authorise(ctx, READERS, REVIEW)).toEqual({ allowed: true });
  expect((await authorise(ctx, READERS, { id: 'review-2', reference: 'LR-2026-002' })).allowed).toBe(false);
  expect((await authorise(ctx, READERS, null)).allowed).toBe(false);
});

it('does not count a review role the requirement does not name', async () => {
  const ctx = contextWith([], { 'review-1': ['practitioner'] });
  expect((await authorise(ctx, READERS, REVIEW)).allowed).toBe(false);
});

it('refuses naming the role needed and who to ask', async () => {
  expect(await authorise(contextWith([], {}), READERS, REVIEW)).toEqual({
    allowed: false,
    refusal: {
      card: 'not-allowed',
      data: { neededRole: 'a Lead Officer, or the Review Team Chair or Reviewer of LR-2026-001', askWho: 'Ana Lead' },
      detailsCommand: undefined,
    },
  });
  const nobody = await authorise(contextWith([], {}, []), { committee: ['lead_officer'] }, null);
  expect(nobody).toMatchObject({ refusal: { data: { neededRole: 'a Lead Officer', askWho: '' } } });
});

it('names committee roles with the article each takes, and every committee role at once as a role in it', async () => {
  const chairOrAdmin = await authorise(contextWith([], {}), { committee: ['committee_chair', 'administrator'] }, null);
  expect(chairOrAdmin).toMatchObject({
    refusal: { data: { neededRole: 'the Committee Chair or a Senior Business Support Administrator' } },
  });
  const anyCommitteeRole: Requirement = {
    committee: ['subgroup_member', 'public_protection_manager', 'lead_officer', 'administrator', 'committee_chair'],
  };
  expect(await authorise(contextWith([], {}), anyCommitteeRole, null)).toMatchObject({
    refusal: { data: { neededRole: 'a role in the committee' } },
  });
  expect(await authorise(contextWith(['subgroup_member'], {}), anyCommitteeRole, null)).toEqual({ allowed: true });
});
