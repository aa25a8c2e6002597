/**
 * `meeting LR-2026-001 consideration`: who answered what to one of a review's meetings, for its
 * organiser (the lead officer) and those who chair the review's meetings (the Review Team Chair, the
 * reviewer who facilitates its events). The meeting is named by its kind ("consideration",
 * "practitioner", "briefing"...) or left out when the review has one meeting to come. One to one it
 * names each invitee and their answer; a group chat or channel sees the counts only.
 */
import type { Meeting, Review } from '../../domain';
import { attendanceCard } from '../attendance-list';
import { meetingKindWords } from '../calendar-file';
import { CommandProblem, type CommandDefinition } from '../command-router';
import { answer } from '../present-card';
import { isShared } from '../scope-rules';

export const ATTENDANCE_READERS = {
  // The committee Chair chairs the Consideration Meeting (001 §4).
  committee: ['lead_officer', 'committee_chair'],
  review: ['lead_officer', 'review_team_chair', 'reviewer'],
} as const;

const matches = (meeting: Meeting, words: string) =>
  words.split(' ').every((word) => meetingKindWords(meeting.kind).toLowerCase().includes(word));

/** The meeting the words name: the next one to come of that kind, else the latest. */
function meetingNamed(review: Review, words: string, now: Date): Meeting {
  const live = review.meetings.filter((m) => m.status !== 'cancelled');
  const named = words === '' ? live : live.filter((m) => matches(m, words.toLowerCase()));
  const upcoming = named.filter((m) => m.startsAt >= now).sort((a, b) => +a.startsAt - +b.startsAt);
  const chosen = words === '' ? (upcoming.length === 1 ? upcoming[0] : undefined) : (upcoming[0] ?? named.at(-1));
  if (chosen) return chosen;
  const kinds = [...new Set(live.map((m) => meetingKindWords(m.kind).toLowerCase().split(' ')[0]))];
  if (kinds.length === 0) throw new CommandProblem(`${review.reference} has no meetings booked.`);
  throw new CommandProblem(
    words === ''
      ? `Say which meeting of ${review.reference}: ${kinds.join(', ')}.`
      : `${review.reference} has no meeting of that kind. It has: ${kinds.join(', ')}.`,
  );
}

export const meetingCommand: CommandDefinition = {
  name: 'meeting',
  usage: 'meeting LR-2026-001 consideration',
  summary: "Who has answered a review's meeting invitations, and what (names one to one only).",
  requires: ATTENDANCE_READERS,
  actsOnReview: true,
  form: () => answer('reference-form', { command: 'meeting' }),
  async run(ctx, { review, args }) {
    const words = args.trim().toLowerCase();
    const meeting = meetingNamed(review!, words, ctx.now());
    return attendanceCard(ctx.store, ctx.tenantId, ctx.timeZone, meeting, review!, {
      withNames: !isShared(ctx.scope),
      detailsCommand: `meeting ${review!.reference} ${words}`.trim(),
    });
  },
};
