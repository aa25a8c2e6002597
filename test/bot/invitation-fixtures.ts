/**
 * A committee with a review, a lead officer, a practitioner (with their agency and its Review Team
 * member) and meetings they are invited to, recorded directly in the store; and the invitation the
 * engine queues, sent by the real sender through the service to the Bot Connector stand-in.
 */
import { committeeEngine, dueReminders, type MeetingKind } from '../../src/domain';
import type { Person } from '../../src/store';
import type { ConnectorStandIn } from '../support/connector-stand-in';
import { LEAD_OFFICER, post, PRACTITIONER, teamsActivity, TENANT_ID } from '../support/teams-activity';
import type { TestService } from '../support/test-service';

export const MEETING_TITLE = 'Practitioner Event at the Learning Centre';

/** Someone says hello in their personal chat, so the bot knows them and can write to them. */
export async function meet(service: TestService, connector: ConnectorStandIn, who = PRACTITIONER): Promise<Person> {
  await post(`${service.url}/api/messages`, teamsActivity({ serviceUrl: connector.url, text: 'help', from: who }));
  const person = await service.store.people.findByAadObjectId(TENANT_ID, who.aadObjectId);
  if (!person) throw new Error('the bot did not record the person');
  return person;
}

export interface InvitationSetting {
  lead: Person;
  practitioner: Person;
  supporter: Person;
  reviewId: string;
  reference: string;
}

export async function reviewWithPractitioner(
  service: TestService,
  connector: ConnectorStandIn,
  options: { supporter?: boolean; agencySupport?: boolean } = {},
): Promise<InvitationSetting> {
  const { store } = service;
  const lead = await meet(service, connector, LEAD_OFFICER);
  const practitioner = await meet(service, connector, PRACTITIONER);
  const supporter = await store.people.upsert(TENANT_ID, lead.id, {
    displayName: 'Morgan Support',
    aadObjectId: '9a9a9a9a-0000-4000-8000-00000000d001',
  });
  const review = await store.reviews.create(TENANT_ID, lead.id, {
    kind: 'CP',
    subjectPseudonym: 'Child A',
    notifiedAt: new Date('2026-10-20T09:30:00Z'),
  });
  const agency = await store.agencies.add(
    TENANT_ID,
    lead.id,
    'Police Scotland',
    options.agencySupport === false
      ? {}
      : { supportContact: 'Wellbeing team, 0131 496 0000', employeeAssistance: 'Help line 0800 000 0000, any time' },
  );
  await store.people.assignRole(TENANT_ID, lead.id, { reviewId: review.id, personId: lead.id, role: 'lead_officer' });
  await store.people.assignRole(TENANT_ID, lead.id, {
    reviewId: review.id,
    personId: supporter.id,
    role: 'review_team_member',
    agencyId: agency.id,
  });
  await store.people.assignRole(TENANT_ID, lead.id, {
    reviewId: review.id,
    personId: practitioner.id,
    role: 'practitioner',
    agencyId: agency.id,
  });
  if (options.supporter !== false) {
    await store.people.linkSupporter(TENANT_ID, lead.id, {
      reviewId: review.id,
      practitionerPersonId: practitioner.id,
      supporterPersonId: supporter.id,
    });
  }
  return { lead, practitioner, supporter, reviewId: review.id, reference: review.reference };
}

export async function inviteTo(
  service: TestService,
  setting: InvitationSetting,
  kind: MeetingKind,
  startsAt: string,
  extra: { venue?: string; onlineLink?: string; endsAt?: string; invitees?: string[] } = {},
) {
  const meeting = await service.store.meetings.schedule(TENANT_ID, setting.lead.id, setting.reviewId, {
    kind,
    title: MEETING_TITLE,
    startsAt: new Date(startsAt),
    endsAt: extra.endsAt ? new Date(extra.endsAt) : null,
    venue: extra.venue ?? null,
    onlineLink: extra.onlineLink ?? null,
  });
  await service.store.meetings.invite(
    TENANT_ID,
    setting.lead.id,
    meeting.id,
    extra.invitees ?? [setting.practitioner.id],
  );
  return meeting;
}

/** Queues what the engine says is due now for the review, for the given rule, and sends it. */
export async function sendDue(service: TestService, reviewId: string, rule: string, now: Date) {
  const committee = await service.store.committees.get(TENANT_ID);
  const engine = committeeEngine(service.engine, await service.calendarFor(TENANT_ID), committee?.reminderTime);
  const due = dueReminders(await service.store.reviews.load(TENANT_ID, reviewId), engine, now).filter(
    (intent) => intent.rule === rule,
  );
  if (due.length === 0) throw new Error(`nothing due for ${rule}`);
  for (const intent of due) await service.store.outbox.enqueue(TENANT_ID, intent);
  return service.sender.drain();
}
