/**
 * The Practitioner Event is usually 15 to 20 people (004: "The total number in attendance is likely
 * to be 15-20"). An invitation list outside that range is not wrong, but worth a gentle word to
 * whoever is inviting: too few voices, or too many for an open discussion.
 */
import type { Meeting } from './model';

export const PRACTITIONER_EVENT_SIZE = { min: 15, max: 20 } as const;

export type EventSizeAdvice = 'fewer-than-usual' | 'more-than-usual';

export interface PractitionerEventSize {
  /** Everyone on the invitation list, whatever they answered. */
  invited: number;
  min: number;
  max: number;
  /** Null when the list is within the usual range. */
  advice: EventSizeAdvice | null;
}

/** For a Practitioner Event, its invitation list against the usual size; null for any other meeting. */
export function practitionerEventSize(meeting: Pick<Meeting, 'kind' | 'invitations'>): PractitionerEventSize | null {
  if (meeting.kind !== 'practitioner_event') return null;
  const invited = meeting.invitations.length;
  const { min, max } = PRACTITIONER_EVENT_SIZE;
  return {
    invited,
    min,
    max,
    advice: invited < min ? 'fewer-than-usual' : invited > max ? 'more-than-usual' : null,
  };
}
