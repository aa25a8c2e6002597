/**
 * A meeting as an iCalendar (.ics) file, made with the `ics` library: times in UTC, so every
 * calendar shows them in its own zone. The event is named by the meeting's kind, the review's
 * reference and its pseudonym, never by the meeting's free-text title, which could identify someone.
 * The library is loaded when the first file is asked for (a few milliseconds, once), not at start.
 * A cancelled meeting's file is a cancellation (`METHOD:CANCEL`, `STATUS:CANCELLED`) with the same
 * UID and a higher sequence, so that opening it takes the event out of a calendar that imported it.
 */
import type { Meeting, MeetingKind, Review } from '../domain';
import { NotFoundError, type Store } from '../store';
import { checkCalendarLink, signCalendarLink } from './signed-links';

const KIND_WORDS: Record<MeetingKind, string> = {
  screening_meeting: 'Screening meeting',
  consideration_meeting: 'Consideration Meeting',
  review_team_meeting: 'Review Team Meeting',
  learning_workshop: 'Learning workshop',
  practitioner_event: 'Practitioner Event',
  strategic_managers_event: 'Strategic Managers Event',
  briefing: 'Briefing for attendees',
  other: 'Meeting',
};

/** A meeting without an end is put in the diary for an hour. */
const DEFAULT_MINUTES = 60;
/** A link works until a week after the meeting starts, and for at least a week from when it was made. */
const LINK_DAYS = 7;
const DAY_MS = 86_400_000;

export const meetingKindWords = (kind: MeetingKind): string => KIND_WORDS[kind];

/** Sequence numbers count seconds from here, so a file made later supersedes one made earlier. */
const SEQUENCE_EPOCH_MS = Date.UTC(2020, 0, 1);

export async function meetingCalendarFile(
  meeting: Meeting,
  review: Pick<Review, 'reference' | 'subjectPseudonym'>,
  now: Date,
): Promise<string> {
  const { createEvent } = await import('ics');
  const ends = meeting.endsAt ?? new Date(meeting.startsAt.getTime() + DEFAULT_MINUTES * 60_000);
  const cancelled = meeting.status === 'cancelled';
  const { error, value } = createEvent({
    productId: 'learning-review-bot',
    method: cancelled ? 'CANCEL' : 'PUBLISH',
    uid: `${meeting.id}@learning-review-bot`,
    // A file fetched after a change (moved, cancelled) must supersede what a calendar imported before.
    sequence: Math.max(0, Math.floor((now.getTime() - SEQUENCE_EPOCH_MS) / 1000)),
    start: meeting.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: ends.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: `${KIND_WORDS[meeting.kind]}: ${review.reference} (${review.subjectPseudonym})`,
    description: `Learning Review ${review.reference}.`,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    classification: 'CONFIDENTIAL',
  });
  if (error || value === null) throw error ?? new Error('The calendar file could not be made');
  return value;
}

export function meetingCalendarLink(
  settings: { publicUrl: string; calendarLinkSecret: string },
  tenantId: string,
  meeting: Pick<Meeting, 'id' | 'startsAt'>,
  now: Date,
): string {
  const expiresAt = new Date(Math.max(meeting.startsAt.getTime(), now.getTime()) + LINK_DAYS * DAY_MS);
  return signCalendarLink(
    settings.publicUrl,
    settings.calendarLinkSecret,
    { tenantId, meetingId: meeting.id },
    expiresAt,
  );
}

export interface CalendarFileRequest {
  tenantId: string;
  /** The last part of the path: `<meeting id>.ics`. */
  file: string;
  expires?: string;
  signature?: string;
}

export type CalendarFileResponse = { status: 200; body: string } | { status: 403 | 404 | 410; body: { error: string } };

/** Answers a request for a calendar file: the signature and expiry first, then the meeting in its tenant. */
export function calendarFileResponder(store: Store, secret: string, now: () => Date) {
  return async (request: CalendarFileRequest): Promise<CalendarFileResponse> => {
    const meetingId = request.file.endsWith('.ics') ? request.file.slice(0, -'.ics'.length) : '';
    const check = checkCalendarLink(
      secret,
      { tenantId: request.tenantId, meetingId },
      request.expires,
      request.signature,
      now(),
    );
    if (!check.ok) {
      return check.reason === 'expired'
        ? { status: 410, body: { error: 'This calendar link has expired. Ask the bot for the meeting again.' } }
        : { status: 403, body: { error: 'This calendar link is not valid.' } };
    }
    try {
      const meeting = await store.meetings.get(request.tenantId, meetingId);
      const review = await store.reviews.load(request.tenantId, meeting.reviewId);
      return { status: 200, body: await meetingCalendarFile(meeting, review, now()) };
    } catch (error) {
      if (error instanceof NotFoundError) return { status: 404, body: { error: 'This meeting no longer exists.' } };
      throw error;
    }
  };
}
