/**
 * The tick applies a committee's retention period, on both engines, with an injected clock: never
 * without a period, never before a dry run confirmed the first run, and afterwards by itself, once
 * per review, as each closed review passes the period.
 */
import { type Calendar, createCalendar } from '../../src/domain';
import { tick } from '../../src/scheduler/committee-sweeps';
import type { Store } from '../../src/store';
import { createEngineContext } from '../../src/templates/load-templates';
import { capturedLog, expectNothingSensitiveLogged } from '../support/log-scan';
import { forEachEngine, SERVER_TIMEOUT_MS, testClock, type TestDatabase } from '../store/engines';

jest.setTimeout(SERVER_TIMEOUT_MS);

const T = 'tenant-retention';
const DAY = 86_400_000;
const calendar: Calendar = createCalendar({ timeZone: 'Europe/London', region: 'scotland' });

forEachEngine((harness) => {
  const clock = testClock('2026-01-05T09:00:00.000Z');
  let database: TestDatabase;
  let store: Store;
  let log: ReturnType<typeof capturedLog>;

  beforeEach(async () => {
    clock.set('2026-01-05T09:00:00.000Z');
    database = await harness.fresh();
    store = await database.open(clock.now);
    log = capturedLog();
  });

  afterEach(async () => {
    await expectNothingSensitiveLogged(log.lines, database.options);
  });

  const tickAt = (iso: string) => {
    clock.set(iso);
    return tick(
      { store, engine: createEngineContext(), calendarFor: () => Promise.resolve(calendar), logger: log.logger },
      clock.now(),
    );
  };

  /** A review with a role and a pause note, cancelled now. */
  async function cancelledReview(pseudonym: string) {
    const lead = await store.people.upsert(T, 'system', {
      teamsUserId: `29:lead-${pseudonym}`,
      displayName: `Lead of ${pseudonym}`,
    });
    const review = await store.reviews.create(T, lead.id, {
      kind: 'CP',
      subjectPseudonym: pseudonym,
      notifiedAt: new Date(clock.now().getTime() - DAY),
    });
    await store.people.assignRole(T, lead.id, { reviewId: review.id, personId: lead.id, role: 'lead_officer' });
    await store.reviews.changeStatus(T, lead.id, review.id, { status: 'cancelled', at: clock.now() });
    return review;
  }

  const members = async (reviewId: string) => (await store.reviews.load(T, reviewId)).members.length;

  it('removes nothing without a period, however long ago a review closed', async () => {
    const review = await cancelledReview('Child P7');
    const summary = await tickAt('2036-01-05T09:00:00.000Z');
    expect(summary.retention).toEqual([]);
    expect(await members(review.id)).toBe(1);
  });

  it('waits for the dry run’s confirmation, then applies the period on its own, once per review', async () => {
    const first = await cancelledReview('Child P7');
    await store.retention.setPeriod(T, 'system', 30);
    clock.set('2026-01-20T09:00:00.000Z');
    const second = await cancelledReview('Child Q8');

    // 31 days on: the first is past the period, but no dry run has confirmed the first real run.
    expect((await tickAt('2026-02-05T09:05:00.000Z')).retention).toEqual([]);
    expect(await members(first.id)).toBe(1);

    const { token, candidates } = await store.retention.dryRun(T);
    expect(candidates.map((c) => c.reviewId)).toEqual([first.id]);
    expect((await store.retention.confirm(token)).applied.map((c) => c.reviewId)).toEqual([first.id]);
    expect(await members(first.id)).toBe(0);
    expect(await members(second.id)).toBe(1);

    // The second passes the period on 19 February: the next tick after empties it, and no later one again.
    expect((await tickAt('2026-02-19T08:55:00.000Z')).retention).toEqual([]);
    expect((await tickAt('2026-02-19T09:05:00.000Z')).retention).toEqual([{ tenantId: T, reviews: 1 }]);
    expect(await members(second.id)).toBe(0);
    expect((await tickAt('2026-02-19T09:10:00.000Z')).retention).toEqual([]);
    const applied = (await store.audit.list(T)).filter((e) => e.action === 'review.retention_applied');
    expect(applied.map((e) => [e.reviewId, e.occurredAt])).toEqual([
      [second.id, new Date('2026-02-19T09:05:00.000Z')],
      [first.id, new Date('2026-02-05T09:05:00.000Z')],
    ]);
    expect(log.lines.filter((l) => l.msg === 'retention period applied: closed reviews emptied')).toEqual([
      expect.objectContaining({ tenantId: T, reviews: 1, reviewIds: [second.id] }),
    ]);
  });
});
