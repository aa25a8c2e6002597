/**
 * `demo`: a newcomer's first minute. A lead officer types demo and sees a review part-way through its
 * 42 days, with steps done, and an agency's report overdue; never in production.
 */
import { demoCommand } from '../../src/bot/commands/demo';
import type { BotTurnContext } from '../../src/bot/turn-context';
import { type Conversation, startConversation } from '../support/conversation-harness';
import { PRACTITIONER, TENANT_ID } from '../support/teams-activity';

const NOW = new Date('2026-11-24T10:00:00Z');
let c: Conversation;

beforeEach(async () => {
  c = await startConversation({ now: NOW });
});

afterEach(() => c.close());

it('opens a demo review with a countdown, a timeline with steps done, and an overdue report', async () => {
  const card = await c.say('demo');
  expect(card).toEqual(
    expect.arrayContaining([
      'Review opened',
      'LR-2026-001: Child A',
      'Notified: Sunday 25 October 2026',
      'Days used: 30 days',
      'Days left: 12 days',
    ]),
  );
  const review = await c.service.store.reviews.loadByReference(TENANT_ID, 'LR-2026-001');
  expect(review.reportRequests).toEqual([
    expect.objectContaining({ agencyName: 'Demo Agency', dueOn: '2026-11-19', status: 'requested' }),
  ]);
  expect(review.milestones.map((m) => m.stepId)).toContain('reports-requested');
  const timeline = await c.say('timeline LR-2026-001');
  expect(timeline.filter((line) => line.startsWith('Done: '))).toHaveLength(4);
  expect(await c.say('history LR-2026-001')).toEqual(expect.arrayContaining(['Ana Lead opened the review.']));
});

it('is for lead officers', async () => {
  expect((await c.say('demo', 'personal', PRACTITIONER))[0]).toBe('This needs a Lead Officer.');
  expect(await c.service.store.reviews.listOpen(TENANT_ID)).toEqual([]);
});

it('is refused in production, and opens nothing', async () => {
  const ctx = { production: true } as unknown as BotTurnContext;
  await expect(demoCommand.run(ctx, { args: '', raw: '', review: null })).rejects.toThrow(
    'There are no demo reviews here: this is where the real reviews are kept.',
  );
});
