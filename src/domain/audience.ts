/**
 * Who a reminder goes to: roles resolved to the review's members. A role nobody holds still
 * appears, as `{ role, personId: null }`, so the sender can report the gap instead of going quiet.
 */
import type { Audience, Review, Role } from './model';

export function roleAudience(review: Review, ...roles: Role[]): Audience[] {
  return roles.flatMap((role): Audience[] => {
    const holders = review.members.filter((member) => member.role === role);
    return holders.length > 0
      ? holders.map((member) => ({ role, personId: member.personId }))
      : [{ role, personId: null }];
  });
}

/** A named person, with the role they hold in this review (or `fallback` if they are not a member). */
export function personAudience(review: Review, personId: string, fallback: Role): Audience {
  const member = review.members.find((candidate) => candidate.personId === personId);
  return { role: member?.role ?? fallback, personId };
}

/** Drops repeats of the same person in the same role, keeping the first. */
export function uniqueAudience(audience: readonly Audience[]): Audience[] {
  const seen = new Set<string>();
  return audience.filter((entry) => {
    const id = `${entry.role}\u0000${entry.personId ?? ''}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
