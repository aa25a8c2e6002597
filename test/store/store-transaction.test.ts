/**
 * `store.transaction`: changes made through the repositories it gives are stored together, each
 * with its audit entry, or, when the work throws part-way, none is (not even the audit). Runs
 * against both engines.
 */
import { NotFoundError } from '../../src/store';
import { forEachEngine, SERVER_TIMEOUT_MS } from './engines';

jest.setTimeout(SERVER_TIMEOUT_MS);

const TENANT = 'tenant-store-transaction';
const NOTIFIED = new Date('2025-09-01T09:00:00Z');

forEachEngine((harness) => {
  test('a review and its decision commit together, audited', async () => {
    const store = await (await harness.fresh()).open();
    await store.transaction(async (tx) => {
      const review = await tx.reviews.create(TENANT, 'system', {
        reference: 'LR-2026-010',
        kind: 'CP',
        subjectPseudonym: 'Child K',
        notifiedAt: NOTIFIED,
      });
      await tx.reviews.recordDecision(TENANT, 'system', review.id, {
        outcome: 'not_proceed',
        decidedAt: new Date('2025-09-10T09:00:00Z'),
      });
    });
    expect(await store.reviews.loadByReference(TENANT, 'LR-2026-010')).toMatchObject({
      decision: { outcome: 'not_proceed' },
    });
    expect((await store.audit.list(TENANT)).map((e) => e.action)).toEqual([
      'review.decision_recorded',
      'review.created',
    ]);
  });

  test('a failure after the review was written leaves neither the review nor its audit', async () => {
    const store = await (await harness.fresh()).open();
    await expect(
      store.transaction(async (tx) => {
        const review = await tx.reviews.create(TENANT, 'system', {
          reference: 'LR-2026-011',
          kind: 'CP',
          subjectPseudonym: 'Child L',
          notifiedAt: NOTIFIED,
        });
        // Refused by the store: no such step in the review's templates.
        await tx.reviews.recordMilestone(TENANT, 'system', review.id, {
          stepId: 'no-such-step',
          completedAt: NOTIFIED,
        });
      }),
    ).rejects.toThrow('no step "no-such-step"');
    await expect(store.reviews.loadByReference(TENANT, 'LR-2026-011')).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.audit.list(TENANT)).toEqual([]);
    // The store goes on working after the rollback.
    await store.reviews.create(TENANT, 'system', { reference: 'LR-2026-011', kind: 'CP', notifiedAt: NOTIFIED });
    expect((await store.audit.list(TENANT)).map((e) => e.action)).toEqual(['review.created']);
  });
});
