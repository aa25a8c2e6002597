/** The weekly digest's rows and audience, as pure functions of reviews, the engine and an instant. */
import { createCalendar, weeklyDigest, weeklyDigestAudience } from '../../src/domain';
import { createEngineContext } from '../../src/templates/load-templates';
import { reviewWith } from '../fixtures/synthetic-reviews';

const engine = { ...createEngineContext(), calendar: createCalendar({ timeZone: 'Europe/London' }) };
const NOW = new Date('2026-11-16T08:00:00Z');

test('rows run red, amber, green, nearest deadline first; closed reviews are left out', () => {
  const reviews = [
    reviewWith({ id: 'green', reference: 'LR-2026-001', notifiedAt: new Date('2026-11-13T10:00:00Z') }),
    reviewWith({ id: 'red-later', reference: 'LR-2026-002', notifiedAt: new Date('2026-10-04T10:00:00Z') }),
    reviewWith({ id: 'red-sooner', reference: 'LR-2026-003', notifiedAt: new Date('2026-10-01T10:00:00Z') }),
    // 9 days left, with a Consideration Meeting booked: amber.
    reviewWith({
      id: 'amber',
      reference: 'LR-2026-004',
      notifiedAt: new Date('2026-10-14T10:00:00Z'),
      meetings: [
        {
          id: 'm1',
          kind: 'consideration_meeting',
          title: 'CM',
          stepId: null,
          startsAt: new Date('2026-11-20T10:00:00Z'),
          endsAt: null,
          scheduledAt: new Date('2026-10-20T10:00:00Z'),
          status: 'scheduled',
          chairPersonId: null,
          invitations: [],
        },
      ],
    }),
    reviewWith({
      id: 'closed',
      reference: 'LR-2026-005',
      status: 'closed',
      closedAt: new Date('2026-11-01T10:00:00Z'),
    }),
  ];
  const digest = weeklyDigest(reviews, engine, NOW);
  expect(digest.failures).toEqual([]);
  expect(digest.rows.map((r) => [r.reviewId, r.rag, r.daysUsed, r.daysLeft])).toEqual([
    ['red-sooner', 'red', 46, -4],
    ['red-later', 'red', 43, -1],
    ['amber', 'amber', 33, 9],
    ['green', 'green', 3, 39],
  ]);
});

test('a review the engine cannot plan is reported, and the others still listed', () => {
  const digest = weeklyDigest(
    [reviewWith({ id: 'broken', decisionTemplateId: 'gone' }), reviewWith({ id: 'fine' })],
    engine,
    NOW,
  );
  expect(digest.rows.map((r) => r.reviewId)).toEqual(['fine']);
  expect(digest.failures.map((f) => f.reviewId)).toEqual(['broken']);
});

test('after the decision a row counts whole months since it', () => {
  const review = reviewWith({
    status: 'improvement',
    decision: { outcome: 'not_proceed', decidedAt: new Date('2026-08-31T10:00:00Z') },
  });
  expect(weeklyDigest([review], engine, NOW).rows[0]).toMatchObject({
    stage: 'improvement',
    monthsSinceDecision: 2,
    daysLeft: null,
    rag: 'green',
  });
});

test('the audience: the committee Chair, the Sub-group and the lead officers, each once (001 §4, §7)', () => {
  const committee = [
    { personId: 'person-chair', role: 'committee_chair' as const },
    { personId: 'person-sub-1', role: 'subgroup_member' as const },
    { personId: 'person-sub-2', role: 'subgroup_member' as const },
    { personId: 'person-lo', role: 'lead_officer' as const },
    { personId: 'person-ppm', role: 'public_protection_manager' as const },
    { personId: 'person-admin', role: 'administrator' as const },
  ];
  const reviews = [
    reviewWith({ id: 'a' }),
    reviewWith({
      id: 'b',
      members: [
        { personId: 'person-sub-1', role: 'lead_officer', agencyId: null },
        { personId: 'person-rtc', role: 'review_team_chair', agencyId: null },
        { personId: 'person-practitioner', role: 'practitioner', agencyId: null },
      ],
    }),
    reviewWith({
      id: 'c',
      status: 'cancelled',
      members: [{ personId: 'person-gone', role: 'lead_officer', agencyId: null }],
    }),
  ];
  expect(weeklyDigestAudience(committee, reviews, ['person-named', 'person-lo'])).toEqual([
    { role: 'committee_chair', personId: 'person-chair' },
    { role: 'subgroup_member', personId: 'person-sub-1' },
    { role: 'subgroup_member', personId: 'person-sub-2' },
    { role: 'lead_officer', personId: 'person-lo' },
    { role: 'lead_officer', personId: 'person-named' },
    { role: 'lead_officer', personId: 'person-lead' },
  ]);
});
