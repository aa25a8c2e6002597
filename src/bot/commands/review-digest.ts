/**
 * `digest`: every open review at a glance, most urgent first, for the committee Chair, lead officers
 * and the Sub-group: the weekly digest's own rows and card, as of now. One to one in full; in a group
 * chat or channel only the counts and references, with the offer to send the rest one to one.
 */
import { weeklyDigest } from '../../domain';
import type { CommandDefinition } from '../command-router';
import { digestCardData, digestSummaryData } from '../digest-card';
import { answer } from '../present-card';
import { sayDay } from '../say-date';
import { isShared } from '../scope-rules';

export const DIGEST_READERS = { committee: ['committee_chair', 'lead_officer', 'subgroup_member'] } as const;

export const digestCommand: CommandDefinition = {
  name: 'digest',
  usage: 'digest',
  summary: 'Every open review at a glance, most urgent first: the weekly digest, as of now.',
  menu: ['personal', 'groupChat', 'team'],
  requires: DIGEST_READERS,
  async run(ctx) {
    const roster = await ctx.store.committeeRoles.list(ctx.tenantId);
    const reviews = [];
    for (let afterId: string | null = null; ;) {
      const page = await ctx.store.reviews.listForSweep(ctx.tenantId, { limit: 200, afterId }, roster);
      reviews.push(...page);
      if (page.length < 200) break;
      afterId = page[page.length - 1].id;
    }
    const digest = weeklyDigest(reviews, ctx.engine, ctx.now());
    for (const failure of digest.failures) {
      ctx.logger.error(
        { tenantId: ctx.tenantId, reviewId: failure.reviewId, err: { type: failure.error.name } },
        'review left out of the digest',
      );
    }
    const today = sayDay(ctx.now(), ctx.timeZone);
    if (isShared(ctx.scope)) return answer('digest-summary', digestSummaryData(digest.rows, today), 'digest');
    return answer('weekly-digest', digestCardData(digest.rows, { weekly: false, date: today }), 'digest');
  },
};
