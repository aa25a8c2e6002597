/**
 * Is a queued reminder still worth sending? The sender asks just before it writes to someone:
 * between the sweep that queued a reminder and the moment it goes out, the report may have been
 * submitted, the meeting cancelled or moved, or the review decided. A reminder that no longer
 * holds is recorded as superseded, with the reason, and never sent.
 *
 * Pure: the review as it stands now, the reminder as it was queued (its rule, subject and the
 * facts it carries), and the instant of sending.
 */
import { isPausedAt } from './clock-pauses';
import { CONCERN_ALERT_RULE } from './concern-alert';
import type { Meeting, ReminderIntent, Review } from './model';
import { MEETING_CANCELLED_RULE } from './reminder-rules/meeting-reminders';
import { REPORT_RECEIVED_RULE, REPORT_REQUESTED_RULE } from './report-notices';

export const SUPERSEDED_REASONS = [
  'review-closed',
  'review-decided',
  'review-moved-on',
  'clock-paused',
  'report-submitted',
  'report-withdrawn',
  'report-due-date-changed',
  'meeting-cancelled',
  'meeting-reinstated',
  'meeting-held',
  'meeting-moved',
  'meeting-started',
  'invitation-answered',
  'invitation-withdrawn',
  'milestone-done',
  'template-chosen',
  'action-closed',
] as const;
export type SupersededReason = (typeof SUPERSEDED_REASONS)[number];

export type ReminderCurrency = { current: true } | { current: false; reason: SupersededReason };

/** What the check reads of a queued reminder. */
export type QueuedReminder = Pick<ReminderIntent, 'rule' | 'subject' | 'facts'>;

const CURRENT: ReminderCurrency = { current: true };
const superseded = (reason: SupersededReason): ReminderCurrency => ({ current: false, reason });

/** Rules the engine holds back while the review's clock is paused (meetings and actions carry on). */
const HELD_WHILE_PAUSED = /^(deadline42|report|milestone|review\.timescale)\./;
/** A report's request card and the notice that it arrived are not reminders of a date: a pause holds neither. */
const NOT_HELD: ReadonlySet<string> = new Set([REPORT_REQUESTED_RULE, REPORT_RECEIVED_RULE]);

export function reminderCurrency(review: Review, reminder: QueuedReminder, now: Date): ReminderCurrency {
  // A live safeguarding concern is passed on whatever the review's state.
  if (reminder.rule === CONCERN_ALERT_RULE) return CURRENT;
  // A meeting cancelled with its review is still told to its invitees: the review's end is why.
  if ((review.status === 'closed' || review.status === 'cancelled') && reminder.rule !== MEETING_CANCELLED_RULE)
    return superseded('review-closed');
  if (reminder.rule.startsWith('deadline42.') && (review.decision !== null || review.status !== 'decision_stage'))
    return superseded('review-decided');
  if (HELD_WHILE_PAUSED.test(reminder.rule) && !NOT_HELD.has(reminder.rule) && isPausedAt(review.pauses, now))
    return superseded('clock-paused');

  const { type, id } = reminder.subject;
  switch (type) {
    case 'report_request':
      return reportCurrency(review, id, reminder);
    case 'meeting':
      return meetingCurrency(
        review.meetings.find((m) => m.id === id),
        reminder,
        now,
      );
    case 'invitation':
      return invitationCurrency(review, id, reminder, now);
    case 'milestone': {
      const record = review.milestones.find((m) => m.stepId === id);
      if (record && (record.completedAt !== null || record.skipped)) return superseded('milestone-done');
      // A governance duty holds until it is recorded, whatever the stage; a late step while the
      // review or its closing steps run.
      if (reminder.rule.startsWith('duty.')) return CURRENT;
      return review.status === 'in_review' || review.status === 'improvement' ? CURRENT : superseded('review-moved-on');
    }
    case 'review':
      if (reminder.rule === 'review.template-missing')
        return review.reviewTemplateId === null ? CURRENT : superseded('template-chosen');
      if (reminder.rule.startsWith('review.timescale'))
        return review.status === 'in_review' ? CURRENT : superseded('review-moved-on');
      return CURRENT;
    case 'improvement_action': {
      const action = review.improvementActions.find((a) => a.id === id);
      return action?.status === 'open' ? CURRENT : superseded('action-closed');
    }
    case 'decision_deadline':
      return CURRENT;
  }
}

function reportCurrency(review: Review, id: string, reminder: QueuedReminder): ReminderCurrency {
  const request = review.reportRequests.find((r) => r.id === id);
  if (!request || request.status === 'withdrawn') return superseded('report-withdrawn');
  // The Lead Officer hears of every version that arrives.
  if (reminder.rule === REPORT_RECEIVED_RULE) return CURRENT;
  if (request.status === 'submitted') return superseded('report-submitted');
  const queuedFor = reminder.facts.originalDueOn;
  if (typeof queuedFor === 'string' && queuedFor !== request.dueOn) return superseded('report-due-date-changed');
  return CURRENT;
}

function meetingCurrency(meeting: Meeting | undefined, reminder: QueuedReminder, now: Date): ReminderCurrency {
  if (!meeting || meeting.status === 'cancelled') return superseded('meeting-cancelled');
  if (meeting.status === 'held') return superseded('meeting-held');
  const queuedFor = reminder.facts.meetingStartsAt;
  if (typeof queuedFor === 'string' && queuedFor !== meeting.startsAt.toISOString()) return superseded('meeting-moved');
  if (now >= meeting.startsAt) return superseded('meeting-started');
  return CURRENT;
}

/** Invitation ids are `meeting/person`, each part percent-encoded (see meeting-reminders.ts). */
function invitationCurrency(review: Review, id: string, reminder: QueuedReminder, now: Date): ReminderCurrency {
  const [meetingPart, personPart] = id.split('/');
  const meetingId = decodeURIComponent(meetingPart ?? '');
  const personId = decodeURIComponent(personPart ?? '');
  const meeting = review.meetings.find((m) => m.id === meetingId);
  if (reminder.rule === MEETING_CANCELLED_RULE) return cancellationCurrency(meeting, personId, now);
  const meetingVerdict = meetingCurrency(meeting, reminder, now);
  if (!meetingVerdict.current) return meetingVerdict;
  const invitation = meeting?.invitations.find((i) => i.personId === personId);
  if (!invitation) return superseded('invitation-withdrawn');
  return invitation.response === null ? CURRENT : superseded('invitation-answered');
}

/**
 * The notice that a meeting is cancelled holds while it stays cancelled and is still to come, for
 * an invitee still invited who had not declined.
 */
function cancellationCurrency(meeting: Meeting | undefined, personId: string, now: Date): ReminderCurrency {
  if (!meeting) return superseded('invitation-withdrawn');
  if (meeting.status !== 'cancelled') return superseded('meeting-reinstated');
  if (now >= meeting.startsAt) return superseded('meeting-started');
  const invitation = meeting.invitations.find((i) => i.personId === personId);
  if (!invitation) return superseded('invitation-withdrawn');
  return invitation.response === 'not_attending' ? superseded('invitation-answered') : CURRENT;
}
