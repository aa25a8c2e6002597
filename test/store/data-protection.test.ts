/**
 * Data protection in the store, on SQLite and PostgreSQL alike: erasing a person (their name and
 * contact details gone from every table, the audit trail whole), what the bot keeps about a person
 * (their record, without report content), and a committee's retention period (none by default; a
 * dry run confirms the first real run; one audit entry per emptied review), with an injected clock.
 */
import type { Kysely } from 'kysely';
import { ConflictError, InvalidValueError, NotFoundError, type Store } from '../../src/store';
import type { Database } from '../../src/store/database-schema';
import { connectDatabase } from '../../src/store/connect-database';
import { forEachEngine, SERVER_TIMEOUT_MS, testClock, type TestDatabase } from './engines';
import { day, populatedReview, reminderIntent } from './fixtures';

jest.setTimeout(SERVER_TIMEOUT_MS);

const T = 'tenant-dp';
const OTHER = 'tenant-dp-other';
const JO = {
  aadObjectId: 'aad-jo-bloggs-0001',
  teamsUserId: '29:jo-bloggs-teams-id',
  displayName: 'Jo Bloggs',
  email: 'jo.bloggs@nhs.scot',
};
const TABLES: ReadonlyArray<keyof Database> = [
  'committees',
  'committee_days_off',
  'reviews',
  'clock_pauses',
  'milestones',
  'agencies',
  'people',
  'review_members',
  'meetings',
  'invitations',
  'report_requests',
  'report_submissions',
  'conversation_references',
  'outbox_reminders',
  'outbox_deliveries',
  'improvement_actions',
  'audit_log',
  'committee_schedules',
  'turn_state',
  'inbound_activities',
  'erased_people',
  'retention_settings',
  'retention_applied',
];

/** Every row of every table, as JSON text per table, read straight from the database. */
async function dump(database: TestDatabase): Promise<Record<string, string>> {
  const { db } = connectDatabase(database.options);
  try {
    const out: Record<string, string> = {};
    for (const table of TABLES) {
      const rows = await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
        .selectFrom(table)
        .selectAll()
        .execute();
      out[table] = JSON.stringify(rows, (_k, v: unknown) =>
        Buffer.isBuffer(v) ? v.toString('utf8') : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v,
      );
    }
    return out;
  } finally {
    await db.destroy();
  }
}

