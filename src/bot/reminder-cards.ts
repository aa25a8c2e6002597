/**
 * Cards for the reminder sender: a delivery's plain data (see src/scheduler/reminder-sender.ts)
 * bound to `cards/reminder.json`, `cards/unreachable-notice.json`, `cards/weekly-digest.json` or
 * `cards/oversight-digest.json`. Dates are put in words in the
 * committee's own zone, the British way; the sentences around them are the cards'.
 */
import { DateTime } from 'luxon';
import type { DeliveryMessage, RenderDelivery } from '../scheduler/reminder-sender';
import type { CardJson } from '../scheduler/teams-messenger';
import {
  CONCERN_ALERT_RULE,
  isCommitteeRole,
  isDeadlineAlert,
  MEETING_CANCELLED_RULE,
  OVERSIGHT_DIGEST_RULE,
  PAUSE_CATEGORY_LABELS,
  REPORT_REQUESTED_RULE,
  type PauseCategory,
  type Role,
  UNREACHABLE_NOTICE_RULE,
  WEEKLY_DIGEST_RULE,
} from '../domain';
import type { Store } from '../store';
import { attendanceCard } from './attendance-list';
import { digestCardData } from './digest-card';
import { DEADLINE_ACTORS } from './actions/deadline-actions';
import { type CalendarLinkSettings, invitationCard } from './invitation-card';
import { meetingCancelledCard } from './meeting-cancelled-card';
import { presentCard } from './present-card';
import { renderCardJson } from './render-card';
import { sayDayAndTime } from './say-date';

/**
 * The sender's renderer: an invitation gets its own card, built from the store as it stands (the
 * meeting's title, where, who supports the person, the calendar link), and so does the notice that a
 * meeting is cancelled; every other delivery the reminder card below.
 */
