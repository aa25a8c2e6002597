/**
 * A database written by the previous version (schema at migration N-1, with data) is upgraded in
 * place when the new version opens it: the data is kept and the new schema works. Both engines.
 */
import { sql } from 'kysely';
import { openStore } from '../../src/store';
import { connectDatabase } from '../../src/store/connect-database';
import { migrateDatabase } from '../../src/store/migrate-database';
import { migrationProvider } from '../../src/store/migrations';
import { createPeopleRepository } from '../../src/store/people-repository';
import { createReviewsRepository } from '../../src/store/reviews-repository';
import { createReminderOutboxRepository } from '../../src/store/reminder-outbox-repository';
import { forEachEngine, SERVER_TIMEOUT_MS, testClock } from './engines';
import { day } from './fixtures';

jest.setTimeout(SERVER_TIMEOUT_MS);

forEachEngine((harness) => {
  test('the previous schema with data is upgraded in place on open', async () => {
    const database = await harness.fresh();
    const names = Object.keys(await migrationProvider(harness.engine).getMigrations()).sort();
    const previous = names[names.length - 2];

    // The older version: schema up to N-1, and the repositories it had writing to it.
    const older = connectDatabase(database.options);
    await migrateDatabase(older.db, older.engine, previous);
    const ctx = { ...older, now: testClock().now };
    const review = await createReviewsRepository(ctx).create('tenant-upgrade', 'lead', {
      kind: 'ASP',
      subjectPseudonym: 'Adult D',
      notifiedAt: day('2026-02-20'),
    });
    const person = await createPeopleRepository(ctx).upsert('tenant-upgrade', 'lead', {
      aadObjectId: 'aad-d',
      displayName: 'Dee',
    });
    const reminder = {
      key: 'lr1:upgrade:1',
      tenantId: 'tenant-upgrade',
      reviewId: review.id,
      rule: 'deadline42.days-left',
      subject: { type: 'decision_deadline' as const, id: review.id },
      occasion: 'left-14',
      dueAt: day('2026-03-20'),
      audience: [{ role: 'chair' as const, personId: person.id }],
      severity: 'info' as const,
      facts: { reference: review.reference },
    };
    await createReminderOutboxRepository(ctx).enqueue('tenant-upgrade', reminder);
    await older.db.destroy();

    const store = await database.open(testClock().now);
    await expect(store.reviews.loadByReference('tenant-upgrade', review.reference)).resolves.toMatchObject({
      id: review.id,
      subjectPseudonym: 'Adult D',
    });
    await expect(store.people.get('tenant-upgrade', person.id)).resolves.toMatchObject({ displayName: 'Dee' });
    expect((await store.audit.list('tenant-upgrade')).map((e) => e.action).sort()).toEqual([
      'person.added',
      'reminder.queued',
      'review.created',
    ]);
    // The outbox kept its reminder and its delivery, and takes messages about the whole committee too.
    await expect(store.outbox.get('tenant-upgrade', reminder.key)).resolves.toMatchObject({
      reviewId: review.id,
      deliveries: [{ recipient: { personId: person.id }, status: 'pending' }],
    });
    await expect(
      store.outbox.enqueueForCommittee('tenant-upgrade', {
        ...reminder,
        key: 'lr1:upgrade:digest',
        rule: 'digest.weekly',
      }),
    ).resolves.toMatchObject({ created: true });
    await expect(store.outbox.get('tenant-upgrade', 'lr1:upgrade:digest')).resolves.toMatchObject({
      reviewId: null,
      subject: { type: 'committee', id: 'tenant-upgrade' },
    });
    // A reminder naming a review from nowhere is still refused by the database itself.
    const raw = connectDatabase(database.options);
    await expect(
      sql`insert into outbox_reminders (id, tenant_id, idempotency_key, review_id, rule, subject_type, subject_id,
          occasion, due_at, severity, facts_json, created_at)
          values ('x', 'tenant-upgrade', 'k', 'no-such-review', 'r', 'review', 's', 'o', 'd', 'info', '{}', 'c')`
        .execute(raw.db)
        .finally(() => raw.db.destroy()),
    ).rejects.toMatchObject({ message: expect.stringMatching(/foreign key/i) as string });
    // What the newest migration added works.
    await store.turnState.write({ k: { v: 1 } });
    expect(await store.turnState.read(['k'])).toMatchObject({ k: { v: 1 } });

    const inspect = connectDatabase(database.options);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`
      .execute(inspect.db)
      .finally(() => inspect.db.destroy());
    expect(applied.rows.map((r) => r.name)).toEqual(names);
    // Opening again (a restart, or a second instance) migrates nothing and loses nothing.
    const again = await openStore(database.options);
    await expect(again.reviews.load('tenant-upgrade', review.id)).resolves.toMatchObject({
      reference: review.reference,
    });
    await again.close();
  });
});
