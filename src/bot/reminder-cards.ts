/**
 * Cards for the reminder sender: a delivery's plain data (see src/scheduler/reminder-sender.ts)
 * bound to `cards/reminder.json`, `cards/unreachable-notice.json`, `cards/weekly-digest.json` or
 * `cards/oversight-digest.json`. Dates are put in words in the
 * committee's own zone, the British way; the sentences around them are the cards'.
 */
import { DateTime } from 'luxon';
import type { DeliveryMessage, RenderDelivery } from '../scheduler/reminder-sender';
import type { CardJson } from '../scheduler/teams-messenger';
import { CONCERN_ALERT_RULE, OVERSIGHT_DIGEST_RULE, UNREACHABLE_NOTICE_RULE, WEEKLY_DIGEST_RULE } from '../domain';
import type { Store } from '../store';
import { attendanceCard } from './attendance-list';
import { type CalendarLinkSettings, invitationCard } from './invitation-card';
import { presentCard } from './present-card';
import { renderCardJson } from './render-card';
import { sayDayAndTime } from './say-date';

/**
 * The sender's renderer: an invitation gets its own card, built from the store as it stands (the
 * meeting's title, where, who supports the person, the calendar link); every other delivery the
 * reminder card below.
 */
export function deliveryCardRenderer(store: Store, links: CalendarLinkSettings, now: () => Date): RenderDelivery {
  return async (message) => {
    if (message.rule === 'meeting.invitation' && message.subject.type === 'invitation') {
      const [meetingId, personId] = message.subject.id.split('/').map(decodeURIComponent);
      const card = await invitationCard(store, links, message.tenantId, message.timeZone, meetingId, personId, now());
      return presentCard('personal', card);
    }
    if (message.rule === CONCERN_ALERT_RULE) {
      const { facts } = message;
      const raisedBy = await store.people.get(message.tenantId, String(facts.raisedByPersonId));
      return presentCard('personal', {
        card: 'concern-alert',
        data: {
          raisedBy: raisedBy.displayName,
          reference: facts.reference,
          subjectPseudonym: facts.subjectPseudonym,
          when: sayDayAndTime(new Date(String(facts.raisedAt)), message.timeZone),
          procedures: facts.reviewKind === 'ASP' ? 'Adult Support and Protection' : 'Child Protection',
        },
      });
    }
    if (message.rule === 'meeting.attendance-list' && message.subject.type === 'meeting') {
      // The counts and advice of the reminder, then who answered what (names: this goes one to one).
      const meeting = await store.meetings.get(message.tenantId, message.subject.id);
      const review = await store.reviews.load(message.tenantId, meeting.reviewId);
      const list = presentCard(
        'personal',
        await attendanceCard(store, message.tenantId, message.timeZone, meeting, review, { withNames: true }),
      );
      const card = renderDeliveryCard(message);
      const names = (list.body ?? []).slice(2);
      return { ...card, body: [...((card.body as unknown[] | undefined) ?? []), ...names] };
    }
    return renderDeliveryCard(message);
  };
}

const MEETING_KIND_NAMES: Record<string, string> = {
  screening_meeting: 'Screening Meeting',
  consideration_meeting: 'Consideration Meeting',
  review_team_meeting: 'Review Team Meeting',
  learning_workshop: 'Learning Workshop',
  practitioner_event: 'Practitioner Event',
  strategic_managers_event: 'Strategic Managers Event',
  briefing: 'briefing for attendees',
  other: 'meeting',
};

const ROLE_NAMES: Record<string, string> = {
  lead_officer: 'lead officer',
  committee_chair: 'Committee Chair',
  public_protection_manager: 'Public Protection Manager',
  subgroup_member: 'Learning Review Sub-group member',
  administrator: 'administrator',
  review_team_chair: 'Review Team Chair',
  reviewer: 'reviewer',
  review_team_member: 'review team member',
  senior_manager: 'senior manager',
  report_author: 'report author',
  practitioner: 'practitioner',
};

/** Facts that are calendar dates (`YYYY-MM-DD`), shown as "Thursday 26 November 2026". */
const DATE_FACTS = [
  'dueOn',
  'deadline',
  'plannedDate',
  'targetDate',
  'limitDate',
  'decidedOn',
  'agreedOn',
  'checkDate',
];

export function renderDeliveryCard(message: DeliveryMessage): CardJson {
  const { facts, timeZone } = message;
  const dateInWords = (value: unknown) =>
    typeof value === 'string' && value !== ''
      ? DateTime.fromISO(value, { zone: timeZone }).setLocale('en-GB').toFormat('cccc d LLLL yyyy')
      : '';
  if (message.rule === WEEKLY_DIGEST_RULE) {
    const rows = (message.digest ?? []).map((row) => ({
      ...row,
      daysOver: row.daysLeft === null ? null : -row.daysLeft,
    }));
    return renderCardJson('weekly-digest', { weekOf: dateInWords(facts.weekOf), count: rows.length, rows });
  }
  if (message.rule === OVERSIGHT_DIGEST_RULE) {
    const { reviews, actions } = message.oversight ?? { reviews: [], actions: [] };
    return renderCardJson('oversight-digest', {
      quarterOf: dateInWords(facts.quarterOf),
      reviewCount: reviews.length,
      actionCount: actions.length,
      reviews: reviews.map((row) => ({ ...row, daysOver: row.daysLeft === null ? null : -row.daysLeft })),
      actions: actions.map((row) => ({
        ...row,
        agreedOn: dateInWords(row.agreedOn),
        dueOn: dateInWords(row.dueOn),
      })),
    });
  }
  if (message.rule === UNREACHABLE_NOTICE_RULE) {
    const role = ROLE_NAMES[String(facts.unreachableRole)] ?? String(facts.unreachableRole);
    return renderCardJson('unreachable-notice', {
      reference: facts.reference,
      subjectPseudonym: facts.subjectPseudonym,
      reason: facts.reason,
      who: message.unreachablePersonName ? `${message.unreachablePersonName} (${role})` : `the ${role}`,
    });
  }
  const data: Record<string, unknown> = { ...facts, rule: message.rule };
  for (const name of DATE_FACTS) if (name in facts) data[name] = dateInWords(facts[name]);
  // A first date shown only when a pause moved it.
  data.originalDueOn = facts.originalDueOn !== facts.dueOn ? dateInWords(facts.originalDueOn) : '';
  data.originalDeadline = facts.originalDeadline !== facts.deadline ? dateInWords(facts.originalDeadline) : '';
  if (typeof facts.daysUntilDue === 'number') data.daysOverdue = -facts.daysUntilDue;
  if (typeof facts.daysLeft === 'number') data.daysOverdue = -facts.daysLeft;
  if (typeof facts.meetingStartsAt === 'string') {
    const starts = DateTime.fromISO(facts.meetingStartsAt, { zone: timeZone }).setLocale('en-GB');
    data.meetingStarts = starts.toFormat("cccc d LLLL yyyy 'at' HH:mm");
    const sentOn = DateTime.fromJSDate(message.dueAt, { zone: timeZone }).startOf('day');
    data.meetingDaysAway = Math.round(starts.startOf('day').diff(sentOn, 'days').days);
    data.meetingKindName = MEETING_KIND_NAMES[String(facts.meetingKind)] ?? 'meeting';
  }
  data.meetingTitle = message.meetingTitle ?? '';
  data.pauseNote = message.pauseNote ?? '';
  return renderCardJson('reminder', data);
}