export function deliveryCardRenderer(store: Store, links: CalendarLinkSettings, now: () => Date): RenderDelivery {
  return async (message) => {
    if (message.rule === 'meeting.invitation' && message.subject.type === 'invitation') {
      const [meetingId, personId] = message.subject.id.split('/').map(decodeURIComponent);
      const card = await invitationCard(store, links, message.tenantId, message.timeZone, meetingId, personId, now());
      return presentCard('personal', card);
    }
    if (message.rule === MEETING_CANCELLED_RULE && message.subject.type === 'invitation') {
      const by = message.facts.cancelledByPersonId;
      const card = await meetingCancelledCard(
        store,
        links,
        {
          tenantId: message.tenantId,
          timeZone: message.timeZone,
          invitationId: message.subject.id,
          cancelledByPersonId: typeof by === 'string' ? by : null,
        },
        now(),
      );
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

export const MEETING_KIND_NAMES: Record<string, string> = {
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
    // The same rendering as the `digest` command's (digest-card.ts).
    return renderCardJson(
      'weekly-digest',
      digestCardData(message.digest ?? [], { weekly: true, date: dateInWords(facts.weekOf) }),
    );
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
  if (message.rule === REPORT_REQUESTED_RULE) {
    return renderCardJson('report-request', {
      reference: facts.reference,
      pseudonym: facts.subjectPseudonym,
      agencyName: facts.agencyName,
      dueDate: dateInWords(facts.dueOn),
      requestId: facts.requestId,
      isManager: message.recipient.role === 'senior_manager',
      notYetReceived: false,
      received: false,
      sentence: '',
    });
  }
  if (message.rule === UNREACHABLE_NOTICE_RULE) {
    const role = ROLE_NAMES[String(facts.unreachableRole)] ?? String(facts.unreachableRole);
    return renderCardJson('unreachable-notice', {
      reference: facts.reference,
      subjectPseudonym: facts.subjectPseudonym,
      reason: facts.reason,
      // A committee-wide role (the committee Chair, the Sub-group) is missing from the committee, not the review.
      committeeRole: isCommitteeRole(String(facts.unreachableRole)),
      who: message.unreachablePersonName ? `${message.unreachablePersonName} (${role})` : `the ${role}`,
    });
  }
  if (isDeadlineAlert(message.rule)) return deadlineAlertCard(message, dateInWords);
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
    // The engine counts the days for the day the reminder goes out (later than its due day when a
    // sweep caught up after a gap); a notice without a count is counted from its due day.
    const sentOn = DateTime.fromJSDate(message.dueAt, { zone: timeZone }).startOf('day');
    data.meetingDaysAway =
      typeof facts.daysUntilStart === 'number'
        ? facts.daysUntilStart
        : Math.round(starts.startOf('day').diff(sentOn, 'days').days);
    data.meetingKindName = MEETING_KIND_NAMES[String(facts.meetingKind)] ?? 'meeting';
  }
  if (typeof facts.askedByRole === 'string') data.askedBy = ROLE_NAMES[facts.askedByRole] ?? 'lead officer';
  data.meetingTitle = message.meetingTitle ?? '';
  data.pauseNote = message.pauseNote ?? '';
  return renderCardJson('reminder', data);
}

/** Who may act on a deadline alert's button (the action re-checks it): the card offers it only to them. */
const CAN_ACT: readonly Role[] = [
  ...(DEADLINE_ACTORS.anyone ? [] : [...DEADLINE_ACTORS.committee, ...(DEADLINE_ACTORS.review ?? [])]),
];

const pauseWords = (category: unknown): string =>
  typeof category === 'string' && category in PAUSE_CATEGORY_LABELS
    ? PAUSE_CATEGORY_LABELS[category as PauseCategory]
    : 'a parallel process';

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/**
 * A deadline alert for a chair or lead officer: the days used and left on the calendar, a pause
 * beside them as the reason, what is still outstanding (looked up when it is sent) and the one
 * action that would help most, as a button for those who may take it.
 */
function deadlineAlertCard(message: DeliveryMessage, dateInWords: (value: unknown) => string): CardJson {
  const { facts, timeZone } = message;
  const outstanding = message.outstanding ?? {
    reports: [],
    meetingNotBooked: false,
    decisionNotSentTo: [],
    action: null,
  };
  const canAct = CAN_ACT.includes(message.recipient.role as Role);
  // The "no meeting booked" alert says so already in its first line.
  const meetingNotBooked = outstanding.meetingNotBooked && message.rule !== 'deadline42.no-meeting';
  const standard = message.rule.startsWith('deadline42.');
  const meetingStarts =
    typeof facts.meetingStartsAt === 'string'
      ? DateTime.fromISO(facts.meetingStartsAt, { zone: timeZone })
          .setLocale('en-GB')
          .toFormat("cccc d LLLL yyyy 'at' HH:mm")
      : '';
  return renderCardJson('deadline-alert', {
    rule: message.rule,
    reference: facts.reference,
    referenceValue: facts.reference,
    subjectPseudonym: facts.subjectPseudonym,
    standard,
    deadline: dateInWords(facts.deadline),
    originalDeadline: dateInWords(facts.originalDeadline),
    standardDays: num(facts.standardDays),
    daysLeft: num(facts.daysLeft),
    daysOverdue: -num(facts.daysLeft),
    daysUsed: num(facts.daysUsed),
    standardDaysLeft: num(facts.standardDaysLeft),
    standardDaysOver: -num(facts.standardDaysLeft),
    pausedDays: num(facts.pausedDays),
    pauseWords: pauseWords(facts.pauseCategory),
    meetingStarts,
    targetDate: dateInWords(facts.targetDate),
    limitDate: dateInWords(facts.limitDate),
    countsFrom: facts.countsFrom ?? 'decision',
    daysElapsed: num(facts.daysElapsed),
    reports: outstanding.reports.map((report) => ({
      agencyName: report.agencyName,
      dueOn: dateInWords(report.dueOn),
      late: report.late,
    })),
    meetingNotBooked,
    decisionNotSentToCsog: outstanding.decisionNotSentTo.includes('csog'),
    decisionNotSentToCareInspectorate: outstanding.decisionNotSentTo.includes('care_inspectorate'),
    nothingOutstanding:
      outstanding.reports.length === 0 && !meetingNotBooked && outstanding.decisionNotSentTo.length === 0,
    action: canAct ? (outstanding.action ?? '') : '',
    pauseNote: message.pauseNote ?? '',
  });
}
