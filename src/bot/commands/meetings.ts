/**
 * Meetings (Consideration Meeting, screening, Review Team Meeting, briefing, Practitioner Event,
 * Strategic Managers Event, workshop, other): `meet` books one with its start, end, venue or online
 * link and invitees, and queues their invitations; `move` and `cancel-meeting` change it, and each
 * queues what the invitees are told (the new date, or that it is cancelled). Each answer links the
 * meeting's calendar file. Scheduling is the lead officers' and the administrator's.
 */
import { DateTime } from 'luxon';
import {
  dueReminders,
  MEETING_CANCELLED_RULE,
  type MeetingKind,
  practitionerEventSize,
  PRACTITIONER_EVENT_SIZE,
  type ReminderIntent,
  type Review,
} from '../../domain';
import type { ScheduledMeeting } from '../../store';
import { meetingKindWords } from '../calendar-file';
import type { CommandDefinition } from '../command-router';
import { CommandProblem } from '../command-router';
import { findNamed, type NamedPerson, peopleListed, sayNamed } from '../name-people';
import { readDateAtStart } from '../read-date';
import { commandForm, reviewAnswer, SCHEDULERS } from '../review-answers';
import { stepsOf } from '../review-steps';
import { sayDayAndTime } from '../say-date';
import type { BotTurnContext } from '../turn-context';

const MEET_USAGE =
  'meet LR-2026-001 consideration 27/11/2026 10:00 at Room 2, John Muir House with me, jo.bloggs@nhs.scot';
const MOVE_USAGE = 'move LR-2026-001 consideration 1/12/2026 14:00';
const CANCEL_USAGE = 'cancel-meeting LR-2026-001 consideration';

/** A meeting without an end or a length given is put in the diary for an hour. */
const DEFAULT_MINUTES = 60;

const KIND_WORDS: Record<string, MeetingKind> = {
  consideration: 'consideration_meeting',
  'consideration-meeting': 'consideration_meeting',
  screening: 'screening_meeting',
  'screening-meeting': 'screening_meeting',
  'review-team': 'review_team_meeting',
  'review-team-meeting': 'review_team_meeting',
  briefing: 'briefing',
  practitioner: 'practitioner_event',
  'practitioner-event': 'practitioner_event',
  strategic: 'strategic_managers_event',
  'strategic-managers-event': 'strategic_managers_event',
  workshop: 'learning_workshop',
  'learning-workshop': 'learning_workshop',
  other: 'other',
};
const KINDS_TYPED =
  'consideration, screening, review-team, briefing, practitioner-event, strategic-managers-event, workshop or other';

function readKind(word: string): MeetingKind {
  const kind = KIND_WORDS[word.toLowerCase()];
  if (!kind) throw new CommandProblem(`The kind of meeting is one of: ${KINDS_TYPED}.`);
  return kind;
}

interface When {
  startsAt: Date;
  endsAt: Date | null;
  rest: string;
}

const UNTIL = /\s+(?:until|to|-)\s*(\d{1,2})[:.](\d{2})\b/i;
const LENGTH = /\s+for\s+(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?)\b/i;

/**
 * `27/11/2026 10:00`, then optionally `until 12:00` or `for 2 hours`; the start must be ahead. The
 * end is taken out before the date is read, so the date reader never sees a range.
 */
function readWhen(ctx: BotTurnContext, typed: string): When {
  const until = UNTIL.exec(typed);
  const length = LENGTH.exec(typed);
  const end = until ?? length;
  const withoutEnd = end ? `${typed.slice(0, end.index)} ${typed.slice(end.index + end[0].length)}` : typed;
  const reading = readDateAtStart(withoutEnd, ctx.now(), ctx.timeZone, 'future');
  if (!reading.ok) throw new CommandProblem(reading.problem);
  const { value } = reading;
  if (!value.hasTime) throw new CommandProblem('Give the time it starts too, such as 27/11/2026 10:00.');
  if (value.instant <= ctx.now()) {
    throw new CommandProblem(`A meeting is booked ahead: ${sayDayAndTime(value.instant, ctx.timeZone)} has passed.`);
  }
  let endsAt: Date | null = null;
  if (until) {
    const ends = DateTime.fromJSDate(value.instant, { zone: ctx.timeZone }).set({
      hour: Number(until[1]),
      minute: Number(until[2]),
    });
    if (!ends.isValid || ends.toJSDate() <= value.instant) {
      throw new CommandProblem('A meeting cannot end before it starts: give the time it ends, such as until 12:00.');
    }
    endsAt = ends.toJSDate();
  } else if (length) {
    const minutes = Number(length[1]) * (length[2].toLowerCase().startsWith('h') ? 60 : 1);
    if (minutes <= 0 || minutes > 24 * 60) throw new CommandProblem('A meeting lasts between a minute and a day.');
    endsAt = new Date(value.instant.getTime() + minutes * 60_000);
  }
  return { startsAt: value.instant, endsAt, rest: value.rest };
}