forEachEngine((harness) => {
  let database: TestDatabase;
  let store: Store;
  const clock = testClock('2026-03-25T09:00:00.000Z');

  beforeEach(async () => {
    clock.set('2026-03-25T09:00:00.000Z');
    database = await harness.fresh();
    store = await database.open(clock.now);
  });

  /** A populated review, with Jo Bloggs in it every way a person can be: role, invitation, report, chats, notes. */
  async function withJo() {
    const fixture = await populatedReview(store, T);
    const { lead, review, meeting, request } = fixture;
    const jo = await store.people.upsert(T, 'system', JO);
    await store.people.assignRole(T, lead.id, { reviewId: review.id, personId: jo.id, role: 'review_team_member' });
    const call = await store.meetings.schedule(T, lead.id, review.id, {
      kind: 'other',
      title: 'Planning call with Jo Bloggs (jo.bloggs@nhs.scot)',
      startsAt: day('2026-04-02'),
      chairPersonId: jo.id,
    });
    await store.meetings.invite(T, lead.id, meeting.id, [jo.id]);
    await store.meetings.respond(T, jo.id, meeting.id, jo.id, 'attending');
    await store.reviews.recordMilestone(T, lead.id, review.id, {
      stepId: 'agencies-identified',
      completedAt: day('2026-03-01'),
      note: 'JO BLOGGS to send the chronology; Jojo is someone else',
    });
    await store.improvementActions.add(T, lead.id, review.id, {
      description: 'Jo Bloggs to brief the team',
      ownerPersonId: jo.id,
      agreedAt: day('2026-03-02'),
    });
    const submission = await store.reportRequests.submit(T, jo.id, request.id, {
      submittedByPersonId: jo.id,
      text: 'Written by Jo Bloggs for NHS Lothian.',
    });
    for (const [id, conversationType] of [
      ['a:jo-personal', 'personal'],
      ['19:jo-group@thread.v2', 'groupChat'],
    ]) {
      await store.conversationReferences.save(T, jo.id, jo.id, {
        conversation: { id, tenantId: T, conversationType },
        serviceUrl: 'https://smba.example/',
        user: { id: JO.teamsUserId, name: JO.displayName, aadObjectId: JO.aadObjectId },
      });
    }
    await store.turnState.write({
      [`msteams/28:bot/users/${JO.teamsUserId}`]: { remembered: 'Jo Bloggs' },
      'msteams/28:bot/conversations/a:jo-personal': { remembered: 'jo.bloggs@nhs.scot' },
      'msteams/28:bot/conversations/19:jo-group@thread.v2': { shared: true },
    });
    const pending = await store.outbox.enqueue(T, {
      ...reminderIntent(T, review.id, jo.id, 'key-jo'),
      audience: [{ role: 'review_team_member', personId: jo.id }],
    });
    return { ...fixture, jo, call, submission, pendingReminder: pending.reminderId };
  }

  describe('erasing a person', () => {
    it('replaces their name and contact details in every table with "Former member 1", and keeps the audit whole', async () => {
      const { jo, lead, review, request } = await withJo();
      const auditBefore = await store.audit.list(T, { limit: 1_000 });

      const outcome = await store.erasure.forget(T, lead.id, jo.id, 'asked');
      expect(outcome).toMatchObject({
        personId: jo.id,
        ordinal: 1,
        displayName: 'Former member 1',
        reason: 'asked',
        conversationsRemoved: 2,
        remindersStopped: 1,
        textsRewritten: 3,
      });

      expect(await store.people.get(T, jo.id)).toEqual({
        id: jo.id,
        displayName: 'Former member 1',
        email: null,
        teamsUserId: null,
        aadObjectId: null,
      });
      const tables = await dump(database);
      for (const [table, rows] of Object.entries(tables)) {
        // A report's content belongs to the review: the only place the name may still be, as written.
        if (table === 'report_submissions') continue;
        for (const detail of [
          /jo bloggs/i,
          /jo\.bloggs@nhs\.scot/i,
          new RegExp(JO.aadObjectId),
          new RegExp(JO.teamsUserId),
        ])
          expect({ table, holds: detail.test(rows) }).toEqual({ table, holds: false });
      }
      // Stored encrypted, so read through the store.
      expect((await store.reportRequests.listSubmissions(T, request.id)).map((r) => r.text)).toContain(
        'Written by Jo Bloggs for NHS Lothian.',
      );
      // Where the name was typed into free text, it reads as the former member, and only whole words changed.
      const loaded = await store.reviews.load(T, review.id);
      expect(loaded.meetings.map((m) => m.title)).toContain('Planning call with Former member 1 (Former member 1)');
      expect(loaded.milestones.find((m) => m.stepId === 'agencies-identified')?.note).toBe(
        'Former member 1 to send the chronology; Jojo is someone else',
      );
      expect(loaded.improvementActions.map((a) => a.description)).toContain('Former member 1 to brief the team');
      // Their part in the review stays, by id.
      expect(loaded.members).toContainEqual({ personId: jo.id, role: 'review_team_member', agencyId: null });
      // Gone: every conversation with them, the bot's memory of their own chats; the group chat's stays.
      expect(await store.conversationReferences.listForPerson(T, jo.id)).toEqual([]);
      expect(
        Object.keys(
          await store.turnState.read([
            `msteams/28:bot/users/${JO.teamsUserId}`,
            'msteams/28:bot/conversations/a:jo-personal',
            'msteams/28:bot/conversations/19:jo-group@thread.v2',
          ]),
        ),
      ).toEqual(['msteams/28:bot/conversations/19:jo-group@thread.v2']);
      expect((await store.outbox.get(T, 'key-jo'))!.deliveries).toEqual([
        expect.objectContaining({ status: 'superseded', lastError: 'recipient-erased' }),
      ]);

      // The audit: every earlier entry exactly as it was, and one more, by id, with the reason's code.
      const auditAfter = await store.audit.list(T, { limit: 1_000 });
      expect(auditAfter.slice(1)).toEqual(auditBefore);
      expect(auditAfter[0]).toMatchObject({
        action: 'person.erased',
        actor: lead.id,
        entityId: jo.id,
        after: {
          id: jo.id,
          ordinal: 1,
          reason: 'asked',
          conversationsRemoved: 2,
          remindersStopped: 1,
          textsRewritten: 3,
        },
      });
      expect(auditBefore.filter((e) => e.actor === jo.id).length).toBeGreaterThan(0);
    });

    it('numbers former members in order, and refuses a second erasure, one of oneself, a bad reason and another committee’s person', async () => {
      const { jo, lead, practitioner } = await withJo();
      const other = await store.people.upsert(OTHER, 'system', { teamsUserId: '29:other', displayName: 'Other One' });
      await store.erasure.forget(T, 'system', jo.id, 'left');
      expect((await store.erasure.forget(T, lead.id, practitioner.id, 'added-by-mistake')).displayName).toBe(
        'Former member 2',
      );
      await expect(store.erasure.forget(T, lead.id, jo.id, 'asked')).rejects.toThrow(ConflictError);
      await expect(store.erasure.forget(T, lead.id, jo.id, 'asked')).rejects.toThrow(
        'Former member 1 was already erased, on 2026-03-25.',
      );
      await expect(store.erasure.forget(T, lead.id, lead.id, 'asked')).rejects.toThrow(
        'Nobody can erase themselves through the bot: ask another lead officer to do it.',
      );
      await expect(store.erasure.forget(T, 'system', lead.id, 'whim' as 'asked')).rejects.toThrow(InvalidValueError);
      await expect(store.erasure.forget(T, lead.id, other.id, 'asked')).rejects.toThrow(NotFoundError);
      // The other committee counts its own former members from 1.
      expect((await store.erasure.forget(OTHER, 'system', other.id, 'asked')).displayName).toBe('Former member 1');
    });

    it('knows the erased person by the Teams ids they write from, only in their committee, and restores them only at their own request', async () => {
      const { jo } = await withJo();
      await store.erasure.forget(T, 'system', jo.id, 'asked');
      expect(await store.people.findByAadObjectId(T, JO.aadObjectId)).toBeNull();
      const byAad = await store.erasure.findErased(T, { aadObjectId: JO.aadObjectId.toUpperCase() });
      expect(byAad).toMatchObject({ personId: jo.id, displayName: 'Former member 1', erasedAt: clock.now() });
      expect(await store.erasure.findErased(T, { teamsUserId: JO.teamsUserId })).toMatchObject({ personId: jo.id });
      expect(await store.erasure.findErased(OTHER, { aadObjectId: JO.aadObjectId })).toBeNull();
      expect(await store.erasure.findErased(T, { teamsUserId: '29:someone-else' })).toBeNull();

      await expect(
        store.erasure.restore(T, jo.id, {
          aadObjectId: 'aad-impostor',
          teamsUserId: '29:impostor',
          displayName: 'Mallory',
        }),
      ).rejects.toThrow('Only the person who was erased can ask for their name back.');
      clock.advance(60_000);
      const back = await store.erasure.restore(T, jo.id, { ...JO, displayName: 'Jo Bloggs' });
      expect(back).toMatchObject({ id: jo.id, displayName: 'Jo Bloggs', email: null, aadObjectId: JO.aadObjectId });
      expect(await store.erasure.findErased(T, { aadObjectId: JO.aadObjectId })).toBeNull();
      expect(await store.erasure.get(T, jo.id)).toBeNull();
      expect((await store.people.findByAadObjectId(T, JO.aadObjectId))?.id).toBe(jo.id);
      const [restored] = await store.audit.list(T, { limit: 1 });
      expect(restored).toMatchObject({ action: 'person.restored', actor: jo.id, after: { id: jo.id } });
      expect(JSON.stringify(restored)).not.toContain('Jo Bloggs');
    });
  });

  describe("a person's record", () => {
    it('holds their roles, invitations and answers, reports asked of them and sent by them, actions, reminders, chats and audit, never report content', async () => {
      const { jo, lead, review, meeting, request, call } = await withJo();
      await store.outbox.enqueue(T, {
        ...reminderIntent(T, review.id, jo.id, 'key-jo-sent'),
        audience: [{ role: 'review_team_member', personId: jo.id }],
      });
      const [sending] = (
        await store.outbox.claimDue({ now: clock.now(), limit: 10, workerId: 'w', leaseMs: 60_000 })
      ).filter((d) => d.reminder.key === 'key-jo-sent');
      await store.outbox.markInFlight(T, sending.id, sending.claimToken, 'a:jo-personal');
      await store.outbox.markSent(T, sending.id, sending.claimToken, { activityId: 'act-1' });

      const record = await store.personalData.recordOf(T, jo.id);
      expect(record.person).toMatchObject({ id: jo.id, displayName: 'Jo Bloggs', email: JO.email });
      expect(record.erased).toBeNull();
      expect(record.roles).toEqual([
        expect.objectContaining({
          reference: review.reference,
          subjectPseudonym: 'Child A',
          role: 'review_team_member',
        }),
      ]);
      expect(record.invitations).toEqual([
        expect.objectContaining({ meetingId: meeting.id, meetingKind: 'consideration_meeting', response: 'attending' }),
      ]);
      expect(record.meetingsChaired).toEqual([expect.objectContaining({ meetingId: call.id, meetingKind: 'other' })]);
      expect(record.reportRequests).toEqual([]);
      expect(record.submissions).toEqual([
        expect.objectContaining({
          agencyName: 'NHS Lothian',
          withText: true,
          attachment: null,
          submittedAt: clock.now(),
        }),
      ]);
      expect(record.actionsOwned).toHaveLength(1);
      expect(record.reminders.map((r) => [r.rule, r.status, r.sentAt]).sort()).toEqual([
        ['report.overdue', 'pending', null],
        ['report.overdue', 'sent', clock.now()],
      ]);
      expect(record.conversations.map((c) => c.conversationType).sort()).toEqual(['groupChat', 'personal']);
      expect(record.audit.some((e) => e.madeByThem && e.action === 'report.submitted')).toBe(true);
      expect(record.audit.some((e) => !e.madeByThem && e.action === 'role.assigned')).toBe(true);
      // What belongs to the review, not to the person, is not in it.
      const json = JSON.stringify(record);
      for (const text of ['Written by Jo Bloggs', 'Planning call', 'brief the team', 'chronology'])
        expect(json).not.toContain(text);

      // The practitioner is the author asked for the agency's report.
      const practitioner = await store.personalData.recordOf(
        T,
        (await store.people.get(T, request.authorPersonId!)).id,
      );
      expect(practitioner.reportRequests).toEqual([
        expect.objectContaining({
          requestId: request.id,
          as: 'author',
          agencyName: 'NHS Lothian',
          status: 'submitted',
        }),
      ]);
      await expect(store.personalData.recordOf(OTHER, jo.id)).rejects.toThrow(NotFoundError);
      void lead;
    });

    it('after erasure, says so and still lists what the person did, by id', async () => {
      const { jo } = await withJo();
      await store.erasure.forget(T, 'system', jo.id, 'left');
      const record = await store.personalData.recordOf(T, jo.id);
      expect(record.person).toMatchObject({ displayName: 'Former member 1', email: null });
      expect(record.erased).toMatchObject({ ordinal: 1, reason: 'left' });
      expect(record.roles).toHaveLength(1);
      expect(record.conversations).toEqual([]);
    });

    it('is found by e-mail address or Entra object id in every committee, whatever the case', async () => {
      const { jo } = await withJo();
      const twin = await store.people.upsert(OTHER, 'system', { ...JO, email: 'Jo.Bloggs@NHS.scot' });
      expect(await store.personalData.locate('JO.BLOGGS@nhs.scot')).toEqual([
        { tenantId: T, personId: jo.id },
        { tenantId: OTHER, personId: twin.id },
      ]);
      expect(await store.personalData.locate(JO.aadObjectId)).toHaveLength(2);
      expect(await store.personalData.locate('nobody@nhs.scot')).toEqual([]);
    });
  });

  describe('retention', () => {
    /** The populated review, decided not to proceed, its planning call cancelled, and closed on 25 March 2026. */
    async function closedReview() {
      const fixture = await withJo();
      // A review closes with nothing booked ahead: the call on 2 April is called off first.
      const call = (await store.reviews.load(T, fixture.review.id)).meetings.find((m) => m.kind === 'other')!;
      await store.meetings.setStatus(T, fixture.lead.id, call.id, 'cancelled');
      await store.reviews.resumeClock(T, fixture.lead.id, fixture.review.id, day('2026-03-03'));
      await store.reviews.recordDecision(T, fixture.lead.id, fixture.review.id, {
        outcome: 'not_proceed',
        decidedAt: day('2026-03-10'),
      });
      await store.reviews.changeStatus(T, fixture.lead.id, fixture.review.id, { status: 'closed', at: clock.now() });
      return fixture;
    }

    it('sets no period by default, and then removes nothing however old a closed review is', async () => {
      const { review } = await closedReview();
      clock.set('2046-03-25T09:00:00.000Z');
      expect(await store.retention.get(T)).toBeNull();
      expect(await store.retention.due(T, clock.now())).toEqual([]);
      expect(await store.retention.apply(T, clock.now())).toEqual({ tenantId: T, confirmed: true, applied: [] });
      expect((await store.reviews.load(T, review.id)).members).not.toEqual([]);
      expect(await store.retention.listSet()).toEqual([]);
    });

    it('takes a whole number of days from 1 to 36,500, or none', async () => {
      for (const bad of [0, -1, 1.5, 36_501])
        await expect(store.retention.setPeriod(T, 'system', bad)).rejects.toThrow(
          'The retention period is a whole number of days from 1 to 36500, or none.',
        );
      expect(await store.retention.setPeriod(T, 'system', 365)).toMatchObject({ days: 365, confirmedAt: null });
      expect(await store.retention.setPeriod(T, 'system', null)).toMatchObject({ days: null });
      const changes = (await store.audit.list(T)).filter((e) => e.action === 'retention.period_set');
      expect(changes.map((e) => e.after)).toEqual([{ days: null }, { days: 365 }]);
    });

    it('waits for a dry run to confirm its first run, then empties a review past the period and keeps its skeleton', async () => {
      const { review, request, meeting, lead, jo } = await closedReview();
      const fresh = await store.reviews.create(T, lead.id, {
        kind: 'ASP',
        subjectPseudonym: 'Adult B',
        notifiedAt: day('2026-03-20'),
      });
      await store.people.assignRole(T, lead.id, { reviewId: fresh.id, personId: jo.id, role: 'review_team_chair' });
      clock.set('2026-10-01T09:00:00.000Z');
      await store.reviews.changeStatus(T, lead.id, fresh.id, { status: 'cancelled', at: clock.now() });
      await store.retention.setPeriod(T, lead.id, 365);

      // 400 days after the first closed: due; the one cancelled in October is not yet.
      clock.set('2027-04-29T09:00:00.000Z');
      const before = await store.reviews.load(T, review.id);
      const auditBefore = await store.audit.list(T, { limit: 1_000 });
      expect(await store.retention.apply(T, clock.now())).toEqual({ tenantId: T, confirmed: false, applied: [] });
      expect(await store.reviews.load(T, review.id)).toEqual(before);

      const { token, candidates } = await store.retention.dryRun(T);
      expect(token).toMatch(/^RET-[0-9A-F]{10}$/);
      expect(candidates).toEqual([
        {
          reviewId: review.id,
          reference: review.reference,
          kind: 'CP',
          status: 'closed',
          closedAt: new Date('2026-03-25T09:00:00.000Z'),
          removes: { reportSubmissions: 2, notes: 6, answers: 2, peopleLinks: 8, reminders: 2 },
        },
      ]);
      expect(await store.reviews.load(T, review.id)).toEqual(before);

      const run = await store.retention.confirm(token.toLowerCase());
      expect(run).toMatchObject({
        tenantId: T,
        confirmed: true,
        applied: [expect.objectContaining({ reviewId: review.id })],
      });
      const after = await store.reviews.load(T, review.id);
      // Kept: the reference, kind, pseudonym, dates, statuses and the decision.
      expect(after).toMatchObject({
        reference: before.reference,
        kind: 'CP',
        subjectPseudonym: 'Child A',
        status: 'closed',
        notifiedAt: before.notifiedAt,
        closedAt: before.closedAt,
        decision: before.decision,
      });
      expect(after.meetings.map((m) => [m.kind, m.startsAt, m.status])).toEqual(
        before.meetings.map((m) => [m.kind, m.startsAt, m.status]),
      );
      expect(after.reportRequests.map((r) => [r.agencyName, r.dueOn, r.status, r.submittedAt])).toEqual(
        before.reportRequests.map((r) => [r.agencyName, r.dueOn, r.status, r.submittedAt]),
      );
      expect(after.milestones.map((m) => [m.stepId, m.completedAt])).toEqual(
        before.milestones.map((m) => [m.stepId, m.completedAt]),
      );
      expect(after.pauses.map((p) => [p.startedAt, p.endedAt])).toEqual(
        before.pauses.map((p) => [p.startedAt, p.endedAt]),
      );
      // Removed: report content, notes, answers and every link to a person.
      expect(await store.reportRequests.listSubmissions(T, request.id)).toEqual([]);
      expect(after.members).toEqual([]);
      expect(
        after.meetings.every((m) => m.title === '' && m.chairPersonId === null && m.invitations.length === 0),
      ).toBe(true);
      expect(after.milestones.every((m) => m.note === null || m.note === undefined)).toBe(true);
      expect(after.pauses.every((p) => p.note === null || p.note === undefined)).toBe(true);
      expect(after.improvementActions.every((a) => a.description === '' && a.ownerPersonId === null)).toBe(true);
      expect(after.reportRequests.every((r) => r.authorPersonId === null && r.seniorManagerPersonId === null)).toBe(
        true,
      );
      expect(await store.outbox.listForReview(T, review.id)).toEqual([]);
      void meeting;

      // The audit: what was there before, one entry for the review, and the run's own bookkeeping.
      const auditAfter = await store.audit.list(T, { limit: 1_000 });
      expect(auditAfter.slice(auditAfter.length - auditBefore.length)).toEqual(auditBefore);
      const added = auditAfter.slice(0, auditAfter.length - auditBefore.length);
      expect(added.map((e) => [e.action, e.reviewId])).toEqual([
        ['retention.confirmed', null],
        ['review.retention_applied', review.id],
        ['retention.dry_run', null],
      ]);
      expect(added[1].after).toEqual({
        retentionDays: 365,
        removed: { reportSubmissions: 2, notes: 6, answers: 2, peopleLinks: 8, reminders: 2 },
      });
      const tables = await dump(database);
      expect(tables.report_submissions).toBe('[]');
      expect(tables.meetings).not.toContain('Consideration Meeting');

      // From then on the scheduled run applies the period by itself, once per review.
      clock.set('2027-10-02T09:00:00.000Z');
      const later = await store.retention.apply(T, clock.now());
      expect(later.applied.map((c) => c.reference)).toEqual([fresh.reference]);
      expect((await store.reviews.load(T, fresh.id)).members).toEqual([]);
      expect((await store.retention.apply(T, clock.now())).applied).toEqual([]);
      expect((await store.audit.list(T)).filter((e) => e.action === 'review.retention_applied')).toHaveLength(2);

      // Reopened, an emptied review says when it was emptied: what was removed is not brought back.
      clock.set('2027-10-03T09:00:00.000Z');
      expect(await store.reviews.reopen(T, lead.id, review.id, { reason: 'New information' })).toMatchObject({
        status: 'improvement',
        emptiedAt: new Date('2027-04-29T09:00:00.000Z'),
      });
      expect(await store.reportRequests.listSubmissions(T, request.id)).toEqual([]);

      // What it gathers once reopened is held for the period again from its next close, then removed too.
      await store.improvementActions.add(T, lead.id, review.id, {
        description: 'Brief the duty team on the new referral route',
        agreedAt: clock.now(),
      });
      clock.set('2027-10-04T09:00:00.000Z');
      await store.reviews.changeStatus(T, lead.id, review.id, { status: 'closed', at: clock.now() });
      clock.set('2028-10-02T09:00:00.000Z');
      expect((await store.retention.apply(T, clock.now())).applied).toEqual([]);
      clock.set('2028-10-04T09:00:00.000Z');
      expect((await store.retention.apply(T, clock.now())).applied.map((c) => c.reference)).toEqual([review.reference]);
      expect((await store.reviews.load(T, review.id)).improvementActions.map((a) => a.description)).toEqual([
        '',
        '',
        '',
      ]);
      expect((await store.retention.apply(T, clock.now())).applied).toEqual([]);
    });

    it('takes a dry run’s token for a day only, and not once the period has changed', async () => {
      await closedReview();
      await store.retention.setPeriod(T, 'system', 30);
      clock.set('2026-06-01T09:00:00.000Z');
      const first = await store.retention.dryRun(T);
      clock.advance(24 * 3_600_000);
      await expect(store.retention.confirm(first.token)).rejects.toThrow(NotFoundError);
      const second = await store.retention.dryRun(T);
      await store.retention.setPeriod(T, 'system', 60);
      await expect(store.retention.confirm(second.token)).rejects.toThrow(NotFoundError);
      await expect(store.retention.confirm('RET-0000000000')).rejects.toThrow(NotFoundError);
      expect(await store.retention.get(T)).toMatchObject({ days: 60, confirmedAt: null, dryRun: null });
      await expect(store.retention.dryRun(OTHER)).rejects.toThrow(ConflictError);
    });
  });
});
