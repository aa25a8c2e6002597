/**
 * What a review's card and timeline say once the review has been decided, closed or cancelled: how it
 * went, and nothing still counting, due, late or rated. Through the real service on a fresh SQLite
 * store; the clock starts on Tuesday 24 November 2026, 10:00, and moves when a test says so.
 */
import { type Conversation, startConversation } from '../support/conversation-harness';
import { TENANT_ID } from '../support/teams-activity';

const DAY = 86_400_000;
let c: Conversation;

beforeEach(async () => {
  c = await startConversation({ now: '2026-11-24T10:00:00Z' });
});

afterEach(() => c.close());

/** A review notified on Tuesday 20 October 2026: day 35 of 42 on the clock's first day. */
const openReview = () =>
  c.service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });

describe('a review cancelled before its decision', () => {
  beforeEach(async () => {
    await openReview();
    await c.say('pause LR-2026-001 criminal proceedings');
    await c.say('cancel LR-2026-001 duplicate notification');
  });

  it('shows when it was cancelled and how far the 42 days had run, with nothing left to count', async () => {
    c.clock.advance(60 * DAY);
    expect(await c.say('status LR-2026-001')).toEqual([
      'LR-2026-001: Child A',
      'Cancelled on Tuesday 24 November 2026',
      'Kind: Child Protection',
      'Stage: Cancelled',
      'Notified: Tuesday 20 October 2026',
      'Decision due by: Tuesday 1 December 2026',
      '42 days: Not decided: cancelled on day 35 of 42',
      'Days used: 35 days',
    ]);
  });

  it('lists the steps never done as not done, rather than late or coming', async () => {
    const text = await c.say('timeline LR-2026-001');
    expect(text.slice(0, 6)).toEqual([
      'Timeline of LR-2026-001: Child A',
      'Cancelled. Not decided: cancelled on day 35 of 42.',
      'Notification received by the Lead Officer',
      'Done',
      'Planned: Tuesday 20 October 2026',
      'Done: Tuesday 20 October 2026',
    ]);
    expect(text).not.toEqual(expect.arrayContaining(['Late']));
    expect(text).not.toEqual(expect.arrayContaining(['Upcoming']));
    expect(text.filter((line) => line === 'Not done').length).toBeGreaterThan(5);
  });
});

it('shows a closed review as closed, with how the 42 days went and no months counting on', async () => {
  await openReview();
  await c.say('decide LR-2026-001 not-proceed on 23/11/2026');
  await c.say('close LR-2026-001');
  c.clock.advance(90 * DAY);
  const text = await c.say('status LR-2026-001');
  expect(text.slice(0, 3)).toEqual([
    'LR-2026-001: Child A',
    'Closed on Tuesday 24 November 2026',
    'Kind: Child Protection',
  ]);
  expect(text).toEqual(
    expect.arrayContaining(['Stage: Closed', '42 days: Decided within the 42 days', 'Days used: 34 days']),
  );
  expect(text.some((line) => /^(Days left|Next deadline|Steps late|Green|Amber|Red)/.test(line))).toBe(false);
});

it('says how the 42 days went once decided, not how many are left, and counts the months after', async () => {
  await openReview();
  await c.say('decide LR-2026-001 proceed tier-2-3 on 23/11/2026');
  const text = await c.say('status LR-2026-001');
  expect(text).toContain('42 days: Decided within the 42 days; less than a month since the decision');
  expect(text.some((line) => line.startsWith('Days left'))).toBe(false);

  c.clock.set('2027-01-25T10:00:00Z');
  expect(await c.say('status LR-2026-001')).toContain(
    '42 days: Decided within the 42 days; 2 months since the decision',
  );
});
