/**
 * `deliveries LR-2026-001`: a lead officer reads, in words, which reminders went to whom and when, and
 * which could not be delivered and why, from the outbox the sender keeps.
 */
import type { ReminderIntent } from '../../src/domain';
import { type Conversation, startConversation } from '../support/conversation-harness';
import { PRACTITIONER, TENANT_ID, type Where } from '../support/teams-activity';

const NOW = new Date('2026-11-24T10:00:00Z');
let c: Conversation;

beforeEach(async () => {
  c = await startConversation({ now: NOW });
  await c.say('help');
});

afterEach(() => c.close());

async function reviewWithTwoReminders() {
  const review = await c.service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });
  const manager = await c.service.store.people.upsert(TENANT_ID, 'system', {
    teamsUserId: '29:sam',
    aadObjectId: null,
    displayName: 'Sam Manager',
    email: null,
  });
  const intent = (key: string, rule: string, dueAt: string): ReminderIntent => ({
    key,
    tenantId: TENANT_ID,
    reviewId: review.id,
    rule,
    subject: { type: 'review', id: review.id },
    occasion: key,
    dueAt: new Date(dueAt),
    audience: [{ role: 'senior_manager', personId: manager.id }],
    severity: 'info',
    facts: { reference: review.reference },
  });
  await c.service.store.outbox.enqueue(TENANT_ID, intent('k-report', 'report.overdue', '2026-11-20T09:00:00Z'));
  await c.service.store.outbox.enqueue(TENANT_ID, intent('k-invite', 'meeting.invitation', '2026-11-23T09:00:00Z'));
  const claimed = await c.service.store.outbox.claimDue({ now: NOW, limit: 10, workerId: 'test', leaseMs: 60_000 });
  const [report, invite] = [...claimed].sort((a, b) => a.reminder.dueAt.getTime() - b.reminder.dueAt.getTime());
  await c.service.store.outbox.markSent(TENANT_ID, report.id, report.claimToken, { activityId: 'a-1' });
  await c.service.store.outbox.markUnreachable(TENANT_ID, invite.id, invite.claimToken, 'not-installed');
  return review;
}

it('says what went to whom and when, and what could not be delivered and why', async () => {
  await reviewWithTwoReminders();
  expect(await c.say('deliveries LR-2026-001')).toEqual([
    'Reminders and invitations for LR-2026-001: Child A',
    '1 could not be delivered yet: see below for why.',
    'Invitation, due Monday 23 November 2026 at 09:00',
    'To Sam Manager (Senior Manager)',
    'Could not be delivered: the app is not installed for them',
    'Report reminder, due Friday 20 November 2026 at 09:00',
    'To Sam Manager (Senior Manager)',
    'Sent Tuesday 24 November 2026 at 10:00',
  ]);
});

it('says when nothing was queued, and answers a bare deliveries with its form', async () => {
  await c.service.store.reviews.create(TENANT_ID, 'system', {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });
  expect(await c.say('deliveries LR-2026-001')).toContain('Nothing has been queued for this review yet.');
  expect((await c.say('deliveries'))[0]).toBe('Which review?');
});

describe.each<Where>(['personal', 'groupChat', 'channel'])('in a %s', (where) => {
  it('is for lead officers, and shown one to one only', async () => {
    await reviewWithTwoReminders();
    expect((await c.say('deliveries LR-2026-001', where, PRACTITIONER))[0]).toBe(
      'This needs a Lead Officer or a Senior Business Support Administrator, or the Lead Officer of LR-2026-001.',
    );
    const text = await c.say('deliveries LR-2026-001', where);
    if (where === 'personal') expect(text).toContain('To Sam Manager (Senior Manager)');
    else expect(text.join(' ')).not.toContain('Sam Manager');
  });
});