/** `at Room 2, John Muir House` or `at https://...`: a venue, or a link to join online. */
function readPlace(typed: string): { venue: string | null; onlineLink: string | null } {
  if (typed === '') return { venue: null, onlineLink: null };
  const at = /^at\s+(.+)$/i.exec(typed);
  if (!at) throw new CommandProblem('Say where after "at": a venue, or a link to join online.');
  const place = at[1].trim();
  return /^https?:\/\//i.test(place) ? { venue: null, onlineLink: place } : { venue: place, onlineLink: null };
}

/** Splits `... with me, jo.bloggs@nhs.scot` into what comes before and the people named. */
function splitWith(ctx: BotTurnContext, typed: string): { before: string; people: string[] } {
  const match = /(?:^|\s)with\s+(.+)$/i.exec(typed);
  if (!match) return { before: typed.trim(), people: [] };
  return { before: typed.slice(0, match.index).trim(), people: peopleListed(match[1], ctx.mentions) };
}

/** The template step a new meeting of this kind fulfils: the first not done, skipped or already booked. */
function stepFor(ctx: BotTurnContext, review: Review, kind: MeetingKind): string | null {
  const booked = new Set(review.meetings.filter((m) => m.status !== 'cancelled').map((m) => m.stepId));
  const recorded = new Set(review.milestones.filter((m) => m.completedAt !== null || m.skipped).map((m) => m.stepId));
  const step = stepsOf(ctx, review).find((s) => s.meetingKind === kind && !booked.has(s.id) && !recorded.has(s.id));
  return step?.id ?? null;
}

/** The booked meeting a line names: by kind (the next one of that kind) or by its step. */
function meetingNamed(review: Review, typed: string, now: Date) {
  const word = typed.toLowerCase();
  const scheduled = review.meetings.filter((m) => m.status === 'scheduled');
  const byStep = scheduled.find((m) => m.stepId === word);
  if (byStep) return byStep;
  const kind = readKind(word);
  const ofKind = scheduled.filter((m) => m.kind === kind).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const found = ofKind.find((m) => m.startsAt >= now) ?? ofKind[ofKind.length - 1];
  if (!found) {
    throw new CommandProblem(`${review.reference} has no ${meetingKindWords(kind)} booked. Book one with meet.`);
  }
  return found;
}

/**
 * Queues what the engine says is due now under `rule` for this meeting's invitees (the invitations
 * of each invitee and start, or the notice that it is cancelled), each with the facts the command
 * adds; returns every such intent, new or already queued (a sweep may have been first).
 */
async function queueForInvitees(
  ctx: BotTurnContext,
  reviewId: string,
  meeting: ScheduledMeeting,
  rule: string,
  extraFacts: ReminderIntent['facts'],
): Promise<ReminderIntent[]> {
  const review = await ctx.store.reviews.load(ctx.tenantId, reviewId);
  const prefix = `${encodeURIComponent(meeting.id)}/`;
  const intents = dueReminders(review, ctx.engine, ctx.now())
    .filter((intent) => intent.rule === rule && intent.subject.id.startsWith(prefix))
    .map((intent) => ({ ...intent, facts: { ...intent.facts, ...extraFacts } }));
  for (const intent of intents) await ctx.queueReminder(intent);
  return intents;
}

