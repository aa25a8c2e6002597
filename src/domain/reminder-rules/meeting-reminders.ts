/**
 * Meetings and events (Consideration Meeting, Review Team Meetings, Practitioner and Strategic
 * Managers events). Default policy: the invitation as soon as the meeting is in the diary;
 * reminders 7 days and 1 day before; an invitee who has not answered after 3 working days is
 * nudged (gently: a practitioner is never chased, 004); whoever chairs it, the lead officer who
 * organises it and the committee's administrators get the attendance list 2 working days before.
 * A reminder before a meeting that falls on a non-working day goes out the working day before
 * (a Monday meeting's one-day reminder on the Friday), saying how many days are left then.
 * Nothing more is said about a meeting that is cancelled, held or already started, except that
 * a cancellation is told at once, one to one, to each invitee who had not said they would not come
 * (`meeting.cancelled`), while the meeting is still to come. That notice is the one thing still said
 * once the review itself is cancelled (its meetings ahead are cancelled with it) or closed.
 */
import { personAudience, roleAudience, uniqueAudience } from '../audience';
import { addWorkingDays } from '../calendar';
import { type DayNumber, toLocalDate } from '../day-number';
import { latest, meetingStartKnownAt } from '../known-at';
import type { Audience, Invitation, Meeting, MeetingKind, Review, Role } from '../model';
import { dated, type DayOccasion, dayHit, latestReached, type ReminderHit, toSend } from '../reminder-occasions';
import { practitionerEventSize } from '../practitioner-event';
import type { ReviewSnapshot } from '../review-snapshot';

export const MEETING_CANCELLED_RULE = 'meeting.cancelled';

/**
 * The notices of cancelled meetings still to come, alone: what the engine still says about a
 * cancelled or closed review, whose meetings ahead were cancelled with it.
 */
export function meetingCancellationReminders(snapshot: ReviewSnapshot): ReminderHit[] {
  return snapshot.review.meetings
    .filter((meeting) => snapshot.now < meeting.startsAt && meeting.status === 'cancelled')
    .flatMap((meeting) => cancellationHits(snapshot, meeting));
}

export function meetingReminders(snapshot: ReviewSnapshot): ReminderHit[] {
  return snapshot.review.meetings
    .filter((meeting) => snapshot.now < meeting.startsAt)
    .flatMap((meeting) => {
      if (meeting.status === 'cancelled') return cancellationHits(snapshot, meeting);
      if (meeting.status !== 'scheduled') return [];
      return [
        ...meeting.invitations.flatMap((invitation) => invitationHits(snapshot, meeting, invitation)),
        ...upcomingHits(snapshot, meeting),
      ];
    });
}

/**
 * What names a meeting in a reminder. Never its title: titles are free text that may identify
 * someone, and facts are stored in the outbox and bound into cards. The sender looks the title up
 * by the subject's meeting id when it writes a 1:1 message.
 */
export function meetingFacts(snapshot: ReviewSnapshot, meeting: Meeting) {
  return {
    meetingKind: meeting.kind,
    meetingStartsAt: meeting.startsAt.toISOString(),
    startsOn: toLocalDate(snapshot.calendar.dayOf(meeting.startsAt)),
  };
}

/** The same, with the days left until it as counted on `day`, the day the reminder goes out. */
function meetingFactsOn(snapshot: ReviewSnapshot, meeting: Meeting, day: DayNumber) {
  return { ...meetingFacts(snapshot, meeting), daysUntilStart: snapshot.calendar.dayOf(meeting.startsAt) - day };
}

function invitationHits(snapshot: ReviewSnapshot, meeting: Meeting, invitation: Invitation): ReminderHit[] {
  if (invitation.response !== null) return [];
  const { review, policy, calendar } = snapshot;
  const invitedAt = latest(invitation.invitedAt, meeting.scheduledAt, snapshot.liveSince);
  const common = {
    subject: { type: 'invitation' as const, id: invitationId(meeting, invitation) },
    knownAt: invitedAt,
    audience: [personAudience(review, invitation.personId, 'practitioner')],
  };
  const hits: ReminderHit[] = [];
  if (policy.meeting.invitationOnScheduling) {
    // Keyed by the start: a meeting moved after the invitation is announced again, from the move.
    const announcedAt = latest(invitedAt, meetingStartKnownAt(meeting));
    hits.push({
      ...common,
      knownAt: announcedAt,
      rule: 'meeting.invitation',
      occasion: `starts-${compactInstant(meeting.startsAt)}`,
      dueAt: announcedAt,
      severity: 'info',
      facts: meetingFacts(snapshot, meeting),
    });
  }
  const nudgeDay = addWorkingDays(calendar, calendar.dayOf(invitedAt), policy.meeting.nudgeUnansweredAfterWorkingDays);
  if (nudgeDay <= snapshot.lastReminderDay) {
    const nudge = toSend(snapshot, {
      day: nudgeDay,
      rule: 'meeting.rsvp-nudge',
      label: 'no-answer',
      severity: 'info',
      kind: 'late',
    });
    const hit = dayHit(snapshot, nudge, {
      ...common,
      series: dated('invited', calendar.dayOf(invitedAt)),
      factsOn: (day) => meetingFactsOn(snapshot, meeting, day),
    });
    if (hit) hits.push(hit);
  }
  return hits;
}

/**
 * A cancelled meeting, told to each invitee who had not declined, at once. Keyed by the moment it
 * was cancelled: the command queues it, a later sweep queues nothing twice, and a meeting put back
 * in the diary and cancelled again is told again. A cancellation from before the bot followed the
 * review (it was closed and reopened since) is not told now.
 */
