/**
 * The Learning Review Sub-group oversees every open review and every open improvement action on a
 * quarterly basis (001 §9; §4, §7): one digest a quarter, on the dates the committee sets.
 */
import {
  createCalendar,
  latestOversightTime,
  oversightDigest,
  oversightDigestAudience,
  oversightDigestMessage,
} from '../../src/domain';
import { createEngineContext } from '../../src/templates/load-templates';
import { reviewWith } from '../fixtures/synthetic-reviews';

const engine = createEngineContext();
const calendar = createCalendar();
const at = (iso: string) => new Date(iso);
const NINE = 9 * 60;

describe('the quarter dates', () => {
  const dates = ['01-15', '04-15', '07-15', '10-15'];

  it('fall on the committee’s dates at its reminder time, moved to the next working day', () => {
    // 15 January 2028 is a Saturday: the digest goes on Monday 17th at 09:00 (GMT).
    expect(latestOversightTime(calendar, at('2028-01-17T08:59:00Z'), dates, NINE)).toEqual({
      at: at('2027-10-15T08:00:00Z'),
      quarterOf: '2027-10-15',
    });
    expect(latestOversightTime(calendar, at('2028-01-17T09:00:00Z'), dates, NINE)).toEqual({
      at: at('2028-01-17T09:00:00Z'),
      quarterOf: '2028-01-15',
    });
  });

  it('are keyed by the quarter, so a doubled tick queues one digest', () => {
    const a = oversightDigestMessage('t', '2028-01-15', at('2028-01-17T09:00:00Z'), []);
    const b = oversightDigestMessage('t', '2028-01-15', at('2028-01-17T09:00:00Z'), []);
    expect(a.key).toBe(b.key);
    expect(a.key).toBe('lr1:t:-:digest.quarterly-oversight:committee:t:quarter-of-2028-01-15');
  });
});

describe('the digest', () => {
  it('goes to the Sub-group’s members, each once', () => {
    expect(
      oversightDigestAudience([
        { personId: 'p1', role: 'subgroup_member' },
        { personId: 'p2', role: 'committee_chair' },
        { personId: 'p3', role: 'subgroup_member' },
      ]),
    ).toEqual([
      { role: 'subgroup_member', personId: 'p1' },
      { role: 'subgroup_member', personId: 'p3' },
    ]);
  });

  it('lists every open review and every open improvement action, overdue first, without their free text', () => {
    const action = (id: string, dueOn: string | null, status: 'open' | 'done' = 'open') => ({
      id,
      description: `Secret description ${id}`,
      ownerPersonId: 'person-sm',
      agreedAt: at('2027-02-01T10:00:00Z'),
      dueOn,
      status,
      completedAt: status === 'done' ? at('2027-03-01T10:00:00Z') : null,
    });
    const reviews = [
      reviewWith({ id: 'r-decision', reference: 'LR-2027-002', notifiedAt: at('2027-06-20T10:00:00Z') }),
      reviewWith({
        id: 'r-plan',
        reference: 'LR-2027-001',
        status: 'improvement',
        decision: { outcome: 'not_proceed', decidedAt: at('2027-01-20T10:00:00Z') },
        improvementActions: [
          action('a-later', '2027-12-31'),
          action('a-late', '2027-06-30'),
          action('a-done', null, 'done'),
        ],
      }),
    ];
    const digest = oversightDigest(reviews, engine, at('2027-07-15T08:00:00Z'));
    // The plan with an overdue action is red, so it comes first.
    expect(digest.reviews.map((row) => [row.reference, row.rag])).toEqual([
      ['LR-2027-001', 'red'],
      ['LR-2027-002', 'green'],
    ]);
    expect(digest.actions.map((row) => [row.actionId, row.reference, row.overdue, row.monthsOpen])).toEqual([
      ['a-late', 'LR-2027-001', true, 5],
      ['a-later', 'LR-2027-001', false, 5],
    ]);
    expect(JSON.stringify(digest)).not.toContain('Secret description');
  });
});