/**
 * Queues the invitations the engine says are due for this meeting (each invitee, each start), with
 * everything an invitation card needs: kind, start and end, whether there is a venue or a link, and
 * who organised it. Venue and link themselves stay in the meeting's record (free text, one to one).
 */
async function queueInvitations(ctx: BotTurnContext, reviewId: string, meeting: ScheduledMeeting): Promise<void> {
  await queueForInvitees(ctx, reviewId, meeting, 'meeting.invitation', {
    meetingEndsAt: (meeting.endsAt ?? meeting.startsAt).toISOString(),
    hasVenue: meeting.venue != null,
    hasOnlineLink: meeting.onlineLink != null,
    organiserPersonId: ctx.person.id,
  });
}

/**
 * Queues the notice that `meeting` is cancelled for each invitee who had not declined, with who
 * cancelled it; returns every such notice (one per invitee told).
 */
export function tellOfCancellation(
  ctx: BotTurnContext,
  reviewId: string,
  meeting: ScheduledMeeting,
): Promise<ReminderIntent[]> {
  return queueForInvitees(ctx, reviewId, meeting, MEETING_CANCELLED_RULE, { cancelledByPersonId: ctx.person.id });
}

/** How many of the invited are told of a cancellation, and why the others are not. */
function toldOfCancellation(meeting: ScheduledMeeting, told: number, now: Date): string {
  const invited = meeting.invitations.length;
  if (invited === 0) return 'Nobody was invited, so nobody is told.';
  if (meeting.startsAt <= now) return `Nobody is told: it was to start before now (${invited} invited).`;
  const declined = meeting.invitations.filter((i) => i.response === 'not_attending').length;
  const why = declined === 0 ? '' : `; ${declined} had said they would not come`;
  return `Telling ${told} of the ${invited} invited, one to one${why}. Each gets a file that takes it out of their calendar.`;
}

function meetingDates(ctx: BotTurnContext, meeting: Pick<ScheduledMeeting, 'startsAt' | 'endsAt'>) {
  const ends = meeting.endsAt ?? meeting.startsAt;
  return [
    { label: 'Starts', when: sayDayAndTime(meeting.startsAt, ctx.timeZone) },
    { label: 'Ends', when: sayDayAndTime(ends, ctx.timeZone) },
  ];
}

function placeLines(meeting: Pick<ScheduledMeeting, 'venue' | 'onlineLink'>): string[] {
  const lines: string[] = [];
  if (meeting.venue) lines.push(`Where: ${meeting.venue}`);
  if (meeting.onlineLink) lines.push(`Join online: ${meeting.onlineLink}`);
  if (lines.length === 0) lines.push('Where: not given yet');
  return lines;
}

/** A gentle word when a Practitioner Event's list is outside the usual 15 to 20 (004). */
function sizeNote(meeting: ScheduledMeeting): string[] {
  const size = practitionerEventSize(meeting);
  if (!size?.advice) return [];
  const { min, max } = PRACTITIONER_EVENT_SIZE;
  const invited = `${size.invited} ${size.invited === 1 ? 'person is' : 'people are'} invited so far`;
  return size.advice === 'fewer-than-usual'
    ? [`A Practitioner Event usually has ${min} to ${max} people, and ${invited}: you may want to invite more voices.`]
    : [
        `A Practitioner Event usually has ${min} to ${max} people, and ${invited}: a smaller group may talk more openly.`,
      ];
}

