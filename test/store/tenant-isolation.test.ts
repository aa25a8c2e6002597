/**
 * One tenant can never read or change another's data, whatever ids it sends. Tenant B calls every
 * repository method with tenant A's ids: each call fails, or returns nothing of A's, and A's data
 * is exactly as before. A guard fails when a repository gains a method this table does not try.
 */
import type { Store } from '../../src/store';
import { forEachEngine, SERVER_TIMEOUT_MS, testClock } from './engines';
import { day, populatedReview, reminderIntent } from './fixtures';

jest.setTimeout(SERVER_TIMEOUT_MS);

const A = 'tenant-a';
const B = 'tenant-b';

/** Reads and writes that are deliberately not tenant-scoped: the scheduler's view across tenants. */
const SYSTEM_WIDE = [
  'committees.list',
  'outbox.due',
  'outbox.claimDue',
  // The operator's and the DPO's tools: every committee's retention periods, a dry run's token, an e-mail address.
  'retention.listSet',
  'retention.confirm',
  'personalData.locate',
  // The reports key's rotation seals every committee's reports again (their contents unchanged).
  'reportRequests.resealWithCurrentKey',
];

/** A weekly digest for one person, as the scheduler queues it. */
const committeeMessage = (tenantId: string, personId: string) => ({
  key: `lr1:${tenantId}:-:digest.weekly:committee:${tenantId}:week-of-2026-03-02`,
  tenantId,
  rule: 'digest.weekly',
  occasion: 'week-of-2026-03-02',
  dueAt: new Date('2026-03-02T08:00:00Z'),
  audience: [{ role: 'committee_chair' as const, personId }],
  severity: 'info' as const,
  facts: { weekOf: '2026-03-02' },
});

type Outcome = 'not_found' | 'conflict' | 'tenant_mismatch' | 'invalid_value' | 'nothing_of_a' | 'own_data_only';

/** What a call gave, as text: its JSON result, or `error:<code>`. */
async function observe(call: () => Promise<unknown>): Promise<string> {
  try {
    return JSON.stringify((await call()) ?? null);
  } catch (error) {
    return `error:${(error as { code?: string }).code ?? String(error)}`;
  }
}
type Case = [method: string, call: () => Promise<unknown>, outcome: Outcome];

