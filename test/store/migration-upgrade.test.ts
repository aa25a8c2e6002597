/**
 * A database written by the released version (schema up to migration 0002, with its data) is
 * upgraded in place when this version opens it: the data is kept, what the new migrations fill in
 * is filled from what the old data says, and the new schema works. Both engines.
 */
import { sql } from 'kysely';
import { openStore } from '../../src/store';
import { connectDatabase } from '../../src/store/connect-database';
import { migrateDatabase } from '../../src/store/migrate-database';
import { migrationProvider } from '../../src/store/migrations';
import { BUILT_IN_COMMITTEE_DEFAULTS } from '../../src/store/store-context';
import { forEachEngine, SERVER_TIMEOUT_MS, testClock } from './engines';

jest.setTimeout(SERVER_TIMEOUT_MS);

const RELEASED = '0002-turn-state-and-audit-guard';
const T = 'tenant-upgrade';
const OLD = '2026-02-20T09:00:00.000Z';

/** Rows as the released version wrote them: its columns only, and its audit entries. */
async function writeReleasedData(options: Parameters<typeof connectDatabase>[0]) {
  const { db } = connectDatabase(options);
  const run = (statement: ReturnType<typeof sql>) => statement.execute(db);
  try {
    await run(sql`insert into committees (tenant_id, name, time_zone, created_at, updated_at)
      values (${T}, 'Old committee', 'Europe/London', ${OLD}, ${OLD})`);
    const review = (id: string, reference: string, number: number, decidedAt: string | null) =>
      run(sql`insert into reviews (id, tenant_id, reference, reference_year, reference_number, kind, status,
        subject_pseudonym, notified_at, decision_template_id, review_template_id, tier, decision_outcome, decided_at,
        closed_at, created_at, updated_at) values (${id}, ${T}, ${reference}, 2026, ${number}, 'CP',
        ${decidedAt ? 'in_review' : 'decision_stage'}, 'Child D', ${OLD}, 'decision-stage',
        ${decidedAt ? 'tier-2-3' : null}, ${decidedAt ? '3' : null}, ${decidedAt ? 'proceed' : null}, ${decidedAt},
        null, ${OLD}, ${OLD})`);
    await review('r-padded', 'LR-2026-0050', 50, null);
    await review('r-canonical', 'LR-2026-007', 7, null);
    await review('r-clash', 'LR-2026-0007', 7, null);
    await review('r-decided', 'LR-2026-008', 8, '2026-03-20T15:00:00.000Z');
    // Moved to improvement on 10 May (recorded the 12th): its review was complete then.
    await review('r-improved', 'LR-2026-009', 9, '2026-03-20T15:00:00.000Z');
    await run(sql`update reviews set status = 'improvement' where id = 'r-improved'`);
    await run(sql`insert into audit_log (tenant_id, occurred_at, actor, action, entity_type, entity_id, review_id,
      after_json) values (${T}, '2026-05-12T09:00:00.000Z', 'system', 'review.status_changed', 'review', 'r-improved',
      'r-improved', '{"status":"improvement","closedAt":null}')`);
    const audit = (action: string, entityType: string, entityId: string, at: string) =>
      run(sql`insert into audit_log (tenant_id, occurred_at, actor, action, entity_type, entity_id, review_id)
        values (${T}, ${at}, 'system', ${action}, ${entityType}, ${entityId}, 'r-decided')`);
    await audit('review.decision_recorded', 'review', 'r-decided', '2026-04-02T10:00:00.000Z');
    await run(sql`insert into meetings (id, tenant_id, review_id, kind, title, step_id, starts_at, ends_at,
      scheduled_at, status, chair_person_id, created_at, updated_at) values ('m-moved', ${T}, 'r-decided',
      'review_team_meeting', 'RTM 1', null, '2026-05-01T10:00:00.000Z', null, '2026-03-21T10:00:00.000Z',
      'scheduled', null, ${OLD}, ${OLD})`);
    await audit('meeting.rescheduled', 'meeting', 'm-moved', '2026-04-03T10:00:00.000Z');
    await run(sql`insert into agencies (id, tenant_id, name, created_at) values ('a-1', ${T}, 'NHS', ${OLD})`);
    await run(sql`insert into report_requests (id, tenant_id, review_id, agency_id, author_person_id,
      senior_manager_person_id, requested_at, due_on, status, submitted_at, created_at, updated_at)
      values ('q-1', ${T}, 'r-decided', 'a-1', null, null, '2026-02-21T10:00:00.000Z', '2026-03-10', 'requested',
      null, ${OLD}, ${OLD})`);
    await run(sql`insert into clock_pauses (id, tenant_id, review_id, reason, started_at, ended_at, created_at)
      values ('p-1', ${T}, 'r-decided', 'Trial', '2026-02-22T10:00:00.000Z', '2026-02-25T10:00:00.000Z',
      '2026-02-22T10:00:00.000Z')`);
    await audit('clock.resumed', 'clock_pause', 'p-1', '2026-02-26T10:00:00.000Z');
    await run(sql`insert into clock_pauses (id, tenant_id, review_id, reason, started_at, ended_at, created_at)
      values ('p-2', ${T}, 'r-padded', 'Fatal Accident Inquiry pending', '2026-03-01T10:00:00.000Z', null,
      '2026-03-01T10:00:00.000Z')`);
    // A person, and the audit entries the released version wrote about them: name, e-mail, ids.
    await run(sql`insert into people (id, tenant_id, teams_user_id, aad_object_id, display_name, email, created_at,
      updated_at) values ('person-sam', ${T}, '29:sam', 'aad-sam', 'Sam Jones', 'Sam.Jones@example.org', ${OLD}, ${OLD})`);
    // The one "chair" of the released version: of a review in its decision stage (the Consideration
    // Meeting's, the committee Chair), and of a review decided to proceed (its Review Team's).
    await run(sql`insert into people (id, tenant_id, teams_user_id, aad_object_id, display_name, email, created_at,
      updated_at) values ('person-pat', ${T}, '29:pat', 'aad-pat', 'Pat Practitioner', null, ${OLD}, ${OLD})`);
    const member = (reviewId: string, personId: string, role: string, agencyId: string | null) =>
      run(sql`insert into review_members (tenant_id, review_id, person_id, role, agency_id, created_at)
        values (${T}, ${reviewId}, ${personId}, ${role}, ${agencyId}, ${OLD})`);
    await member('r-padded', 'person-sam', 'chair', null);
    await member('r-decided', 'person-sam', 'chair', null);
    await member('r-decided', 'person-sam', 'administrator', null);
    await member('r-decided', 'person-pat', 'practitioner', 'a-1');
    // A report whose author is a practitioner: the released version would have chased them.
    await run(sql`insert into report_requests (id, tenant_id, review_id, agency_id, author_person_id,
      senior_manager_person_id, requested_at, due_on, status, submitted_at, created_at, updated_at)
      values ('q-2', ${T}, 'r-decided', 'a-1', 'person-pat', null, '2026-02-21T10:00:00.000Z', '2026-03-10',
      'requested', null, ${OLD}, ${OLD})`);
    // A reminder queued and not yet sent: the outbox table is rebuilt later, and must keep it.
    await run(sql`insert into outbox_reminders (id, tenant_id, idempotency_key, review_id, rule, subject_type,
      subject_id, occasion, due_at, severity, facts_json, created_at) values ('o-1', ${T}, 'lr1:upgrade:1',
      'r-decided', 'deadline42.days-left', 'decision_deadline', 'r-decided', 'left-14', '2026-03-20T09:00:00.000Z',
      'info', '{"reference":"LR-2026-008"}', ${OLD})`);
    await run(sql`insert into outbox_deliveries (id, tenant_id, reminder_id, recipient_key, recipient_role,
      recipient_person_id, status, attempts, next_attempt_at, last_attempt_at, last_error, claimed_by, sent_at,
      created_at, updated_at) values ('d-1', ${T}, 'o-1', 'person-sam', 'lead_officer', 'person-sam', 'pending', 0,
      '2026-03-20T09:00:00.000Z', null, null, null, null, ${OLD}, ${OLD})`);
    const person = { id: 'person-sam', teamsUserId: '29:sam', aadObjectId: 'aad-sam', displayName: 'Sam Jones' };
    const entry = (action: string, actor: string, before: unknown, after: unknown) =>
      run(sql`insert into audit_log (tenant_id, occurred_at, actor, action, entity_type, entity_id, review_id,
        before_json, after_json) values (${T}, ${OLD}, ${actor}, ${action}, 'person', 'person-sam', null,
        ${before === null ? null : JSON.stringify(before)}, ${JSON.stringify(after)})`);
    await entry('person.added', 'system', null, { ...person, email: null });
    await entry(
      'person.updated',
      'sam.jones@example.org',
      { ...person, email: null },
      { ...person, email: 'Sam.Jones@example.org' },
    );
  } finally {
    await db.destroy();
  }
}