export const meetCommand: CommandDefinition = {
  name: 'meet',
  usage: MEET_USAGE,
  summary:
    'Books a meeting (consideration, screening, review-team, briefing, practitioner-event, strategic-managers-event, workshop, other) and invites people.',
  menu: ['personal'],
  requires: SCHEDULERS,
  actsOnReview: true,
  work: 'book_meeting',
  form: () => commandForm('meet', 'Book a meeting', MEET_USAGE),
  async run(ctx, { args, review }) {
    const [kindWord, ...restWords] = args.split(' ');
    const kind = readKind(kindWord);
    const { before, people } = splitWith(ctx, restWords.join(' '));
    const when = readWhen(ctx, before);
    const place = readPlace(when.rest);
    const named: NamedPerson[] = [];
    for (const typed of people) named.push(await findNamed(ctx, typed));
    const endsAt = when.endsAt ?? new Date(when.startsAt.getTime() + DEFAULT_MINUTES * 60_000);
    let meeting = await ctx.store.meetings.schedule(ctx.tenantId, ctx.person.id, review!.id, {
      kind,
      title: meetingKindWords(kind),
      stepId: stepFor(ctx, review!, kind),
      startsAt: when.startsAt,
      endsAt,
      venue: place.venue,
      onlineLink: place.onlineLink,
    });
    const invitees = [...new Set(named.flatMap((n) => (n.found ? [n.person.id] : [])))];
    if (invitees.length > 0)
      meeting = await ctx.store.meetings.invite(ctx.tenantId, ctx.person.id, meeting.id, invitees);
    await queueInvitations(ctx, review!.id, meeting);
    const invited = named.filter((n) => n.found).map(sayNamed);
    const missed = named.filter((n) => !n.found).map((n) => `Not invited: ${sayNamed(n)}`);
    return reviewAnswer(review!, `${meetingKindWords(kind)} booked`, {
      dates: meetingDates(ctx, meeting),
      details: [
        ...placeLines(meeting),
        invited.length > 0 ? `Invited: ${invited.join('; ')}` : 'Invited: nobody yet (add people with "with")',
        ...missed,
      ],
      notes: sizeNote(meeting),
      calendarUrl: ctx.calendarLink(meeting),
    });
  },
};

export const moveCommand: CommandDefinition = {
  name: 'move',
  usage: MOVE_USAGE,
  summary: 'Moves a booked meeting to a new date and time (and, with "at", a new venue or link).',
  requires: SCHEDULERS,
  actsOnReview: true,
  work: 'move_meeting',
  form: () => commandForm('move', 'Move a meeting', MOVE_USAGE),
  async run(ctx, { args, review }) {
    const [which, ...restWords] = args.split(' ');
    const meeting = meetingNamed(review!, which, ctx.now());
    const when = readWhen(ctx, restWords.join(' '));
    const place = when.rest === '' ? {} : readPlace(when.rest);
    const length = (meeting.endsAt ?? meeting.startsAt).getTime() - meeting.startsAt.getTime();
    const endsAt = when.endsAt ?? new Date(when.startsAt.getTime() + (length > 0 ? length : DEFAULT_MINUTES * 60_000));
    const moved = await ctx.store.meetings.reschedule(ctx.tenantId, ctx.person.id, meeting.id, {
      startsAt: when.startsAt,
      endsAt,
      ...place,
    });
    await queueInvitations(ctx, review!.id, moved);
    return reviewAnswer(review!, `${meetingKindWords(moved.kind)} moved`, {
      dates: [...meetingDates(ctx, moved), { label: 'Was', when: sayDayAndTime(meeting.startsAt, ctx.timeZone) }],
      details: [...placeLines(moved), `Invited: ${moved.invitations.length} (each is sent the new date)`],
      calendarUrl: ctx.calendarLink(moved),
    });
  },
};

export const cancelMeetingCommand: CommandDefinition = {
  name: 'cancel-meeting',
  usage: CANCEL_USAGE,
  summary: 'Cancels a booked meeting and tells everyone invited who had not declined, one to one.',
  requires: SCHEDULERS,
  actsOnReview: true,
  form: () => commandForm('cancel-meeting', 'Cancel a meeting', CANCEL_USAGE),
  async run(ctx, { args, review }) {
    if (args === '') throw new CommandProblem('Say which meeting, such as consideration.');
    const meeting = meetingNamed(review!, args.split(' ')[0], ctx.now());
    const cancelled = await ctx.store.meetings.setStatus(ctx.tenantId, ctx.person.id, meeting.id, 'cancelled');
    // Each invitee who had not declined is told, one to one, with who cancelled it.
    const told = await tellOfCancellation(ctx, review!.id, cancelled);
    return reviewAnswer(review!, `${meetingKindWords(cancelled.kind)} cancelled`, {
      dates: [{ label: 'Was to start', when: sayDayAndTime(cancelled.startsAt, ctx.timeZone) }],
      details: [toldOfCancellation(cancelled, told.length, ctx.now())],
      calendarUrl: ctx.calendarLink(cancelled),
    });
  },
};