forEachEngine((harness) => {
  let store: Store;
  let a: Awaited<ReturnType<typeof populatedReview>>;
  let b: Awaited<ReturnType<typeof populatedReview>>;
  let snapshot: () => Promise<unknown>;
  let before: unknown;
  let aIds: string[];

  beforeAll(async () => {
    store = await (await harness.fresh()).open(testClock().now);
    a = await populatedReview(store, A);
    b = await populatedReview(store, B);
    aIds = [
      a.review.id,
      a.lead.id,
      a.practitioner.id,
      a.agency.id,
      a.meeting.id,
      a.request.id,
      a.submission.id,
      a.action.id,
      a.reminderId,
    ];
    snapshot = async () => ({
      review: await store.reviews.load(A, a.review.id),
      lead: await store.people.get(A, a.lead.id),
      audit: (await store.audit.list(A, { limit: 1_000 })).length,
      // Claims (system-wide, by design) move lease columns; what matters is that nothing settled.
      outbox: (await store.outbox.get(A, reminderIntent(A, '', null).key))!.deliveries.map((d) => [
        d.id,
        d.status,
        d.sentAt,
      ]),
      refs: await store.conversationReferences.listForPerson(A, a.lead.id),
      swept: await store.schedules.lastRun(A, 'reminder-sweep'),
      submissions: await store.reportRequests.listSubmissions(A, a.request.id),
      agencies: await store.agencies.list(A),
    });
    before = await snapshot();
  });

  const cases = (): Case[] => {
    let tick = 0;
    const claimA = async () => {
      tick += 1;
      const now = new Date(day('2026-03-02').getTime() + tick * 1_000);
      return (await store.outbox.claimDue({ now, limit: 100, workerId: 'x', leaseMs: 1 })).find(
        (d) => d.tenantId === A,
      )!;
    };
    const window = { from: day('2026-01-01'), to: day('2026-12-31') };
    return [
      ['committees.get', () => store.committees.get(B), 'own_data_only'],
      ['committees.configure', () => store.committees.configure(B, 'system', { name: 'B committee' }), 'own_data_only'],
      ['committees.calendarOf', () => store.committees.calendarOf(B), 'own_data_only'],
      ['committees.settingsOf', () => store.committees.settingsOf(B), 'own_data_only'],
      [
        'reviews.create',
        () =>
          store.reviews.create(B, 'system', {
            kind: 'CP',
            subjectPseudonym: 'Child Z',
            notifiedAt: day('2026-02-01'),
            reference: a.review.reference.replace('001', '901'),
          }),
        'own_data_only',
      ],
      ['reviews.load', () => store.reviews.load(B, a.review.id), 'not_found'],
      ['reviews.loadByReference', () => store.reviews.loadByReference(B, a.review.reference), 'own_data_only'],
      ['reviews.listOpen', () => store.reviews.listOpen(B), 'nothing_of_a'],
      ['reviews.listForSweep', () => store.reviews.listForSweep(B), 'nothing_of_a'],
      [
        'reviews.listEndedWithMeetingsCancelledAhead',
        () => store.reviews.listEndedWithMeetingsCancelledAhead(B, day('2026-03-01')),
        'nothing_of_a',
      ],
      [
        'reviews.changeStatus',
        () => store.reviews.changeStatus(B, 'system', a.review.id, { status: 'closed', at: day('2026-03-01') }),
        'not_found',
      ],
      ['reviews.reopen', () => store.reviews.reopen(B, 'system', a.review.id, { reason: 'x' }), 'not_found'],
      [
        'reviews.correctNotification',
        () => store.reviews.correctNotification(B, 'system', a.review.id, day('2026-02-01')),
        'not_found',
      ],
      [
        'reviews.recordDecision',
        () =>
          store.reviews.recordDecision(B, 'system', a.review.id, {
            outcome: 'proceed',
            decidedAt: day('2026-03-01'),
            reviewTemplateId: 'tier-1',
          }),
        'not_found',
      ],
      [
        'reviews.recordMilestone',
        () =>
          store.reviews.recordMilestone(B, 'system', a.review.id, {
            stepId: 'notification-acknowledged',
            completedAt: null,
          }),
        'not_found',
      ],
      [
        'reviews.pauseClock',
        () =>
          store.reviews.pauseClock(B, 'system', a.review.id, {
            category: 'other',
            note: 'x',
            startedAt: day('2026-03-01'),
          }),
        'not_found',
      ],
      [
        'reviews.resumeClock',
        () => store.reviews.resumeClock(B, 'system', a.review.id, day('2026-03-01')),
        'not_found',
      ],
      ['reviews.handOver', () => store.reviews.handOver(B, 'system', a.review.id, b.lead.id), 'not_found'],
      [
        'reviews.handOver (own review, their person)',
        () => store.reviews.handOver(B, 'system', b.review.id, a.lead.id),
        'not_found',
      ],
      ['agencies.add', () => store.agencies.add(B, 'system', 'Police Scotland'), 'own_data_only'],
      ['agencies.get', () => store.agencies.get(B, a.agency.id), 'not_found'],
      [
        'agencies.setSupport',
        () => store.agencies.setSupport(B, 'system', a.agency.id, { supportContact: 'x' }),
        'not_found',
      ],
      ['agencies.setSeniorManager', () => store.agencies.setSeniorManager(B, 'system', a.agency.id, null), 'not_found'],
      [
        'committeeRoles.assign',
        () => store.committeeRoles.assign(B, 'system', { personId: a.lead.id, role: 'committee_chair' }),
        'not_found',
      ],
      [
        'committeeRoles.remove',
        () => store.committeeRoles.remove(B, 'system', { personId: a.lead.id, role: 'committee_chair' }),
        'nothing_of_a',
      ],
      ['committeeRoles.list', () => store.committeeRoles.list(B), 'nothing_of_a'],
      ['committeeRoles.rolesOf', () => store.committeeRoles.rolesOf(B, a.lead.id), 'nothing_of_a'],
      [
        'people.linkSupporter',
        () =>
          store.people.linkSupporter(B, 'system', {
            reviewId: a.review.id,
            practitionerPersonId: a.practitioner.id,
            supporterPersonId: null,
          }),
        'not_found',
      ],
      ['agencies.list', () => store.agencies.list(B), 'nothing_of_a'],
      [
        'people.upsert',
        () => store.people.upsert(B, 'system', { aadObjectId: `${A}-aad-lead`, displayName: 'Renamed' }),
        'own_data_only',
      ],
      ['people.get', () => store.people.get(B, a.lead.id), 'not_found'],
      ['people.findByTeamsUserId', () => store.people.findByTeamsUserId(B, a.lead.teamsUserId!), 'nothing_of_a'],
      ['people.findByAadObjectId', () => store.people.findByAadObjectId(B, `${A}-aad-prac`), 'nothing_of_a'],
      [
        'people.findByIdentities',
        () => store.people.findByIdentities(B, { aadObjectIds: [`${A}-aad-lead`], emails: ['lead@example.org'] }),
        'nothing_of_a',
      ],
      [
        'people.assignRole',
        () => store.people.assignRole(B, 'system', { reviewId: a.review.id, personId: a.lead.id, role: 'reviewer' }),
        'not_found',
      ],
      [
        'people.assignRole (own review, their person)',
        () => store.people.assignRole(B, 'system', { reviewId: b.review.id, personId: a.lead.id, role: 'reviewer' }),
        'not_found',
      ],
      [
        'people.removeRole',
        () =>
          store.people.removeRole(B, 'system', { reviewId: a.review.id, personId: a.lead.id, role: 'lead_officer' }),
        'nothing_of_a',
      ],
      ['people.membershipsOf', () => store.people.membershipsOf(B, a.lead.id), 'nothing_of_a'],
      [
        'meetings.schedule',
        () =>
          store.meetings.schedule(B, 'system', a.review.id, { kind: 'other', title: 'x', startsAt: day('2026-04-01') }),
        'not_found',
      ],
      [
        'meetings.reschedule',
        () => store.meetings.reschedule(B, 'system', a.meeting.id, { startsAt: day('2026-04-01') }),
        'not_found',
      ],
      ['meetings.setStatus', () => store.meetings.setStatus(B, 'system', a.meeting.id, 'cancelled'), 'not_found'],
      ['meetings.invite', () => store.meetings.invite(B, 'system', a.meeting.id, [b.lead.id]), 'not_found'],
      [
        'meetings.invite (own meeting, their person)',
        () => store.meetings.invite(B, 'system', b.meeting.id, [a.lead.id]),
        'not_found',
      ],
      [
        'meetings.respond',
        () => store.meetings.respond(B, 'system', a.meeting.id, a.practitioner.id, 'not_attending'),
        'not_found',
      ],
      ['meetings.get', () => store.meetings.get(B, a.meeting.id), 'not_found'],
      ['meetings.listUpcoming', () => store.meetings.listUpcoming(B, window), 'nothing_of_a'],
      [
        'meetings.listInvitationsOf',
        () => store.meetings.listInvitationsOf(B, a.practitioner.id, window.from),
        'nothing_of_a',
      ],
      [
        'reportRequests.request',
        () => store.reportRequests.request(B, 'system', a.review.id, { agencyId: b.agency.id, dueOn: '2026-04-01' }),
        'not_found',
      ],
      [
        'reportRequests.request (own review, their agency)',
        () => store.reportRequests.request(B, 'system', b.review.id, { agencyId: a.agency.id, dueOn: '2026-04-01' }),
        'not_found',
      ],
      [
        'reportRequests.submit',
        () => store.reportRequests.submit(B, 'system', a.request.id, { submittedByPersonId: b.lead.id, text: 'x' }),
        'not_found',
      ],
      ['reportRequests.withdraw', () => store.reportRequests.withdraw(B, 'system', a.request.id), 'not_found'],
      [
        'reportRequests.nameAuthor',
        () => store.reportRequests.nameAuthor(B, 'system', a.request.id, null),
        'not_found',
      ],
      [
        'reportRequests.nameAuthor (own request, their person)',
        () => store.reportRequests.nameAuthor(B, 'system', b.request.id, a.lead.id),
        'not_found',
      ],
      [
        'reportRequests.changeDueDate',
        () => store.reportRequests.changeDueDate(B, 'system', a.request.id, '2026-05-01'),
        'not_found',
      ],
      ['reportRequests.get', () => store.reportRequests.get(B, a.request.id), 'not_found'],
      ['reportRequests.listOverdue', () => store.reportRequests.listOverdue(B, day('2026-12-31')), 'nothing_of_a'],
      ['reportRequests.listSubmissions', () => store.reportRequests.listSubmissions(B, a.request.id), 'nothing_of_a'],
      ['reportRequests.readAttachment', () => store.reportRequests.readAttachment(B, a.submission.id), 'not_found'],
      [
        'reportRequests.readSubmissions',
        () => store.reportRequests.readSubmissions(B, 'system', a.request.id),
        'not_found',
      ],
      [
        'improvementActions.add',
        () => store.improvementActions.add(B, 'system', a.review.id, { description: 'x', agreedAt: day('2026-03-01') }),
        'not_found',
      ],
      [
        'improvementActions.add (own review, their owner)',
        () =>
          store.improvementActions.add(B, 'system', b.review.id, {
            description: 'x',
            agreedAt: day('2026-03-01'),
            ownerPersonId: a.lead.id,
          }),
        'not_found',
      ],
      [
        'improvementActions.update',
        () => store.improvementActions.update(B, 'system', a.action.id, { status: 'dropped', reason: 'x' }),
        'not_found',
      ],
      ['improvementActions.get', () => store.improvementActions.get(B, a.action.id), 'not_found'],
      ['improvementActions.listOpen', () => store.improvementActions.listOpen(B), 'nothing_of_a'],
      [
        'conversationReferences.save',
        () => store.conversationReferences.save(B, 'system', a.lead.id, { conversation: { id: 'a:new' } }),
        'not_found',
      ],
      [
        'conversationReferences.save (their tenant in payload)',
        () => store.conversationReferences.save(B, 'system', b.lead.id, { conversation: { id: 'a:new', tenantId: A } }),
        'tenant_mismatch',
      ],
      [
        'conversationReferences.listForPerson',
        () => store.conversationReferences.listForPerson(B, a.lead.id),
        'nothing_of_a',
      ],
      [
        'conversationReferences.get',
        () => store.conversationReferences.get(B, a.lead.id, `a:${A}-chat`),
        'nothing_of_a',
      ],
      [
        'conversationReferences.remove',
        () => store.conversationReferences.remove(B, 'system', a.lead.id, `a:${A}-chat`),
        'nothing_of_a',
      ],
      [
        'outbox.enqueue',
        () => store.outbox.enqueue(B, reminderIntent(A, a.review.id, a.lead.id, 'new-key')),
        'tenant_mismatch',
      ],
      [
        'outbox.enqueue (their review)',
        () => store.outbox.enqueue(B, reminderIntent(B, a.review.id, null, 'new-key')),
        'not_found',
      ],
      [
        'outbox.enqueueForCommittee',
        () => store.outbox.enqueueForCommittee(B, committeeMessage(A, a.lead.id)),
        'tenant_mismatch',
      ],
      [
        'outbox.enqueueForCommittee (their person)',
        () => store.outbox.enqueueForCommittee(B, committeeMessage(B, a.lead.id)),
        'not_found',
      ],
      ['outbox.get', () => store.outbox.get(B, reminderIntent(A, '', null).key), 'own_data_only'],
      ['outbox.queuedKeys', () => store.outbox.queuedKeys(B, [reminderIntent(A, '', null).key]), 'own_data_only'],
      [
        'outbox.markSent',
        async () => {
          const d = await claimA();
          return store.outbox.markSent(B, d.id, d.claimToken);
        },
        'conflict',
      ],
      [
        'outbox.markFailed',
        async () => {
          const d = await claimA();
          return store.outbox.markFailed(B, d.id, d.claimToken, { error: 'x', retryAt: null });
        },
        'conflict',
      ],
      [
        'outbox.markUnreachable',
        async () => {
          const d = await claimA();
          return store.outbox.markUnreachable(B, d.id, d.claimToken, 'x');
        },
        'conflict',
      ],
      [
        'outbox.markInFlight',
        async () => {
          const d = await claimA();
          return store.outbox.markInFlight(B, d.id, d.claimToken, `a:${A}-chat`);
        },
        'conflict',
      ],
      [
        'outbox.markSuperseded',
        async () => {
          const d = await claimA();
          return store.outbox.markSuperseded(B, d.id, d.claimToken, 'report-submitted');
        },
        'conflict',
      ],
      ['outbox.listForReview', () => store.outbox.listForReview(B, a.review.id), 'nothing_of_a'],
      [
        'conversationReferences.latestServiceUrl',
        () => store.conversationReferences.latestServiceUrl(B),
        'nothing_of_a',
      ],
      ['schedules.lastRun', () => store.schedules.lastRun(B, 'reminder-sweep'), 'nothing_of_a'],
      ['schedules.recordRun', () => store.schedules.recordRun(B, 'reminder-sweep', day('2026-03-02')), 'nothing_of_a'],
      ['audit.list', () => store.audit.list(B, { reviewId: a.review.id }), 'nothing_of_a'],
      ['erasure.forget', () => store.erasure.forget(B, 'system', a.practitioner.id, 'asked'), 'not_found'],
      ['erasure.get', () => store.erasure.get(B, a.practitioner.id), 'nothing_of_a'],
      ['erasure.findErased', () => store.erasure.findErased(B, { aadObjectId: `${A}-aad-prac` }), 'nothing_of_a'],
      // The person asking for their name back must be a person of the committee asked.
      [
        'erasure.restore',
        () =>
          store.erasure.restore(B, a.practitioner.id, { aadObjectId: `${A}-aad-prac`, displayName: 'Practitioner' }),
        'invalid_value',
      ],
      ['personalData.recordOf', () => store.personalData.recordOf(B, a.practitioner.id), 'not_found'],
      ['retention.get', () => store.retention.get(B), 'nothing_of_a'],
      ['retention.setPeriod', () => store.retention.setPeriod(B, 'system', 1), 'own_data_only'],
      ['retention.due', () => store.retention.due(B, day('2030-01-01')), 'nothing_of_a'],
      ['retention.dryRun', () => store.retention.dryRun(B), 'nothing_of_a'],
      ['retention.apply', () => store.retention.apply(B, day('2030-01-01')), 'nothing_of_a'],
    ];
  };

  test("every repository method with the other tenant's ids fails or finds nothing of theirs", async () => {
    const tried = new Set<string>();
    for (const [method, call, outcome] of cases()) {
      tried.add(method.split(' ')[0]);
      const got = await observe(call);
      if (
        outcome === 'not_found' ||
        outcome === 'conflict' ||
        outcome === 'tenant_mismatch' ||
        outcome === 'invalid_value'
      ) {
        expect({ method, got }).toEqual({ method, got: `error:${outcome}` });
        continue;
      }
      expect({ method, got }).toEqual({ method, got: expect.not.stringMatching(/^error:/) });
      for (const id of aIds) expect({ method, leaks: got.includes(id) }).toEqual({ method, leaks: false });
      expect({ method, leaks: got.includes(`"tenantId":"${A}"`) }).toEqual({ method, leaks: false });
    }
    expect(await snapshot()).toEqual(before);

    const repositories = [
      'committees',
      'committeeRoles',
      'schedules',
      'reviews',
      'agencies',
      'people',
      'meetings',
      'reportRequests',
      'conversationReferences',
      'outbox',
      'improvementActions',
      'audit',
      'erasure',
      'personalData',
      'retention',
    ] as const;
    const all = repositories.flatMap((repo) => Object.keys(store[repo]).map((m) => `${repo}.${m}`));
    expect(all.filter((m) => !tried.has(m) && !SYSTEM_WIDE.includes(m))).toEqual([]);
  });

  test("the other tenant's data is still all there for its own tenant", async () => {
    const review = await store.reviews.load(A, a.review.id);
    expect(review.meetings[0].invitations[0].response).toBeNull();
    expect(review.status).toBe('decision_stage');
    expect((await store.people.get(A, a.lead.id)).displayName).toBe('Lead Officer');
  });
});
