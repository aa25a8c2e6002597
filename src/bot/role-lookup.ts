/**
 * Who holds which role: committee-wide (lead officers, the committee Chair, the Sub-group, ...) and in
 * one review (the review's members). A seam: the interim lookup below reads lead officers from the
 * LEAD_OFFICERS setting and the committee's other roles from the store; the committee's own set-up
 * replaces it when it arrives.
 */
import {
  COMMITTEE_ROLES as DOMAIN_COMMITTEE_ROLES,
  type CommitteeRole as DomainCommitteeRole,
  type Role,
} from '../domain';
import type { Person, Store } from '../store';

export const COMMITTEE_ROLES = DOMAIN_COMMITTEE_ROLES;
export type CommitteeRole = DomainCommitteeRole;

export interface RoleLookup {
  committeeRolesOf(tenantId: string, person: Person): Promise<ReadonlySet<CommitteeRole>>;
  reviewRolesOf(tenantId: string, personId: string, reviewId: string): Promise<ReadonlySet<Role>>;
  /** Who to ask for a committee role: display names, or e-mail addresses of people not met yet. */
  holdersOf(tenantId: string, role: CommitteeRole): Promise<string[]>;
}

/**
 * Lead officers are the people named in LEAD_OFFICERS (Entra object ids or e-mail addresses, lower
 * case) and those the store holds as the committee's; the other committee roles are the store's.
 */
export function interimRoleLookup(store: Store, leadOfficers: readonly string[]): RoleLookup {
  // An entry with an @ is an e-mail address; anything else is an Entra object id.
  const emails = leadOfficers.filter((entry) => entry.includes('@'));
  const objectIds = leadOfficers.filter((entry) => !entry.includes('@'));
  const isLeadOfficer = (person: Person) =>
    (person.aadObjectId !== null && objectIds.includes(person.aadObjectId.toLowerCase())) ||
    (person.email !== null && emails.includes(person.email.toLowerCase()));

  return {
    async committeeRolesOf(tenantId, person) {
      const held = new Set<CommitteeRole>(await store.committeeRoles.rolesOf(tenantId, person.id));
      if (isLeadOfficer(person)) held.add('lead_officer');
      return held;
    },

    async reviewRolesOf(tenantId, personId, reviewId) {
      const memberships = await store.people.membershipsOf(tenantId, personId);
      return new Set(memberships.filter((m) => m.reviewId === reviewId).map((m) => m.role));
    },

    async holdersOf(tenantId, role) {
      const stored = (await store.committeeRoles.list(tenantId)).filter((member) => member.role === role);
      const holders = await Promise.all(stored.map((member) => store.people.get(tenantId, member.personId)));
      const names = holders.map((p) => p.displayName);
      if (role !== 'lead_officer') return names;
      const known = await store.people.findByIdentities(tenantId, { aadObjectIds: objectIds, emails });
      const knownEmails = new Set(known.map((p) => p.email?.toLowerCase()));
      const storedIds = new Set(stored.map((member) => member.personId));
      return [
        ...names,
        ...known.filter((p) => !storedIds.has(p.id)).map((p) => p.displayName),
        ...emails.filter((e) => !knownEmails.has(e)),
      ];
    },
  };
}
