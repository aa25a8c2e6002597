/**
 * What the store keeps for the procedure as the committee wrote it (seeds 000, 001, 004): roles for
 * the whole committee, pseudonyms, pauses with a category, report authors who are never
 * practitioners, the review's completion, dropped actions' reasons, where meetings are held, and
 * how agencies support their staff. Both engines; every change audited, people by id, free text
 * withheld.
 */
import { timeline } from '../../src/domain';
import { InvalidValueError, type Store } from '../../src/store';
import { createEngineContext } from '../../src/templates/load-templates';
import { forEachEngine, SERVER_TIMEOUT_MS, testClock } from './engines';
import { day } from './fixtures';

jest.setTimeout(SERVER_TIMEOUT_MS);

const engine = createEngineContext();

forEachEngine((harness) => {
  let store: Store;

  beforeAll(async () => {
    ({ store } = await harness.freshStore(testClock('2026-04-30T09:00:00.000Z').now));
  });

  const person = (tenant: string, name: string) =>
    store.people.upsert(tenant, 'system', { aadObjectId: `${tenant}-${name}`, displayName: name });
  const newReview = (tenant: string, extra: Record<string, unknown> = {}) =>
    store.reviews.create(tenant, 'system', {
      kind: 'CP',
      subjectPseudonym: 'Child A',
      notifiedAt: day('2026-02-20'),
      ...extra,
    });

  describe('roles for the whole committee (001 §4–§9)', () => {
    test('are held once for the committee, reach every review, and are audited by id', async () => {
      const T = 'tenant-committee-roles';
      const chair = await person(T, 'Chair Person');
      const sub = await person(T, 'Sub Member');
      await store.committeeRoles.assign(T, 'system', { personId: chair.id, role: 'committee_chair' });
      await store.committeeRoles.assign(T, 'system', { personId: sub.id, role: 'subgroup_member' });
      // Repeating it changes nothing.
      await store.committeeRoles.assign(T, 'system', { personId: chair.id, role: 'committee_chair' });
      const one = await newReview(T);
      const two = await newReview(T, { subjectPseudonym: 'Child B' });
      const expected = [
        { personId: chair.id, role: 'committee_chair' },
        { personId: sub.id, role: 'subgroup_member' },
      ];
      expect((await store.reviews.load(T, one.id)).committeeMembers).toEqual(expected);
      const sweep = await store.reviews.listForSweep(T, {}, await store.committeeRoles.list(T));
      expect(sweep.map((review) => review.committeeMembers)).toEqual([expected, expected]);
      expect(sweep.map((review) => review.id).sort()).toEqual([one.id, two.id].sort());
      // Another committee's reviews do not see them.
      const other = await store.reviews.create(`${T}-other`, 'system', {
        kind: 'CP',
        subjectPseudonym: 'Child A',
        notifiedAt: day('2026-02-20'),
      });
      expect((await store.reviews.load(`${T}-other`, other.id)).committeeMembers).toEqual([]);

      await expect(store.committeeRoles.rolesOf(T, chair.id)).resolves.toEqual(['committee_chair']);
      await expect(
        store.committeeRoles.remove(T, 'system', { personId: sub.id, role: 'subgroup_member' }),
      ).resolves.toBe(true);
      await expect(
        store.committeeRoles.remove(T, 'system', { personId: sub.id, role: 'subgroup_member' }),
      ).resolves.toBe(false);
      const audit = (await store.audit.list(T)).filter((e) => e.entityType === 'committee_member');
      expect(audit.map((e) => [e.action, e.entityId])).toEqual([
        ['committee_role.removed', sub.id],
        ['committee_role.assigned', sub.id],
        ['committee_role.assigned', chair.id],
      ]);
      expect(JSON.stringify(audit)).not.toContain('Chair Person');
    });

    test('a committee role given for one review is refused, saying where it belongs', async () => {
      const T = 'tenant-committee-role-refused';
      const chair = await person(T, 'Chair');
      const review = await newReview(T);
      const attempt = store.people.assignRole(T, 'system', {
        reviewId: review.id,
        personId: chair.id,
        role: 'committee_chair',
      });
      await expect(attempt).rejects.toBeInstanceOf(InvalidValueError);
      await expect(attempt).rejects.toThrow(
        'The Committee Chair holds that role for the whole committee, not for one review: give it as a committee role.',
      );
    });

    test("a review's own Lead Officer is set at creation and moved by a handover, audited", async () => {
      const T = 'tenant-handover';
      const first = await person(T, 'First Lead');
      const second = await person(T, 'Second Lead');
      const review = await newReview(T, { leadOfficerPersonId: first.id });
      expect(review.members).toEqual([{ personId: first.id, role: 'lead_officer', agencyId: null }]);
      const handed = await store.reviews.handOver(T, first.id, review.id, second.id);
      expect(handed.members).toEqual([{ personId: second.id, role: 'lead_officer', agencyId: null }]);
      const [entry] = (await store.audit.list(T, { reviewId: review.id })).filter(
        (e) => e.action === 'review.handed_over',
      );
      expect(entry).toMatchObject({
        actor: first.id,
        before: { leadOfficers: [first.id] },
        after: { leadOfficers: [second.id] },
      });
      // Handing over to whoever already has it changes nothing.
      await store.reviews.handOver(T, second.id, review.id, second.id);
      expect(
        (await store.audit.list(T, { reviewId: review.id })).filter((e) => e.action === 'review.handed_over'),
      ).toHaveLength(1);
    });
  });

  describe('pseudonyms', () => {
    test('"Jane Smith" and "Child JS" are refused with a sentence that says why, and nothing is written', async () => {
      const T = 'tenant-pseudonyms-refused';
      await expect(newReview(T, { subjectPseudonym: 'Jane Smith' })).rejects.toMatchObject({
        code: 'invalid_value',
        field: 'subjectPseudonym',
        message: expect.stringMatching(/^"Jane Smith" cannot be a pseudonym\. A pseudonym is a word such as Child/),
      });
      await expect(newReview(T, { subjectPseudonym: 'Child JS' })).rejects.toThrow(/reads like initials/);
      expect(await store.reviews.listOpen(T)).toEqual([]);
    });

    test("without one, the next free letter of the committee's year is given; the committee may set its own words", async () => {
      const T = 'tenant-pseudonyms-assigned';
      const first = await store.reviews.create(T, 'system', { kind: 'CP', notifiedAt: day('2026-02-20') });
      await newReview(T, { subjectPseudonym: 'child b' });
      const third = await store.reviews.create(T, 'system', { kind: 'CP', notifiedAt: day('2026-02-21') });
      const adult = await store.reviews.create(T, 'system', { kind: 'ASP', notifiedAt: day('2026-02-21') });
      expect([first.subjectPseudonym, third.subjectPseudonym, adult.subjectPseudonym]).toEqual([
        'Child A',
        'Child C',
        'Adult A',
      ]);
      expect((await store.reviews.listOpen(T)).map((r) => r.subjectPseudonym)).toContain('Child B');
      await store.committees.configure(T, 'system', { pseudonymWords: ['Baby', 'Child'] });
      await expect(newReview(T, { subjectPseudonym: 'Baby A' })).resolves.toMatchObject({ subjectPseudonym: 'Baby A' });
      await expect(newReview(T, { subjectPseudonym: 'Adult B' })).rejects.toThrow(/a word such as Baby or Child/);
      await expect(store.committees.configure(T, 'system', { pseudonymWords: ['jane smith'] })).rejects.toThrow(
        /capitalised words/,
      );
    });
  });

  test('a pause keeps its category for shared views; its note is withheld from the audit', async () => {
    const T = 'tenant-pause-category';
    const review = await newReview(T);
    const pause = await store.reviews.pauseClock(T, 'system', review.id, {
      category: 'fatal_accident_inquiry',
      note: 'Inquiry at the sheriff court',
      startedAt: day('2026-03-01'),
    });
    expect(pause).toMatchObject({ category: 'fatal_accident_inquiry', note: 'Inquiry at the sheriff court' });
    await expect(
      store.reviews.pauseClock(T, 'system', review.id, { category: 'court' as never, startedAt: day('2026-03-02') }),
    ).rejects.toMatchObject({ field: 'category' });
    const text = JSON.stringify(await store.audit.list(T, { reviewId: review.id }));
    expect(text).toContain('fatal_accident_inquiry');
    expect(text).not.toContain('sheriff');
  });

  describe('single-agency reports are asked of the Senior Manager (001 §6)', () => {
    test('a practitioner is never named the author; the author named holds the report_author role', async () => {
      const T = 'tenant-report-authors';
      const practitioner = await person(T, 'Practitioner');
      const manager = await person(T, 'Service Manager');
      const review = await newReview(T);
      const agency = await store.agencies.add(T, 'system', 'NHS Lothian');
      await store.people.assignRole(T, 'system', {
        reviewId: review.id,
        personId: practitioner.id,
        role: 'practitioner',
        agencyId: agency.id,
      });
      await expect(
        store.reportRequests.request(T, 'system', review.id, {
          agencyId: agency.id,
          authorPersonId: practitioner.id,
          dueOn: '2026-03-20',
        }),
      ).rejects.toThrow("A practitioner is never asked for an agency's report");
      const request = await store.reportRequests.request(T, 'system', review.id, {
        agencyId: agency.id,
        dueOn: '2026-03-20',
      });
      await expect(store.reportRequests.nameAuthor(T, 'system', request.id, practitioner.id)).rejects.toMatchObject({
        field: 'authorPersonId',
      });
      await expect(store.reportRequests.nameAuthor(T, 'system', request.id, manager.id)).resolves.toMatchObject({
        authorPersonId: manager.id,
      });
      expect((await store.reviews.load(T, review.id)).members).toContainEqual({
        personId: manager.id,
        role: 'report_author',
        agencyId: agency.id,
      });
      const named = (await store.audit.list(T, { reviewId: review.id })).find(
        (e) => e.action === 'report.author_named',
      );
      expect(named).toMatchObject({ before: { authorPersonId: null }, after: { authorPersonId: manager.id } });
    });
  });

  test('moving a review on to improvement records its completion, so it is measured to it and stays on time (001 §7, §8)', async () => {
    const T = 'tenant-completion';
    const review = await newReview(T);
    await store.reviews.recordDecision(T, 'system', review.id, {
      outcome: 'proceed',
      decidedAt: day('2026-02-27'),
      reviewTemplateId: 'tier-1',
    });
    await store.reviews.changeStatus(T, 'system', review.id, { status: 'improvement', at: day('2026-04-20') });
    const done = await store.reviews.load(T, review.id);
    expect(done.milestones).toContainEqual(
      expect.objectContaining({ stepId: 'report-presented-to-committee', completedAt: day('2026-04-20') }),
    );
    // Long after its 3 months (from 20 February), it still reads as done within them.
    const view = timeline(done, engine, new Date('2026-12-01T12:00:00Z'));
    expect(view.reviewStage?.timescale).toMatchObject({ completedDate: '2026-04-20', met: true, rag: 'green' });
    const [entry] = (await store.audit.list(T, { reviewId: review.id })).filter(
      (e) => e.action === 'review.status_changed',
    );
    expect(entry.after).toMatchObject({
      status: 'improvement',
      completion: { stepId: 'report-presented-to-committee' },
    });
  });

  test('an improvement action is dropped only with a reason, kept for the Sub-group and withheld from the audit (001 §9)', async () => {
    const T = 'tenant-dropped-action';
    const review = await newReview(T);
    const action = await store.improvementActions.add(T, 'system', review.id, {
      description: 'Joint training',
      agreedAt: day('2026-03-01'),
    });
    await expect(store.improvementActions.update(T, 'system', action.id, { status: 'dropped' })).rejects.toMatchObject({
      field: 'reason',
      message: expect.stringMatching(/dropped only with a reason/),
    });
    expect((await store.improvementActions.get(T, action.id)).status).toBe('open');
    const dropped = await store.improvementActions.update(T, 'system', action.id, {
      status: 'dropped',
      reason: 'Covered by the new national guidance',
    });
    expect(dropped).toMatchObject({ status: 'dropped', droppedReason: 'Covered by the new national guidance' });
    expect(JSON.stringify(await store.audit.list(T, { reviewId: review.id }))).not.toContain('national guidance');
  });

  test('a meeting has a venue or an online link; a briefing is a kind of meeting (001 Appendix 1)', async () => {
    const T = 'tenant-meeting-place';
    const review = await newReview(T);
    const briefing = await store.meetings.schedule(T, 'system', review.id, {
      kind: 'briefing',
      title: 'Briefing for attendees',
      startsAt: day('2026-05-10'),
      venue: 'Room 2, John Muir House',
      onlineLink: 'https://teams.microsoft.com/l/meetup-join/abc',
    });
    expect(briefing).toMatchObject({
      kind: 'briefing',
      venue: 'Room 2, John Muir House',
      onlineLink: 'https://teams.microsoft.com/l/meetup-join/abc',
    });
    const moved = await store.meetings.reschedule(T, 'system', briefing.id, {
      startsAt: day('2026-05-11'),
      venue: null,
    });
    expect(moved).toMatchObject({ venue: null, onlineLink: 'https://teams.microsoft.com/l/meetup-join/abc' });
    await expect(
      store.meetings.schedule(T, 'system', review.id, {
        kind: 'other',
        title: 'x',
        startsAt: day('2026-05-10'),
        onlineLink: 'http://example.org/join',
      }),
    ).rejects.toMatchObject({ field: 'onlineLink', message: 'The online link must start with https://.' });
    expect(JSON.stringify(await store.audit.list(T, { reviewId: review.id }))).not.toContain('John Muir');
  });

  test("an agency's support details, and a practitioner's link to their agency's Review Team member (004)", async () => {
    const T = 'tenant-support';
    const police = await store.agencies.add(T, 'system', 'Police Scotland', {
      employeeAssistance: 'Call the EAP on 0800 000 000',
    });
    const nhs = await store.agencies.add(T, 'system', 'NHS Lothian');
    await expect(
      store.agencies.setSupport(T, 'system', nhs.id, { supportContact: 'Wellbeing team, ext. 4321' }),
    ).resolves.toMatchObject({ employeeAssistance: null, supportContact: 'Wellbeing team, ext. 4321' });
    await expect(store.agencies.get(T, police.id)).resolves.toMatchObject({
      employeeAssistance: 'Call the EAP on 0800 000 000',
    });
    expect(JSON.stringify(await store.audit.list(T))).not.toMatch(/0800|ext\. 4321/);

    const review = await newReview(T);
    const practitioner = await person(T, 'Police Officer');
    const policeMember = await person(T, 'Police Review Team Member');
    const nhsMember = await person(T, 'NHS Review Team Member');
    const give = (personId: string, role: 'practitioner' | 'review_team_member', agencyId: string) =>
      store.people.assignRole(T, 'system', { reviewId: review.id, personId, role, agencyId });
    await give(practitioner.id, 'practitioner', police.id);
    await give(policeMember.id, 'review_team_member', police.id);
    await give(nhsMember.id, 'review_team_member', nhs.id);
    const link = (supporterPersonId: string | null) =>
      store.people.linkSupporter(T, 'system', {
        reviewId: review.id,
        practitionerPersonId: practitioner.id,
        supporterPersonId,
      });
    await expect(link(nhsMember.id)).rejects.toThrow("their own agency's Review Team member");
    await expect(link(practitioner.id)).rejects.toMatchObject({ field: 'supporterPersonId' });
    await expect(link(policeMember.id)).resolves.toMatchObject({ supporterPersonId: policeMember.id });
    expect((await store.reviews.load(T, review.id)).members).toContainEqual({
      personId: practitioner.id,
      role: 'practitioner',
      agencyId: police.id,
      supporterPersonId: policeMember.id,
    });
  });

  test("the committee's quarter dates for the Sub-group's digest are kept, sorted, and checked (001 §9)", async () => {
    const T = 'tenant-quarter-dates';
    await expect(
      store.committees.configure(T, 'system', { oversightDates: ['10-20', '01-20', '04-20', '07-20'] }),
    ).resolves.toMatchObject({ oversightDates: ['01-20', '04-20', '07-20', '10-20'] });
    await expect(store.committees.configure(T, 'system', { oversightDates: ['02-29'] })).rejects.toMatchObject({
      field: 'oversightDates.0',
    });
    await expect(store.committees.get(T)).resolves.toMatchObject({
      oversightDates: ['01-20', '04-20', '07-20', '10-20'],
    });
  });

  test("an agency's Senior Manager is a person of the committee, named once, audited by id (001 §6)", async () => {
    const T = 'tenant-agency-senior-manager';
    const police = await store.agencies.add(T, 'system', 'Police Scotland');
    expect(police.seniorManagerPersonId).toBeNull();
    const manager = await person(T, 'Sam Manager');
    const stranger = await person('tenant-elsewhere', 'Someone Else');
    await expect(store.agencies.setSeniorManager(T, 'system', police.id, manager.id)).resolves.toMatchObject({
      seniorManagerPersonId: manager.id,
    });
    await expect(store.agencies.setSeniorManager(T, 'system', police.id, stranger.id)).rejects.toThrow();
    expect((await store.agencies.list(T))[0].seniorManagerPersonId).toBe(manager.id);
    // Naming the same person again changes nothing; the audit names them by id only.
    await store.agencies.setSeniorManager(T, 'system', police.id, manager.id);
    const entries = (await store.audit.list(T)).filter((e) => e.action === 'agency.senior_manager_set');
    expect(entries).toEqual([
      expect.objectContaining({ entityId: police.id, after: { seniorManagerPersonId: manager.id } }),
    ]);
    await expect(store.agencies.setSeniorManager(T, 'system', police.id, null)).resolves.toMatchObject({
      seniorManagerPersonId: null,
    });
  });
});
