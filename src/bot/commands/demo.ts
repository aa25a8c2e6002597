/**
 * `demo`: opens a demo review so a newcomer sees, in the first minute, a countdown part-way through
 * its 42 days, a timeline with steps done and late, and an agency's report overdue. Refused in
 * production, where every review is a real one.
 */
import { DateTime } from 'luxon';
import { LEAD_OFFICERS_ONLY } from '../authorise';
import { type CommandDefinition, CommandProblem } from '../command-router';
import { agencyNamed } from './review-people';
import { reviewCard } from './review-status';

/** How long ago the demo's notification came in: a little over half of the 42 days. */
const DAYS_AGO = 30;

export const demoCommand: CommandDefinition = {
  name: 'demo',
  usage: 'demo',
  summary: 'Opens a demo review to look around (not in production).',
  requires: LEAD_OFFICERS_ONLY,
  async run(ctx) {
    if (ctx.production) {
      throw new CommandProblem('There are no demo reviews here: this is where the real reviews are kept.');
    }
    const today = DateTime.fromJSDate(ctx.now(), { zone: ctx.timeZone }).startOf('day');
    const notified = today.minus({ days: DAYS_AGO }).set({ hour: 9, minute: 30 });
    const review = await ctx.store.reviews.create(ctx.tenantId, ctx.person.id, {
      kind: 'CP',
      notifiedAt: notified.toJSDate(),
      leadOfficerPersonId: ctx.person.id,
    });
    for (const [stepId, daysIn] of [
      ['notification-received', 0],
      ['notification-acknowledged', 1],
      ['agencies-identified', 3],
      ['reports-requested', 4],
    ] as const) {
      await ctx.store.reviews.recordMilestone(ctx.tenantId, ctx.person.id, review.id, {
        stepId,
        completedAt: notified.plus({ days: daysIn }).toJSDate(),
      });
    }
    const { agency } = await agencyNamed(ctx, 'Demo Agency');
    await ctx.store.reportRequests.request(ctx.tenantId, ctx.person.id, review.id, {
      agencyId: agency.id,
      seniorManagerPersonId: ctx.person.id,
      dueOn: today.minus({ days: 5 }).toISODate()!,
    });
    return reviewCard(ctx, await ctx.store.reviews.load(ctx.tenantId, review.id), { opened: true });
  },
};