forEachEngine((harness) => {
  test('the released schema with data is upgraded in place on open, filled in from what the data says', async () => {
    const database = await harness.fresh();
    const settings = { now: testClock().now, committeeDefaults: BUILT_IN_COMMITTEE_DEFAULTS };
    const names = Object.keys(await migrationProvider(harness.engine, settings).getMigrations()).sort();
    const older = connectDatabase(database.options);
    await migrateDatabase(older.db, older.engine, RELEASED, settings);
    await older.db.destroy();
    await writeReleasedData(database.options);

    const upgradedAt = '2026-06-01T09:00:00.000Z';
    // This deployment's HOLIDAY_REGION is England and Wales: the old committee was counted with it.
    const committeeDefaults = { ...BUILT_IN_COMMITTEE_DEFAULTS, holidayRegion: 'england-and-wales' as const };
    const upgrader = connectDatabase(database.options);
    try {
      await migrateDatabase(upgrader.db, upgrader.engine, undefined, {
        now: testClock(upgradedAt).now,
        committeeDefaults,
      });
      // The audit is append-only again once the rewrite is done: its guard is back as it was.
      if (harness.engine === 'postgres') {
        const triggers = await sql<{ name: string }>`select tgname as name from pg_trigger
          where tgrelid = 'audit_log'::regclass and not tgisinternal and tgenabled <> 'D'`.execute(upgrader.db);
        expect(triggers.rows.map((row) => row.name)).toEqual(['audit_log_append_only']);
        await expect(sql`update audit_log set actor = 'someone'`.execute(upgrader.db)).rejects.toThrow(/append-only/);
      } else {
        // The trigger's own text, as migration 0002 wrote it (running an UPDATE against SQLite here
        // is subject to the same flakiness as the contract suite's second-connection tests).
        const triggers = await sql<{ name: string; text: string }>`select name, sql as text from sqlite_master
          where type = 'trigger' and tbl_name = 'audit_log' order by name`.execute(upgrader.db);
        expect(triggers.rows.map((row) => [row.name, row.text.replace(/\s+/g, ' ')])).toEqual(
          ['delete', 'update'].map((event) => [
            `audit_log_no_${event}`,
            `CREATE TRIGGER audit_log_no_${event} BEFORE ${event.toUpperCase()} ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
          ]),
        );
      }
    } finally {
      await upgrader.db.destroy();
    }
    const store = await database.open(testClock(upgradedAt).now, { committeeDefaults });
    expect(await store.committees.get(T)).toMatchObject({
      name: 'Old committee',
      timeZone: 'Europe/London',
      holidayRegion: 'england-and-wales',
      reminderTime: '09:00',
      daysOff: [],
    });
    // One canonical reference each; the one whose canonical spelling was taken keeps its own.
    const references: Record<string, string> = {};
    for (const id of ['r-padded', 'r-canonical', 'r-clash'])
      references[id] = (await store.reviews.load(T, id)).reference;
    expect(references).toEqual({
      'r-padded': 'LR-2026-050',
      'r-canonical': 'LR-2026-007',
      'r-clash': 'LR-2026-0007',
    });
    await expect(store.reviews.loadByReference(T, 'LR-2026-0050')).resolves.toMatchObject({ id: 'r-padded' });
    const normalised = (await store.audit.list(T)).filter((e) => e.action === 'review.reference_normalised');
    expect(normalised).toMatchObject([
      {
        actor: 'system',
        entityId: 'r-padded',
        occurredAt: new Date(upgradedAt),
        before: { reference: 'LR-2026-0050' },
        after: { reference: 'LR-2026-050' },
      },
    ]);

    // When dates were set and facts recorded: from the audit trail where it says, else creation.
    const decided = await store.reviews.load(T, 'r-decided');
    expect(decided).toMatchObject({
      recordedAt: new Date(OLD),
      decision: { decidedAt: new Date('2026-03-20T15:00:00.000Z'), recordedAt: new Date('2026-04-02T10:00:00.000Z') },
      meetings: [
        { startsAtSetAt: new Date('2026-04-03T10:00:00.000Z'), statusSetAt: new Date('2026-03-21T10:00:00.000Z') },
      ],
      reportRequests: [{ id: 'q-1', dueOnSetAt: new Date('2026-02-21T10:00:00.000Z') }, { id: 'q-2' }],
      pauses: [
        { recordedAt: new Date('2026-02-22T10:00:00.000Z'), endRecordedAt: new Date('2026-02-26T10:00:00.000Z') },
      ],
    });
    expect(JSON.stringify(await store.reviews.listOpen(T))).not.toMatch(/"tier"/);

    // The audit refers to people by id: rewritten once, and the rewrite is audited.
    const entries = await store.audit.list(T, { limit: 1_000 });
    const text = JSON.stringify(entries);
    for (const detail of ['Sam Jones', 'example.org', 'aad-sam', '29:sam'])
      expect([detail, text.includes(detail)]).toEqual([detail, false]);
    expect(entries.filter((e) => e.entityType === 'person')).toMatchObject([
      {
        action: 'person.updated',
        actor: 'person-sam',
        before: { id: 'person-sam' },
        after: { id: 'person-sam', changed: ['email'] },
      },
      { action: 'person.added', actor: 'system', before: null, after: { id: 'person-sam' } },
    ]);
    expect(entries.filter((e) => e.action === 'audit.people_referred_to_by_id')).toMatchObject([
      { actor: 'system', entityType: 'audit_log', occurredAt: new Date(upgradedAt), after: { entriesRewritten: 2 } },
    ]);
    await expect(store.people.get(T, 'person-sam')).resolves.toMatchObject({ displayName: 'Sam Jones' });

    // The outbox kept its reminder and its delivery, takes messages about the whole committee too, and
    // still refuses a reminder naming a review from nowhere.
    await expect(store.outbox.get(T, 'lr1:upgrade:1')).resolves.toMatchObject({
      reviewId: 'r-decided',
      deliveries: [{ recipient: { personId: 'person-sam' }, status: 'pending' }],
    });
    await expect(
      store.outbox.enqueueForCommittee(T, {
        key: 'lr1:upgrade:digest',
        tenantId: T,
        rule: 'digest.weekly',
        occasion: 'week-2026-06-01',
        dueAt: new Date(upgradedAt),
        audience: [{ role: 'lead_officer', personId: 'person-sam' }],
        severity: 'info',
        facts: {},
      }),
    ).resolves.toMatchObject({ created: true });
    await expect(store.outbox.get(T, 'lr1:upgrade:digest')).resolves.toMatchObject({ reviewId: null });
    const raw = connectDatabase(database.options);
    await expect(
      sql`insert into outbox_reminders (id, tenant_id, idempotency_key, review_id, rule, subject_type, subject_id,
          occasion, due_at, severity, facts_json, created_at)
          values ('x', ${T}, 'k', 'no-such-review', 'r', 'review', 's', 'o', 'd', 'info', '{}', 'c')`
        .execute(raw.db)
        .finally(() => raw.db.destroy()),
    ).rejects.toMatchObject({ message: expect.stringMatching(/foreign key/i) as string });

    // One chair becomes two roles (migration 0022): the committee Chair for the review still in its
    // decision stage, the Review Team Chair for the one decided to proceed; the administrator serves
    // the committee; the practitioner is no longer the report's author. All audited by system.
    await expect(store.committeeRoles.list(T)).resolves.toEqual([
      { personId: 'person-sam', role: 'administrator' },
      { personId: 'person-sam', role: 'committee_chair' },
    ]);
    expect((await store.reviews.load(T, 'r-padded')).members).toEqual([]);
    expect((await store.reviews.load(T, 'r-decided')).members).toEqual(
      expect.arrayContaining([
        { personId: 'person-sam', role: 'review_team_chair', agencyId: null },
        { personId: 'person-pat', role: 'practitioner', agencyId: 'a-1' },
      ]),
    );
    expect((await store.reviews.load(T, 'r-decided')).members).toHaveLength(2);
    await expect(store.reportRequests.get(T, 'q-2')).resolves.toMatchObject({ authorPersonId: null });
    const moves = (await store.audit.list(T, { limit: 1_000 })).filter(
      (e) => e.action === 'role.migrated' || e.action === 'report.author_cleared',
    );
    expect(moves.map((e) => [e.action, e.reviewId, e.after])).toEqual(
      expect.arrayContaining([
        ['role.migrated', 'r-padded', { personId: 'person-sam', committeeRole: 'committee_chair' }],
        ['role.migrated', 'r-decided', { personId: 'person-sam', role: 'review_team_chair', agencyId: null }],
        ['role.migrated', 'r-decided', { personId: 'person-sam', committeeRole: 'administrator' }],
        [
          'report.author_cleared',
          'r-decided',
          { authorPersonId: null, reason: 'a practitioner is never asked for a report' },
        ],
      ]),
    );
    expect(moves).toHaveLength(4);
    // A pause's reason became its note, and its category was read from it (migration 0023).
    expect((await store.reviews.load(T, 'r-decided')).pauses).toMatchObject([
      { category: 'criminal_proceedings', note: 'Trial' },
    ]);
    expect((await store.reviews.load(T, 'r-padded')).pauses).toMatchObject([
      { category: 'fatal_accident_inquiry', note: 'Fatal Accident Inquiry pending' },
    ]);
    // A review already moved to improvement was complete when it moved (migration 0024).
    expect((await store.reviews.load(T, 'r-improved')).milestones).toEqual([
      expect.objectContaining({
        stepId: 'report-presented-to-committee',
        completedAt: new Date('2026-05-12T09:00:00.000Z'),
      }),
    ]);

    // The new schema works: a committee's own days off, and a later change of a date.
    await store.committees.configure(T, 'system', { daysOff: [{ date: '2026-07-20', name: 'Fair Monday' }] });
    expect((await store.committees.get(T))?.daysOff).toEqual([{ date: '2026-07-20', name: 'Fair Monday' }]);
    await expect(store.reportRequests.changeDueDate(T, 'system', 'q-1', '2026-06-10')).resolves.toMatchObject({
      dueOnSetAt: new Date(upgradedAt),
    });

    const inspect = connectDatabase(database.options);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`
      .execute(inspect.db)
      .finally(() => inspect.db.destroy());
    expect(applied.rows.map((r) => r.name)).toEqual(names);
    // Opening again (a restart, or a second instance) migrates nothing and loses nothing.
    const auditBefore = (await store.audit.list(T, { limit: 1_000 })).length;
    const again = await openStore(database.options);
    await expect(again.reviews.load(T, 'r-padded')).resolves.toMatchObject({ reference: 'LR-2026-050' });
    expect((await again.audit.list(T, { limit: 1_000 })).length).toBe(auditBefore);
    await again.close();
  });
});