function cancellationHits(snapshot: ReviewSnapshot, meeting: Meeting): ReminderHit[] {
  const cancelledAt = meeting.statusSetAt ?? meeting.scheduledAt;
  if (cancelledAt < snapshot.liveSince) return [];
  return meeting.invitations
    .filter((invitation) => invitation.response !== 'not_attending')
    .map((invitation) => ({
      rule: MEETING_CANCELLED_RULE,
      subject: { type: 'invitation' as const, id: invitationId(meeting, invitation) },
      occasion: `cancelled-${compactInstant(cancelledAt)}`,
      dueAt: cancelledAt,
      knownAt: cancelledAt,
      audience: [personAudience(snapshot.review, invitation.personId, 'practitioner')],
      severity: 'info' as const,
      facts: { ...meetingFacts(snapshot, meeting), cancelledAt: cancelledAt.toISOString() },
    }));
}

function upcomingHits(snapshot: ReviewSnapshot, meeting: Meeting): ReminderHit[] {
  const { review, policy, calendar, lastReminderDay } = snapshot;
  const startDay = calendar.dayOf(meeting.startsAt);
  const knownAt = latest(meeting.scheduledAt, snapshot.liveSince);
  const startSetAt = meetingStartKnownAt(meeting);
  const common = {
    series: dated('starts', startDay),
    subject: { type: 'meeting' as const, id: meeting.id },
    knownAt,
    // A meeting moved by hand starts its reminders afresh from the move, as a pause does.
    editedAt: startSetAt > knownAt ? startSetAt : null,
  };
  const hits: ReminderHit[] = [];
  const reminder = latestReached(
    snapshot,
    [...policy.meeting.daysBefore]
      .sort((a, b) => b - a)
      .map((n): DayOccasion => ({
        day: startDay - n,
        rule: 'meeting.reminder',
        label: `before-${n}`,
        severity: 'info',
        kind: 'ahead',
        warnsOf: startDay,
      })),
    lastReminderDay,
  );
  if (reminder) {
    const audience = uniqueAudience([...chairOf(review, meeting), ...attendeesOf(review, meeting)]);
    const factsOn = (day: DayNumber) => meetingFactsOn(snapshot, meeting, day);
    const hit = dayHit(snapshot, reminder, { ...common, audience, factsOn });
    if (hit) hits.push(hit);
  }
  const listDay = addWorkingDays(calendar, startDay, -policy.meeting.attendanceListWorkingDaysBefore);
  if (listDay <= lastReminderDay) {
    const list = toSend(snapshot, {
      day: listDay,
      rule: 'meeting.attendance-list',
      label: 'attendance-list',
      severity: 'info',
      kind: 'ahead',
    });
    // Whoever chairs it, the lead officer who organises it, and the committee's administrators.
    const audience = uniqueAudience([
      ...chairOf(review, meeting),
      ...roleAudience(review, 'lead_officer'),
      ...roleAudience(review, 'administrator'),
    ]);
    const hit = dayHit(snapshot, list, {
      ...common,
      audience,
      factsOn: (day) => ({ ...meetingFactsOn(snapshot, meeting, day), ...attendanceCounts(meeting) }),
    });
    if (hit) hits.push(hit);
  }
  return hits;
}

/** Meeting and person, each escaped, so no two pairs share an id. */
function invitationId(meeting: Meeting, invitation: Invitation): string {
  return `${encodeURIComponent(meeting.id)}/${encodeURIComponent(invitation.personId)}`;
}

/** `2026-11-26T100000Z`: the start instant without the characters keys would have to escape. */
function compactInstant(instant: Date): string {
  return instant.toISOString().replace(/:|\.\d{3}/g, '');
}

/**
 * Who chairs or leads each kind of meeting when none is named: the committee Chair the
 * Consideration Meeting (001 §4, §5) and the screening meeting that stands for it (000); the Review
 * Team Chair its meetings (001 Appendix 2); the Reviewer the events, the workshop and the briefing
 * (001 Appendix 1–2, 000: the facilitator); the Lead Officer anything else.
 */
const CHAIR_BY_KIND: Record<MeetingKind, Role> = {
  consideration_meeting: 'committee_chair',
  screening_meeting: 'committee_chair',
  review_team_meeting: 'review_team_chair',
  practitioner_event: 'reviewer',
  strategic_managers_event: 'reviewer',
  learning_workshop: 'reviewer',
  briefing: 'reviewer',
  other: 'lead_officer',
};

function chairOf(review: Review, meeting: Meeting): Audience[] {
  const role = CHAIR_BY_KIND[meeting.kind];
  return meeting.chairPersonId ? [personAudience(review, meeting.chairPersonId, role)] : roleAudience(review, role);
}

/** Everyone invited except those who said they will not come. */
function attendeesOf(review: Review, meeting: Meeting): Audience[] {
  return meeting.invitations
    .filter((invitation) => invitation.response !== 'not_attending')
    .map((invitation) => personAudience(review, invitation.personId, 'practitioner'));
}

/** The answers so far; for a Practitioner Event, also whether its list is outside the usual 15–20 (004). */
function attendanceCounts(meeting: Meeting) {
  const count = (response: Invitation['response']) =>
    meeting.invitations.filter((invitation) => invitation.response === response).length;
  const size = practitionerEventSize(meeting);
  return {
    invited: meeting.invitations.length,
    attending: count('attending'),
    notAttending: count('not_attending'),
    tentative: count('tentative'),
    noAnswer: count(null),
    ...(size ? { eventSizeAdvice: size.advice, usualMin: size.min, usualMax: size.max } : {}),
  };
}
