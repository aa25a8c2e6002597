/**
 * Authorisation behind the RoleLookup seam: a committee role is enough for anything that accepts it;
 * a role in the review counts only for that review; a refusal names the role and who to ask. The
 * lookup here is a stand-in, as the procedure's committee roles will replace the interim one.
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
      data: { neededRole: 'a lead officer, or the Review Team Chair or reviewer of LR-2026-001', askWho: 'Ana Lead' },
      detailsCommand: undefined,
    },
  });
  const nobody = await authorise(contextWith([], {}, []), { committee: ['lead_officer'] }, null);
  expect(nobody).toMatchObject({ refusal: { data: { neededRole: 'a lead officer', askWho: '' } } });
});
