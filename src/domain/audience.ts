/**
 * Who a reminder goes to: roles resolved to people. Committee-wide roles (the committee Chair, the
 * Public Protection Manager, the Sub-group, administrators) come from the committee's own holders;
 * per-review roles from the review's members. The lead officer is the review's own when it has
 * one, else the committee's lead officers. A role nobody holds still appears, as
 * `{ role, personId: null }`, so the sender can report the gap instead of going quiet.
 */
import type { Audience, Review } from './model';
import { isCommitteeRole, type Role } from './roles';

function holders(review: Review, role: Role): string[] {
  if (role === 'lead_officer') {
    const own = review.members.filter((member) => member.role === 'lead_officer').map((member) => member.personId);
    if (own.length > 0) return own;
  }
  if (isCommitteeRole(role))
    return review.committeeMembers.filter((member) => member.role === role).map((member) => member.personId);
  return review.members.filter((member) => member.role === role).map((member) => member.personId);
}

export function roleAudience(review: Review, ...roles: Role[]): Audience[] {
  return roles.flatMap((role): Audience[] => {
    const people = holders(review, role);
    return people.length > 0 ? people.map((personId) => ({ role, personId })) : [{ role, personId: null }];
  });
}

/**
 * A named person, with the role they hold in this review or the committee (or `fallback` if they
 * hold none of these).
 */
export function personAudience(review: Review, personId: string, fallback: Role): Audience {
  const member =
    review.members.find((candidate) => candidate.personId === personId) ??
    review.committeeMembers.find((candidate) => candidate.personId === personId);
  return { role: member?.role ?? fallback, personId };
}

/** Someone who takes part in this review only as a practitioner: never chased, never escalated about. */
export function isOnlyPractitioner(review: Review, personId: string): boolean {
  const roles = review.members.filter((member) => member.personId === personId).map((member) => member.role);
  return roles.length > 0 && roles.every((role) => role === 'practitioner');
}

/** Drops repeats of the same person, keeping the first (a person holding two roles gets one message). */
export function uniqueAudience(audience: readonly Audience[]): Audience[] {
  const seen = new Set<string>();
  return audience.filter((entry) => {
    const id = entry.personId === null ? `role\u0000${entry.role}` : `person\u0000${entry.personId}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
