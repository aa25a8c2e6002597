/** A review with one of everything, for the suites that need a populated tenant. */
import type { ReminderIntent } from '../../src/domain/model';
import type { Store } from '../../src/store';

export const day = (iso: string) => new Date(`${iso}T09:00:00.000Z`);

export function reminderIntent(
  tenantId: string,
  reviewId: string,
  personId: string | null,
  key = 'report.overdue:req-1:d-7',
): ReminderIntent {
  return {
    key,
    tenantId,
    reviewId,
    rule: 'report.overdue',
    subject: { type: 'report_request', id: 'req-1' },
    occasion: 'd-7',
    dueAt: day('2026-03-01'),
    audience: [
      { role: 'lead_officer', personId },
      { role: 'committee_chair', personId: null },
    ],
    severity: 'warning',
    facts: { reference: 'LR-2026-001', pseudonym: 'Child A', daysLeft: 7 },
  };
}

export async function populatedReview(store: Store, tenantId: string) {
  const lead = await store.people.upsert(tenantId, 'system', {
    aadObjectId: `${tenantId}-aad-lead`,
    teamsUserId: `29:${tenantId}-lead`,
    displayName: 'Lead Officer',
    email: 'lead@example.org',
  });
  const practitioner = await store.people.upsert(tenantId, 'system', {
    aadObjectId: `${tenantId}-aad-prac`,
    displayName: 'Practitioner',
  });
  // The service manager the agency's Senior Manager named to write its report (001 §6).
  const author = await store.people.upsert(tenantId, 'system', {
    aadObjectId: `${tenantId}-aad-author`,
    displayName: 'Service Manager',
  });
  const review = await store.reviews.create(tenantId, lead.id, {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: day('2026-02-20'),
  });
  await store.people.assignRole(tenantId, lead.id, { reviewId: review.id, personId: lead.id, role: 'lead_officer' });
  const agency = await store.agencies.add(tenantId, lead.id, 'NHS Lothian');
  await store.people.assignRole(tenantId, lead.id, {
    reviewId: review.id,
    personId: practitioner.id,
    role: 'practitioner',
    agencyId: agency.id,
  });
  const meeting = await store.meetings.schedule(tenantId, lead.id, review.id, {
    kind: 'consideration_meeting',
    title: 'Consideration Meeting',
    stepId: 'consideration-meeting',
    startsAt: day('2026-03-20'),
    chairPersonId: lead.id,
  });
  await store.meetings.invite(tenantId, lead.id, meeting.id, [practitioner.id]);
  const request = await store.reportRequests.request(tenantId, lead.id, review.id, {
    agencyId: agency.id,
    authorPersonId: author.id,
    dueOn: '2026-03-09',
  });
  const submission = await store.reportRequests.submit(tenantId, author.id, request.id, {
    submittedByPersonId: author.id,
    text: 'Our involvement began in 2025.',
    attachment: { name: 'chronology.txt', contentType: 'text/plain', content: Buffer.from('chronology') },
  });
  const action = await store.improvementActions.add(tenantId, lead.id, review.id, {
    description: 'Refresh training on information sharing',
    agreedAt: day('2026-03-01'),
    dueOn: '2026-06-30',
  });
  await store.reviews.recordMilestone(tenantId, lead.id, review.id, {
    stepId: 'notification-acknowledged',
    completedAt: day('2026-02-21'),
  });
  const pause = await store.reviews.pauseClock(tenantId, lead.id, review.id, {
    category: 'criminal_proceedings',
    note: 'Criminal proceedings',
    startedAt: day('2026-02-25'),
  });
  await store.conversationReferences.save(tenantId, 'system', lead.id, {
    conversation: { id: `a:${tenantId}-chat`, tenantId, isGroup: false, conversationType: 'personal', name: '' },
    serviceUrl: 'https://smba.example/',
  });
  const queued = await store.outbox.enqueue(tenantId, reminderIntent(tenantId, review.id, lead.id));
  return {
    lead,
    practitioner,
    author,
    review: await store.reviews.load(tenantId, review.id),
    agency,
    meeting,
    request,
    submission,
    action,
    pause,
    reminderId: queued.reminderId,
  };
}
